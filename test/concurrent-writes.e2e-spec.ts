import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { seedItems } from './support/items.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 10, defect 1: a bureau writing at once. With a pool of 5, 100 unit users' writes at the
 * same moment must all be answered: nothing inside a transaction may wait for a second pooled
 * connection (that deadlocks once every connection is held by a transaction waiting for another).
 * When the pool really is exhausted, a request answers 503 within the acquire timeout instead of
 * hanging.
 */

const POOL_SIZE = 5;
// Generous: on a loaded machine 100 requests may queue for seconds on 5 connections; a deadlock never ends.
const ACQUIRE_TIMEOUT_MS = 30_000;
// The exhaustion test's own app answers 503 after this.
const SHORT_ACQUIRE_TIMEOUT_MS = 1000;
const UNITS = 4;
const USERS_PER_UNIT = 5;
const ITEMS_PER_USER = 5;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

interface Writer {
  id: string;
  token: string;
  items: string[];
}

let t: TestApp;
let call: Call;
let writers: Writer[];
let managerTokens: string[];

type Call = (method: string, path: string, token: string | null, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** Requests to the app at `base` that give up (and so fail the test) rather than wait for ever on a stuck server. */
function client(base: string): Call {
  return async (method, path, token, body) => {
    const form = body instanceof FormData;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !form ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}

async function listen(app: TestApp): Promise<Call> {
  await app.app.listen(0, '127.0.0.1');
  return client(`http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`);
}

beforeAll(async () => {
  t = await startTestApp({
    env: { DATABASE_POOL_SIZE: String(POOL_SIZE), DATABASE_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) },
  });
  call = await listen(t);
  const admin = t.as(await t.login(ADMIN.username, ADMIN.password));
  writers = [];
  managerTokens = [];
  for (let u = 0; u < UNITS; u++) {
    const unit = await admin.post('/api/v1/units').send({ code: `L${u}`, name: `负载单位${u}` });
    expect(unit.status).toBe(201);
    const user = async (username: string, role: 'unit_staff' | 'unit_manager') => {
      const password = `${username}-Pass-2026`;
      const res = await admin.post('/api/v1/users').send({ username, password, displayName: username, role, unitId: unit.body.id });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, token: await t.login(username, password) };
    };
    managerTokens.push((await user(`mgr${u}`, 'unit_manager')).token);
    for (let s = 0; s < USERS_PER_UNIT; s++) {
      const staff = await user(`staff${u}_${s}`, 'unit_staff');
      const items = await seedItems(
        t.dataSource,
        Array.from({ length: ITEMS_PER_USER }, (_, i) => ({
          title: `事项${u}-${s}-${i}`,
          unitId: unit.body.id as string,
          ownerId: staff.id,
          deadline: '2026-09-30',
          // item 3 is started in the mixed burst, item 4 submitted
          status: i === 3 ? ('pending' as const) : ('in_progress' as const),
        })),
      );
      writers.push({ ...staff, items });
    }
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('concurrent writes on a small pool', () => {
  it('answers 100 concurrent progress reports by unit users on a pool of 5, and /health stays 200', async () => {
    const requests = writers.flatMap((w) =>
      w.items.map((itemId, i) => call('POST', `/api/v1/items/${itemId}/progress`, w.token, { note: `并发报送第${i}条`, percent: 10 + i })),
    );
    expect(requests).toHaveLength(100);
    const answers = await Promise.all(requests);
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM item_progress_updates`);
    expect(count).toBe(100);
    const [{ audits }] = await t.dataSource.query<{ audits: number }[]>(
      `SELECT count(*)::int AS audits FROM audit_entries WHERE action = 'item.progress'`,
    );
    expect(audits).toBe(100);
    expect((await call('GET', '/health', null)).status).toBe(200);
  }, 90_000);

  it('answers a concurrent mix of transitions, evidence, extensions, edits and progress', async () => {
    // Every item has a progress report from the test above, so the submits meet their precondition.
    const form = (name: string) => {
      const f = new FormData();
      f.append('file', new Blob([PNG], { type: 'image/png' }), name);
      return f;
    };
    const requests: Promise<{ label: string; status: number; body: unknown }>[] = [];
    const labelled = (label: string, p: Promise<{ status: number; body: unknown }>) => requests.push(p.then((r) => ({ label, ...r })));
    for (const w of writers) {
      const [a, b, c, d, e] = w.items;
      labelled('progress', call('POST', `/api/v1/items/${a}/progress`, w.token, { note: '混合报送' }));
      labelled('evidence', call('POST', `/api/v1/items/${b}/evidence`, w.token, form('佐证.png')));
      labelled('extension', call('POST', `/api/v1/items/${c}/extensions`, w.token, { newDeadline: '2026-12-31', reason: '需要延期' }));
      labelled('start', call('POST', `/api/v1/items/${d}/transitions`, w.token, { action: 'start' }));
      labelled('submit', call('POST', `/api/v1/items/${e}/transitions`, w.token, { action: 'submit', explanation: '已整改完毕' }));
    }
    // Unit managers reassign items of their unit (PATCH checks scope inside its transaction too).
    for (const [u, token] of managerTokens.entries()) {
      const w = writers[u * USERS_PER_UNIT];
      const [{ version }] = await t.dataSource.query<{ version: number }[]>(`SELECT version FROM rectification_items WHERE id = $1`, [
        w.items[1],
      ]);
      labelled('assign', call('PATCH', `/api/v1/items/${w.items[1]}`, token, { ownerId: w.id, version }));
    }
    const answers = await Promise.all(requests);
    const expected: Record<string, number> = { progress: 201, evidence: 201, extension: 201, start: 200, submit: 200, assign: 200 };
    const wrong = answers.filter((a) => a.status !== expected[a.label]).map((a) => ({ label: a.label, status: a.status, body: a.body }));
    expect(wrong).toEqual([]);
    expect((await call('GET', '/health', null)).status).toBe(200);
  }, 90_000);
});

describe('a progress report in one statement', () => {
  it('writes and answers what the transaction wrote before: the row, the percent, a version bump and the audit entry', async () => {
    const w = writers[1];
    const itemId = w.items[2];
    const [before] = await t.dataSource.query<{ version: number }[]>(`SELECT version FROM rectification_items WHERE id = $1`, [itemId]);
    const res = await call('POST', `/api/v1/items/${itemId}/progress`, w.token, { note: '  已完成车辆清查  ', percent: 60 });
    expect(res.status).toBe(201);
    const body = res.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['authorId', 'createdAt', 'id', 'itemId', 'note', 'percent']);
    expect(body).toMatchObject({ itemId, authorId: w.id, note: '已完成车辆清查', percent: 60 });
    const [row] = await t.dataSource.query<{ id: string; created_at: Date }[]>(
      `SELECT id, created_at FROM item_progress_updates WHERE id = $1`,
      [body.id],
    );
    expect(new Date(body.createdAt as string).toISOString()).toBe(row.created_at.toISOString());
    const [item] = await t.dataSource.query<{ version: number; progress_percent: number }[]>(
      `SELECT version, progress_percent FROM rectification_items WHERE id = $1`,
      [itemId],
    );
    expect(item).toEqual({ version: before.version + 1, progress_percent: 60 });
    const audits = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT actor_id, actor_name, actor_role, action, entity_type, entity_id, subject_id, before, after, request_id
         FROM audit_entries WHERE entity_id = $1`,
      [body.id],
    );
    expect(audits).toEqual([
      {
        actor_id: w.id,
        actor_name: 'staff0_1',
        actor_role: 'unit_staff',
        action: 'item.progress',
        entity_type: 'progress_update',
        entity_id: body.id,
        subject_id: itemId,
        before: null,
        after: body,
        request_id: expect.any(String),
      },
    ]);

    // Without a percent: the item is not touched.
    const plain = await call('POST', `/api/v1/items/${itemId}/progress`, w.token, { note: '继续推进' });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ percent: null });
    const [after] = await t.dataSource.query<{ version: number }[]>(`SELECT version FROM rectification_items WHERE id = $1`, [itemId]);
    expect(after.version).toBe(before.version + 1);
  });

  it('refuses a report on a closed item (409) and on an item out of scope (404), writing nothing', async () => {
    const w = writers[2];
    const other = writers[USERS_PER_UNIT * 2];
    await t.dataSource.query(`UPDATE rectification_items SET status = 'closed' WHERE id = $1`, [w.items[0]]);
    const [{ n: n0 }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_entries`);
    const closed = await call('POST', `/api/v1/items/${w.items[0]}/progress`, w.token, { note: '已销号' });
    expect(closed).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    const outside = await call('POST', `/api/v1/items/${other.items[0]}/progress`, w.token, { note: '他单位' });
    expect(outside).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const [{ n: n1 }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_entries`);
    expect(n1).toBe(n0);
  });
});

