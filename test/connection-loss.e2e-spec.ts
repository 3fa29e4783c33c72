import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 10, defect 17: the demo's seeding died on a 500 `QueryRunnerAlreadyReleasedError` when the
 * connection a transaction held emitted an error (the server terminated it). Such a request must
 * answer 503 (nothing was written, try again) without taking the process down, and the pool must
 * hand out working connections afterwards.
 */

let t: TestApp;
let org: Org;
let itemId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await seedOrg(t);
  [itemId] = await seedItems(t.dataSource, [{ title: '连接中断测试', unitId: org.units.a, deadline: '2026-09-30' }]);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

/** The backend of this test's database that waits on a lock (the app's transaction), once it does. */
async function waitingBackend(): Promise<number> {
  for (;;) {
    const rows = await t.dataSource.query<{ pid: number }[]>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows.length) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a connection lost inside a transaction', () => {
  it('answers 503 SERVICE_UNAVAILABLE, writes nothing, and the next requests are served', async () => {
    const office = t.as(org.users.office.token);
    const [{ version }] = await t.dataSource.query<{ version: number }[]>(`SELECT version FROM rectification_items WHERE id = $1`, [
      itemId,
    ]);
    // Hold the item's row so that the app's edit waits inside its transaction.
    const holder: QueryRunner = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM rectification_items WHERE id = $1 FOR UPDATE`, [itemId]);
    const edit = office
      .patch(`/api/v1/items/${itemId}`)
      .send({ title: '改名', version })
      .then((r) => r);
    try {
      const pid = await waitingBackend();
      const [{ terminated }] = await t.dataSource.query<{ terminated: boolean }[]>(`SELECT pg_terminate_backend($1) AS terminated`, [pid]);
      expect(terminated).toBe(true);
      const res = await edit;
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const [item] = await t.dataSource.query<{ title: string; version: number }[]>(
      `SELECT title, version FROM rectification_items WHERE id = $1`,
      [itemId],
    );
    expect(item).toEqual({ title: '连接中断测试', version });

    // The process is alive and its pool serves again: a burst of requests, then the same edit.
    const reads = await Promise.all(Array.from({ length: 30 }, () => office.get(`/api/v1/items/${itemId}`)));
    expect(reads.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect((await t.http().get('/health')).status).toBe(200);
    const again = await office.patch(`/api/v1/items/${itemId}`).send({ title: '改名', version });
    expect(again.status).toBe(200);
  }, 60_000);
});
