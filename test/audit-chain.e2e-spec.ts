import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Actor } from '../src/common/actor.js';
import { AuditService, type AuditVerification } from '../src/modules/audit/audit.service.js';
import { seedOrg, type Org } from './support/org.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The audit trail is a hash chain: GET /audit/verify walks it and names the first broken link.
 * Tampering is done as the database owner with the append-only triggers disabled, as an attacker
 * with the owner's password would; each case is undone afterwards and the chain is intact again.
 */
describe('tamper-evident audit chain', () => {
  let t: TestApp;
  let org: Org;
  let owner: pg.Client;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    owner = new pg.Client({ connectionString: t.databaseUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  /** Verify until no entry waits for a transaction still running (other test databases share xids). */
  async function verify(): Promise<AuditVerification> {
    for (let i = 0; i < 100; i++) {
      const res = await t.as(org.adminToken).get('/api/v1/audit/verify');
      expect(res.status).toBe(200);
      if (res.body.pending === 0) return res.body as AuditVerification;
      await sleep(100);
    }
    throw new Error('audit entries stayed pending');
  }

  /** Run SQL as the owner with the append-only (and, if asked, the stamping) triggers off. */
  async function tamper(sql: string, params: unknown[] = [], triggers = ['audit_entries_no_update_delete']): Promise<void> {
    await owner.query('BEGIN');
    for (const trigger of triggers) await owner.query(`ALTER TABLE ${tableOf(trigger)} DISABLE TRIGGER ${trigger}`);
    await owner.query(sql, params);
    for (const trigger of triggers) await owner.query(`ALTER TABLE ${tableOf(trigger)} ENABLE TRIGGER ${trigger}`);
    await owner.query('COMMIT');
  }
  const tableOf = (trigger: string) => (trigger.startsWith('audit_seals') ? 'audit_seals' : 'audit_entries');

  async function entryAt(position: number): Promise<string> {
    const { rows } = await owner.query(`SELECT entry_id::text AS id FROM audit_seals WHERE position = $1`, [position]);
    return rows[0].id as string;
  }

  it('is for the admin only, and says the chain is intact with its length', async () => {
    expect((await t.as(org.users.office.token).get('/api/v1/audit/verify')).status).toBe(403);
    expect((await t.as(org.users.managerA.token).get('/api/v1/audit/verify')).status).toBe(403);
    const v = await verify();
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM audit_entries`);
    expect(rows[0].n).toBeGreaterThan(10);
    expect(v).toMatchObject({ intact: true, sealed: rows[0].n, pending: 0, broken: null, head: { position: rows[0].n } });
    expect(v.head?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(v.message).toContain(`${rows[0].n} 条已封存`);
  });

  it('names an entry whose content was altered, whether or not its hash was recomputed', async () => {
    const id = await entryAt(3);
    const { rows } = await owner.query(`SELECT after FROM audit_entries WHERE id = $1`, [id]);
    const original = rows[0].after;

    await tamper(`UPDATE audit_entries SET after = after || '{"name": "伪造"}' WHERE id = $1`, [id]);
    let v = await verify();
    expect(v.intact).toBe(false);
    expect(v.broken).toMatchObject({ position: 3, entryId: id, problem: 'content_changed' });
    expect(v.message).toContain(`#${id}`);

    // A forger who knows the hash function recomputes the entry's hash: the seal still disagrees.
    await tamper(`UPDATE audit_entries e SET content_hash = audit_content_hash(e) WHERE id = $1`, [id]);
    v = await verify();
    expect(v.broken).toMatchObject({ position: 3, entryId: id, problem: 'seal_mismatch' });

    await tamper(`UPDATE audit_entries e SET after = $2 WHERE id = $1`, [id, original]);
    await tamper(`UPDATE audit_entries e SET content_hash = audit_content_hash(e) WHERE id = $1`, [id]);
    expect((await verify()).intact).toBe(true);

    // Only the actor, say: still named.
    await tamper(`UPDATE audit_entries SET actor_name = 'someone' WHERE id = $1`, [id]);
    expect((await verify()).broken).toMatchObject({ position: 3, entryId: id, problem: 'content_changed' });
    await tamper(`UPDATE audit_entries SET actor_name = 'admin' WHERE id = $1`, [id]);
    expect((await verify()).intact).toBe(true);
  });

  it('names a deleted entry, and the gap when its link is deleted too', async () => {
    const id = await entryAt(5);
    await owner.query(`CREATE TEMP TABLE saved_entry AS SELECT * FROM audit_entries WHERE id = $1`.replace('$1', String(Number(id))));
    await owner.query(`CREATE TEMP TABLE saved_seal AS SELECT * FROM audit_seals WHERE position = 5`);

    await tamper(`DELETE FROM audit_entries WHERE id = $1`, [id]);
    let v = await verify();
    expect(v.broken).toMatchObject({ position: 5, entryId: id, problem: 'entry_deleted' });
    expect(v.broken?.message).toContain('已被删除');

    await tamper(`DELETE FROM audit_seals WHERE position = 5`, [], ['audit_seals_no_update_delete']);
    v = await verify();
    expect(v.broken).toMatchObject({ position: 6, problem: 'positions_missing' });
    expect(v.broken?.message).toContain('第 5–5 位缺失');

    await tamper(`INSERT INTO audit_seals SELECT * FROM saved_seal`, [], []);
    await tamper(`INSERT INTO audit_entries OVERRIDING SYSTEM VALUE SELECT * FROM saved_entry`, [], ['audit_entries_stamp']);
    expect((await verify()).intact).toBe(true);
  });

  it('names a link whose previous hash was rewritten', async () => {
    await tamper(`UPDATE audit_seals SET prev_hash = repeat('f', 64) WHERE position = 4`, [], ['audit_seals_no_update_delete']);
    expect((await verify()).broken).toMatchObject({ position: 4, problem: 'link_broken' });
    await tamper(
      `UPDATE audit_seals SET prev_hash = (SELECT hash FROM audit_seals WHERE position = 3) WHERE position = 4`,
      [],
      ['audit_seals_no_update_delete'],
    );
    expect((await verify()).intact).toBe(true);
  });

  it('names a forged entry slipped in among sealed ones, even with a correct content hash', async () => {
    const { rows } = await owner.query(`SELECT entry_tx_id::text AS tx FROM audit_seals WHERE position = 2`);
    const forged = '900000001';
    await tamper(
      `INSERT INTO audit_entries (id, actor_name, actor_role, action, entity_type, entity_id, after, tx_id, content_hash, created_at)
       OVERRIDING SYSTEM VALUE VALUES ($1, 'admin', 'admin', 'unit.delete', 'unit', $2, '{}', $3, repeat('0', 64), '2026-06-01T00:00:00Z')`,
      [forged, org.units.b, rows[0].tx],
      ['audit_entries_stamp'],
    );
    await tamper(`UPDATE audit_entries e SET content_hash = audit_content_hash(e) WHERE id = $1`, [forged]);
    const v = await verify();
    expect(v.broken).toMatchObject({ position: null, entryId: forged, problem: 'entry_not_in_chain' });
    await tamper(`DELETE FROM audit_entries WHERE id = $1`, [forged]);
    expect((await verify()).intact).toBe(true);
  });

  it('chains concurrent writers exactly once each, whatever their commit order, rolled-back entries leaving no hole', async () => {
    const audit = t.app.get(AuditService);
    const actor: Actor = { id: org.users.office.id, username: 'office1', role: 'office', unitId: null };
    const { rows: before } = await owner.query(`SELECT count(*)::int AS n FROM audit_entries`);
    const writers = 16;
    const transactions = 96;
    let next = 0;
    let committed = 0;
    let writing = true;
    // Later ids commit first: each transaction sleeps a varying while between its two entries and
    // its commit; every fourth rolls back. Meanwhile the chain is sealed over and over.
    const writer = async () => {
      while (next < transactions) {
        const i = next++;
        await t.dataSource
          .transaction(async (m) => {
            await audit.record(m, actor, { action: 'chain.concurrent', entityType: 'unit', entityId: randomUUID(), after: { i } });
            await m.query(`SELECT pg_sleep($1)`, [((i * 7) % 5) / 100]);
            await audit.record(m, actor, {
              action: 'chain.concurrent',
              entityType: 'unit',
              entityId: randomUUID(),
              after: { i, second: true },
            });
            if (i % 4 === 0) throw new Error('rolled back on purpose');
          })
          .then(
            () => committed++,
            (e: Error) => expect(e.message).toBe('rolled back on purpose'),
          );
      }
    };
    const sealer = async () => {
      while (writing) await audit.seal();
    };
    const sealing = sealer();
    await Promise.all(Array.from({ length: writers }, writer));
    writing = false;
    await sealing;

    expect(committed).toBe(transactions - transactions / 4);
    const v = await verify();
    expect(v).toMatchObject({ intact: true, pending: 0, sealed: before[0].n + 2 * committed });
    const { rows } = await owner.query(
      `SELECT count(*)::int AS entries, count(DISTINCT s.position)::int AS linked
       FROM audit_entries e JOIN audit_seals s ON s.entry_id = e.id WHERE e.action = 'chain.concurrent'`,
    );
    expect(rows[0]).toEqual({ entries: 2 * committed, linked: 2 * committed });
  });
});

describe('audit chain sealing in the worker', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      role: 'all',
      env: { AUDIT_SEAL_EVERY_MS: '1000', FOLLOW_UP_SCHEDULE_ENABLED: 'false', REPORTS_SCHEDULE_ENABLED: 'false' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('links new entries into the chain on its own, without anyone verifying', async () => {
    const admin = t.as(await t.login(ADMIN.username, ADMIN.password));
    for (const code of ['S1', 'S2', 'S3']) expect((await admin.post('/api/v1/units').send({ code, name: `单位${code}` })).status).toBe(201);
    const counts = async () => {
      const [row] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM audit_entries) AS entries, (SELECT count(*)::int FROM audit_seals) AS sealed`,
      );
      return row as { entries: number; sealed: number };
    };
    let c = await counts();
    for (let i = 0; i < 300 && c.sealed < c.entries; i++) {
      await sleep(100);
      c = await counts();
    }
    expect(c.entries).toBeGreaterThanOrEqual(3);
    expect(c.sealed).toBe(c.entries);
  });
});