describe('an exhausted pool', () => {
  let small: TestApp;
  let callSmall: Call;
  let staff: { id: string; token: string };
  let itemId: string;

  beforeAll(async () => {
    small = await startTestApp({
      env: { DATABASE_POOL_SIZE: String(POOL_SIZE), DATABASE_ACQUIRE_TIMEOUT_MS: String(SHORT_ACQUIRE_TIMEOUT_MS) },
    });
    callSmall = await listen(small);
    const admin = small.as(await small.login(ADMIN.username, ADMIN.password));
    const unit = await admin.post('/api/v1/units').send({ code: 'X', name: '池满单位' });
    const password = 'poolStaff-Pass-2026';
    const user = await admin
      .post('/api/v1/users')
      .send({ username: 'poolStaff', password, displayName: '池满', role: 'unit_staff', unitId: unit.body.id });
    expect(user.status).toBe(201);
    staff = { id: user.body.id, token: await small.login('poolStaff', password) };
    [itemId] = await seedItems(small.dataSource, [{ title: '池满事项', unitId: unit.body.id, ownerId: staff.id, deadline: '2026-09-30' }]);
  }, 120_000);

  afterAll(async () => {
    await small?.close();
  });

  it('answers 503 DATABASE_BUSY within the acquire timeout when every pooled connection is held, and recovers', async () => {
    // Hold every connection of the app's own pool in a transaction.
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    let allHeld!: () => void;
    const heldAll = new Promise<void>((resolve) => (allHeld = resolve));
    const holders = Array.from({ length: POOL_SIZE }, () =>
      small.dataSource.transaction(async (m) => {
        await m.query('SELECT 1');
        if (++held === POOL_SIZE) allHeld();
        await holding;
        await m.query('SELECT pg_sleep(0.05)');
      }),
    );
    await heldAll;
    try {
      const started = Date.now();
      const res = await callSmall('POST', `/api/v1/items/${itemId}/progress`, staff.token, { note: '连接池已满' });
      const elapsed = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_BUSY' });
      expect((res.body as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
      // Generous: the acquire timeout plus scheduling noise on a loaded machine, far from a hang.
      expect(elapsed).toBeLessThan(SHORT_ACQUIRE_TIMEOUT_MS + 8000);
    } finally {
      release();
      await Promise.all(holders);
    }
    expect((await callSmall('GET', '/health', null)).status).toBe(200);
    const again = await callSmall('POST', `/api/v1/items/${itemId}/progress`, staff.token, { note: '连接池恢复' });
    expect(again.status).toBe(201);
  }, 60_000);
});
