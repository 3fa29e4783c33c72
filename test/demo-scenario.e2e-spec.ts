import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { calendarDateIn } from '../src/common/dates.js';
import { DEMO_PASSWORD, seedDemoScenario, type DemoSummary } from '../src/cli/demo-scenario.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/** The demo scenario is seeded through the public API only: it is also a walk over the whole contract. */
describe('demo scenario', () => {
  let t: TestApp;
  let summary: DemoSummary;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-20T02:00:00Z' });
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    summary = await seedDemoScenario(base.replace('[::1]', '127.0.0.1'), ADMIN, calendarDateIn(t.clock.now(), 'Asia/Shanghai'));
  }, 240_000);
  afterAll(async () => {
    await t.close();
  });

  it('seeds 30 units under the bureau with findings and items in every status', () => {
    expect(summary.units).toBe(31);
    expect(summary.findings).toBeGreaterThanOrEqual(30);
    for (const status of ['pending', 'in_progress', 'submitted', 'closed']) expect(summary.byStatus[status]).toBeGreaterThan(0);
    expect(Object.values(summary.byStatus).reduce((a, b) => a + b, 0)).toBe(summary.items);
  });

  it('matches what the database holds', async () => {
    const rows: { status: string; n: number }[] = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM rectification_items GROUP BY status`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.status, r.n]))).toEqual(summary.byStatus);
    const [{ n: measures }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM measures`);
    expect(measures).toBe(53);
  });

  it('has overdue items and an approved extension that kept the original deadline', async () => {
    const office = await t.login('office', DEMO_PASSWORD);
    const overdue = await t.as(office).get('/api/v1/items?overdue=true&pageSize=200');
    expect(overdue.status).toBe(200);
    expect(overdue.body.total).toBeGreaterThan(0);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM item_extensions WHERE status = 'approved'`);
    expect(n).toBeGreaterThan(0);
    const moved = await t.dataSource.query(`SELECT 1 FROM rectification_items WHERE deadline <> original_deadline`);
    expect(moved.length).toBe(n);
  });

  it('keeps each unit manager inside its own unit', async () => {
    const mgr = await t.login('mgr01', DEMO_PASSWORD);
    const res = await t.as(mgr).get('/api/v1/items?pageSize=200');
    expect(res.status).toBe(200);
    const me = await t.as(mgr).get('/api/v1/auth/me');
    expect(res.body.data.length).toBeGreaterThan(0);
    for (const item of res.body.data) expect(item.responsibleUnitId).toBe(me.body.unitId);
  });
});
