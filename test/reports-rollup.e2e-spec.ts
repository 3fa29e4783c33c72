import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The aggregate reports read maintained rollups (report_item_rollup, report_month_rollup) unless a
 * deadline range is given, which reads the items directly. A range covering every possible deadline
 * selects the same items, so each report asked both ways must answer identically — after items are
 * created, moved through their lifecycle, extended, edited and deleted, with today before and after
 * the rollups' anchor day.
 */
describe('report rollups equal the direct computation over the items', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  const findings: string[] = [];
  const items: { id: string; unit: string }[] = [];
  const url = (path: string) => `/api/v1${path}`;
  // Deadlines are validated to years 1900–2199 (IsCalendarDate), so this range covers every item.
  const ALL_DEADLINES = 'from=1900-01-01&to=2199-12-31';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], [org.units.a1]]);
    const office = t.as(org.users.office.token);
    const specs: [string, number, number[], string][] = [
      [org.units.a, 0, [1, 2], '作风建设'],
      [org.units.b, 1, [2, 3], '中央八项规定精神'],
      [org.units.a1, 2, [5], '作风建设'],
      [org.units.a, 0, [7, 1], '选人用人'],
    ];
    for (const [unitId, g, measures, category] of specs) {
      const res = await office.post(url('/findings')).send({
        inspectionId: round.roundId,
        unitId,
        groupId: round.groupIds[g],
        batchId: round.batchIds[g],
        category,
        description: `问题${findings.length + 1}`,
        measureIds: measures.map((n) => plan.measuresByNumber[n]),
      });
      expect(res.status).toBe(201);
      findings.push(res.body.id as string);
    }
    const deadlines = ['2026-05-01', '2026-06-10', '2026-06-15', '2026-06-16', '2026-06-20', '2026-07-31', '2026-09-30', '2027-01-15'];
    const types = ['immediate', 'time_limited', 'long_term'];
    for (let k = 0; k < 24; k++) {
      const f = k % findings.length;
      const unit = specs[f][0];
      const res = await office.post(url('/items')).send({
        findingId: findings[f],
        title: `事项${k}`,
        actions: '整改措施',
        responsibleUnitId: unit,
        deadline: deadlines[k % deadlines.length],
        rectificationType: types[k % 3],
      });
      expect(res.status).toBe(201);
      items.push({ id: res.body.id as string, unit });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const move = async (id: string, action: string, token = org.users.office.token, extra: Record<string, unknown> = {}) => {
    const res = await t
      .as(token)
      .post(url(`/items/${id}/transitions`))
      .send({ action, ...extra });
    if (res.status !== 200) throw new Error(`${action} ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  const ENDPOINTS = [
    'overview',
    ...['unit', 'batch', 'group', 'measure', 'feedbackProblem', 'category', 'type', 'month'].map((g) => `closure?groupBy=${g}`),
    'measures',
    'coverage',
    'overdue?pageSize=500',
  ];

  /** Every report, for several callers and filters, from the rollups and directly. */
  async function expectRollupEqualsDirect(): Promise<number> {
    const filters = [
      '',
      `unitId=${org.units.a}`,
      'type=long_term',
      `measureId=${plan.measuresByNumber[2]}`,
      `feedbackProblemId=${Object.values(plan.problemsByCode)[0]}`,
      `batchId=${round.batchIds[0]}`,
      `inspectionId=${round.roundId}`,
    ];
    let compared = 0;
    for (const token of [org.users.office.token, org.users.managerA.token, org.users.managerB.token]) {
      for (const endpoint of ENDPOINTS) {
        for (const filter of filters) {
          const sep = endpoint.includes('?') ? '&' : '?';
          const path = `/api/v1/reports/${endpoint}${filter ? `${sep}${filter}` : ''}`;
          const rolled = await t.as(token).get(path);
          const direct = await t.as(token).get(`${path}${path.includes('?') ? '&' : '?'}${ALL_DEADLINES}`);
          expect({ path, status: rolled.status, body: rolled.status === 200 ? null : rolled.body }).toEqual({
            path,
            status: 200,
            body: null,
          });
          expect({ path, body: rolled.body }).toEqual({ path, body: direct.body });
          compared++;
        }
      }
    }
    return compared;
  }

  it('right after creation (today before the anchor day of the migration)', async () => {
    const overview = (await t.as(org.users.office.token).get(url('/reports/overview'))).body;
    expect(overview).toMatchObject({ total: 24, pending: 24, overdue: 6, dueSoon: 9 });
    expect(await expectRollupEqualsDirect()).toBe(3 * ENDPOINTS.length * 7);
  });

  it('after transitions, closures, a reject and a reopen, an approved extension, an edit and a delete', async () => {
    for (const k of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) await move(items[k].id, 'start', org.users.office.token);
    const managerOf = (unit: string) =>
      unit === org.units.a ? org.users.managerA.token : unit === org.units.a1 ? org.users.managerA1.token : org.users.managerB.token;
    for (const k of [0, 1, 2, 3, 4, 5]) {
      const token = managerOf(items[k].unit);
      expect(
        (
          await t
            .as(token)
            .post(url(`/items/${items[k].id}/progress`))
            .send({ note: `进展${k}`, percent: 100 })
        ).status,
      ).toBe(201);
      await move(items[k].id, 'submit', token, { explanation: '已完成整改，书面说明附后' });
    }
    for (const k of [0, 1, 2, 3]) await move(items[k].id, 'approve');
    await move(items[4].id, 'reject', org.users.office.token, { reason: '材料不全' });
    await move(items[0].id, 'reopen', org.users.office.token, { reason: '问题反弹' });
    const managerA = t.as(org.users.managerA.token);
    const target = items.find((i, k) => k > 9 && i.unit === org.units.a)!;
    const ext = await managerA.post(url(`/items/${target.id}/extensions`)).send({ newDeadline: '2026-12-31', reason: '需待上级批复' });
    expect(ext.status).toBe(201);
    expect(
      (
        await t
          .as(org.users.office.token)
          .post(url(`/extensions/${ext.body.id}/decision`))
          .send({ approve: true })
      ).status,
    ).toBe(200);
    const edited = items[12];
    const version = (await t.as(org.users.office.token).get(url(`/items/${edited.id}`))).body.version as number;
    // An edit of uncounted columns only: the rollups must stay as they are.
    const patch = await t
      .as(org.users.office.token)
      .patch(url(`/items/${edited.id}`))
      .send({ title: '改标题', version });
    expect(patch.status).toBe(200);
    await t.dataSource.query(`DELETE FROM rectification_items WHERE id = $1`, [items[23].id]);
    await expectRollupEqualsDirect();
  });

  it('as days pass (today after the anchor), and after the daily snapshot re-anchors', async () => {
    t.clock.set(new Date('2026-12-20T02:00:00Z'));
    await expectRollupEqualsDirect();
    const snap = await t.as(org.users.office.token).post(url('/reports/snapshots'));
    expect(snap.status).toBe(200);
    const anchor = await t.dataSource.query(`SELECT anchor::text AS anchor FROM report_rollup_state`);
    expect(anchor).toEqual([{ anchor: '2026-12-20' }]);
    await move(items[10].id, 'start');
    t.clock.set(new Date('2026-06-15T02:00:00Z'));
    await expectRollupEqualsDirect();
    const [raw] = await t.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('pending', 'in_progress') AND deadline < '2026-06-15')::int AS overdue FROM rectification_items`,
    );
    expect((await t.as(org.users.office.token).get(url('/reports/overview'))).body).toMatchObject(raw);
  });
});
