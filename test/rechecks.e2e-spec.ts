import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { recordFinding } from './support/unit-plans.js';

/** 17:00Z on 2026-06-15 is 01:00 on the 16th in Asia/Shanghai. */
const NOW = '2026-06-15T17:00:00Z';

describe('回头看: closed items revisited; a failed one reopens its item as a rebound and counts', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  const ids: Record<string, string> = {};
  const office = () => t.as(org.users.office.token);

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
    const finding = (unitId: string, k: 0 | 1) =>
      recordFinding(t, org.users.office.token, {
        inspectionId: round.roundId,
        unitId,
        groupId: round.groupIds[k],
        batchId: round.batchIds[k],
        description: '回头看测试问题',
        measureIds: [plan.measuresByNumber[46]],
      });
    const fa = await finding(org.units.a, 0);
    const fb = await finding(org.units.b, 1);
    const item = async (key: string, findingId: string, unitId: string, closed: boolean) => {
      const res = await office()
        .post('/api/v1/items')
        .send({ findingId, title: key, responsibleUnitId: unitId, deadline: '2026-06-30', rectificationType: 'time_limited' });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
      if (closed) {
        await t.dataSource.query(
          `UPDATE rectification_items SET status = 'closed', closed_at = now(), closed_on = '2026-06-10' WHERE id = $1`,
          [ids[key]],
        );
      }
    };
    await item('closedA1', fa, org.units.a, true);
    await item('closedA2', fa, org.units.a, true);
    await item('openA', fa, org.units.a, false);
    await item('closedB', fb, org.units.b, true);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the office schedules re-checks of closed items only, by id or for a whole round, once per item', async () => {
    expect(
      (
        await t
          .as(org.users.managerA.token)
          .post('/api/v1/rechecks')
          .send({ itemIds: [ids.closedA1], dueDate: '2026-09-30' })
      ).status,
    ).toBe(403);
    const open = await office()
      .post('/api/v1/rechecks')
      .send({ itemIds: [ids.closedA1, ids.openA], dueDate: '2026-09-30' });
    expect(open.status).toBe(400);
    expect(open.body.message).toContain(ids.openA);
    expect((await office().post('/api/v1/rechecks').send({ dueDate: '2026-09-30' })).status).toBe(400);
    const one = await office()
      .post('/api/v1/rechecks')
      .send({ itemIds: [ids.closedA1], dueDate: '2026-09-30' });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ scheduled: 1, skipped: 0 });
    ids.recheckA1 = one.body.data[0].id;
    expect(
      (
        await office()
          .post('/api/v1/rechecks')
          .send({ itemIds: [ids.closedA1], dueDate: '2026-09-30' })
      ).status,
    ).toBe(409);
    const all = await office().post('/api/v1/rechecks').send({ inspectionId: round.roundId, dueDate: '2026-09-30' });
    expect(all.body).toMatchObject({ scheduled: 2, skipped: 1 });
    const byItem = Object.fromEntries((all.body.data as { id: string; itemId: string }[]).map((r) => [r.itemId, r.id]));
    ids.recheckA2 = byItem[ids.closedA2];
    ids.recheckB = byItem[ids.closedB];
  });

  it('a failed 回头看 needs a note, reopens the item through the lifecycle (reason = note) and counts as a rebound', async () => {
    expect((await office().post(`/api/v1/rechecks/${ids.recheckA1}/result`).send({ held: false })).status).toBe(400);
    expect((await t.as(org.users.managerA.token).post(`/api/v1/rechecks/${ids.recheckA1}/result`).send({ held: true })).status).toBe(403);
    const res = await office().post(`/api/v1/rechecks/${ids.recheckA1}/result`).send({ held: false, note: '公车私用问题再次出现RB1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rebound', statusLabel: '问题反弹', note: '公车私用问题再次出现RB1' });
    const item = await office().get(`/api/v1/items/${ids.closedA1}`);
    expect(item.body).toMatchObject({ status: 'in_progress', closedAt: null });
    const history = await office().get(`/api/v1/items/${ids.closedA1}/history`);
    const reopen = (history.body as { action: string; after: { reason?: string } }[]).find((e) => e.action === 'item.reopen');
    expect(reopen?.after.reason).toBe('公车私用问题再次出现RB1');
    expect((await office().post(`/api/v1/rechecks/${ids.recheckA1}/result`).send({ held: true })).status).toBe(409);
    expect((await office().post(`/api/v1/rechecks/${ids.recheckA2}/result`).send({ held: true })).status).toBe(200);
    expect((await office().post(`/api/v1/rechecks/${ids.recheckB}/result`).send({ held: true })).status).toBe(200);
    expect((await office().get(`/api/v1/items/${ids.closedA2}`)).body.status).toBe('closed');

    const report = await office().get('/api/v1/reports/rebounds');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ rechecked: 3, rebounds: 1, reboundRate: 1 / 3, scheduled: 0 });
    expect(report.body.units).toEqual([
      { unitId: org.units.a, unitName: '甲单位', rechecked: 2, rebounds: 1, reboundRate: 0.5 },
      { unitId: org.units.b, unitName: '乙单位', rechecked: 1, rebounds: 0, reboundRate: 0 },
    ]);
  });

  it('scoped: a unit sees its own re-checks and rebound figures only', async () => {
    const mb = t.as(org.users.managerB.token);
    expect((await mb.get(`/api/v1/rechecks/${ids.recheckA1}`)).status).toBe(404);
    const list = await mb.get(`/api/v1/rechecks?unitId=${org.units.a}`);
    expect(list.body.total).toBe(0);
    const report = await mb.get(`/api/v1/reports/rebounds?unitId=${org.units.a}`);
    expect(report.body).toMatchObject({ rechecked: 0, rebounds: 0, reboundRate: null, units: [] });
    const mine = await t.as(org.users.managerA.token).get('/api/v1/reports/rebounds');
    expect(mine.body).toMatchObject({ rechecked: 2, rebounds: 1, reboundRate: 0.5 });
    expect(mine.text).not.toContain('乙单位');
  });
});
