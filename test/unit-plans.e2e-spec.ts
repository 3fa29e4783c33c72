import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { draftItem, openUnitPlan, recordFinding } from './support/unit-plans.js';

/** 17:00Z on 2026-06-15 is 01:00 on the 16th in Asia/Shanghai: UTC and local dates differ. */
const NOW = '2026-06-15T17:00:00Z';

describe("a unit's own 整改方案: draft, submit, return, edit, resubmit, approve", () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  const f: Record<string, string> = {};
  const items: Record<string, string> = {};
  let planId: string;

  const office = () => t.as(org.users.office.token);
  const managerA = () => t.as(org.users.managerA.token);
  const sweep = async () => {
    const res = await office().post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
  };
  const ledgerRows = async (itemIds: string[]) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM reminder_ledger WHERE item_id = ANY($1::uuid[])`, [itemIds]))[0].n as number;
  const statuses = async () =>
    Object.fromEntries(
      (
        await t.dataSource.query<{ title: string; status: string }[]>(
          `SELECT title, status FROM rectification_items WHERE unit_plan_id = $1 ORDER BY title`,
          [planId],
        )
      ).map((r) => [r.title, r.status]),
    );

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
    const at = (unitId: string, k: 0 | 1, description: string) =>
      recordFinding(t, org.users.office.token, {
        inspectionId: round.roundId,
        unitId,
        groupId: round.groupIds[k],
        batchId: round.batchIds[k],
        description,
        measureIds: [plan.measuresByNumber[46]],
      });
    f.car = await at(org.units.a, 0, '公务用车管理不规范UP1');
    f.meal = await at(org.units.a, 0, '公务接待超标准UP2');
    f.b = await at(org.units.b, 1, '乙单位问题UP3');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("the unit's manager opens the plan for his unit only, once per round", async () => {
    const other = await t
      .as(org.users.managerB.token)
      .post('/api/v1/unit-plans')
      .send({ inspectionId: round.roundId, unitId: org.units.a });
    expect(other.status).toBe(400);
    expect(
      (await t.as(org.users.staffA.token).post('/api/v1/unit-plans').send({ inspectionId: round.roundId, unitId: org.units.a })).status,
    ).toBe(403);
    planId = await openUnitPlan(t, org.users.managerA.token, round.roundId, org.units.a);
    const again = await office().post('/api/v1/unit-plans').send({ inspectionId: round.roundId, unitId: org.units.a });
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ unitPlanId: planId });
    const view = await managerA().get(`/api/v1/unit-plans/${planId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'draft', statusLabel: '草拟中', unitName: '甲单位' });
    expect(view.body.problems.map((p: { description: string }) => p.description)).toEqual(['公务用车管理不规范UP1', '公务接待超标准UP2']);
  });

  it('draft items: added by the unit manager to his plan only, for its findings; staff and other units are refused', async () => {
    // The item's deadline is already past: a pending item would be overdue and chased at once.
    items.car = await draftItem(t, org.users.managerA.token, {
      unitPlanId: planId,
      findingId: f.car,
      unitId: org.units.a,
      title: '清理公务用车UP',
      deadline: '2026-06-10',
      ownerId: org.users.staffA.id,
    });
    const item = await managerA().get(`/api/v1/items/${items.car}`);
    expect(item.body).toMatchObject({ status: 'draft', unitPlanId: planId, overdue: false, availableActions: [] });
    const base = {
      findingId: f.car,
      title: 'x',
      responsibleUnitId: org.units.a,
      deadline: '2026-07-31',
      rectificationType: 'time_limited',
    };
    expect(
      (
        await t
          .as(org.users.staffA.token)
          .post('/api/v1/items')
          .send({ ...base, unitPlanId: planId })
      ).status,
    ).toBe(403);
    // Without a plan only the office creates items.
    expect((await managerA().post('/api/v1/items').send(base)).status).toBe(403);
    // Another unit's manager cannot see A's plan; a finding of another unit does not fit the plan.
    expect(
      (
        await t
          .as(org.users.managerB.token)
          .post('/api/v1/items')
          .send({ ...base, findingId: f.b, responsibleUnitId: org.units.b, unitPlanId: planId })
      ).status,
    ).toBe(400);
    const foreign = await office()
      .post('/api/v1/items')
      .send({ ...base, findingId: f.b, responsibleUnitId: org.units.b, unitPlanId: planId });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain('不是本整改方案所属单位');
    // No lifecycle move, progress or extension on a draft.
    expect((await managerA().post(`/api/v1/items/${items.car}/transitions`).send({ action: 'start' })).status).toBe(409);
    expect((await t.as(org.users.staffA.token).post(`/api/v1/items/${items.car}/progress`).send({ note: '进展' })).status).toBe(409);
    expect(
      (await managerA().post(`/api/v1/items/${items.car}/extensions`).send({ newDeadline: '2026-12-31', reason: '理由' })).status,
    ).toBe(409);
  });

  it('submit is refused while a finding of the unit has no item, naming it', async () => {
    const res = await managerA().post(`/api/v1/unit-plans/${planId}/submit`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('公务接待超标准UP2');
    expect(res.body.message).not.toContain('公务用车管理不规范UP1');
    expect(res.body.details.findingsWithoutItems).toEqual([{ id: f.meal, description: '公务接待超标准UP2' }]);
    expect((await managerA().get(`/api/v1/unit-plans/${planId}`)).body.status).toBe('draft');
  });

  it('drafts are never chased nor counted: sweep, reports, ledger, measures', async () => {
    items.meal = await draftItem(t, org.users.managerA.token, {
      unitPlanId: planId,
      findingId: f.meal,
      unitId: org.units.a,
      title: '规范公务接待UP',
      deadline: '2026-06-16',
    });
    await sweep();
    expect(await ledgerRows([items.car, items.meal])).toBe(0);
    const overview = await office().get(`/api/v1/reports/overview?unitId=${org.units.a}`);
    expect(overview.body).toMatchObject({ total: 0, overdue: 0 });
    // The items path (a deadline range) and the rollups agree.
    expect((await office().get(`/api/v1/reports/overview?unitId=${org.units.a}&from=2026-01-01`)).body).toMatchObject({ total: 0 });
    const [rollup] = await t.dataSource.query(
      `SELECT coalesce(sum(total), 0)::int AS n FROM report_item_rollup WHERE responsible_unit_id = $1`,
      [org.units.a],
    );
    expect(rollup.n).toBe(0);
    const ledger = await office().get('/api/v1/reports/ledger.xlsx?format=csv');
    expect(ledger.status).toBe(200);
    expect(ledger.text).not.toContain('清理公务用车UP');
    const measures = await office().get(`/api/v1/plans/${plan.planId}/measures`);
    expect((measures.body as { number: number; itemCount: number }[]).find((m) => m.number === 46)?.itemCount).toBe(0);
    const overdue = await office().get('/api/v1/reports/overdue');
    expect(overdue.text).not.toContain('清理公务用车UP');
  });

  it('submitted: no more edits; the office returns it only with a comment, and the unit manager is told', async () => {
    const res = await managerA().post(`/api/v1/unit-plans/${planId}/submit`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('submitted');
    // The plan owed after feedback is settled with the submission (no more chasing)…
    const owed = async () =>
      t.dataSource.query<{ satisfied: boolean }[]>(
        `SELECT satisfied_at IS NOT NULL AS satisfied FROM unit_obligations WHERE kind = 'unit_plan' AND inspection_id = $1 AND unit_id = $2`,
        [round.roundId, org.units.a],
      );
    expect(await owed()).toEqual([{ satisfied: true }]);
    const v = (await managerA().get(`/api/v1/items/${items.meal}`)).body.version;
    const r = await managerA().patch(`/api/v1/items/${items.meal}`).send({ title: '改', version: v });
    expect(r.status).toBe(409);
    expect((await managerA().post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true })).status).toBe(403);
    const blank = await office().post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: false, comment: '  ' });
    expect(blank.status).toBe(400);
    const returned = await office().post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: false, comment: '整改时限过松UPC' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'draft', returnComment: '整改时限过松UPC' });
    // … and owed again once returned.
    expect(await owed()).toEqual([{ satisfied: false }]);
    expect((await managerA().get(`/api/v1/unit-plans/${planId}`)).body.returnComment).toBe('整改时限过松UPC');
    expect(await statuses()).toEqual({ 清理公务用车UP: 'draft', 规范公务接待UP: 'draft' });
    await sweep();
    const inbox = await managerA().get('/api/v1/notifications?pageSize=50');
    const notice = (inbox.body.data as { title: string; body: string }[]).find((n) => n.title.startsWith('整改方案被退回'));
    expect(notice?.body).toContain('整改时限过松UPC');
    // B's manager hears nothing of it.
    const inboxB = await t.as(org.users.managerB.token).get('/api/v1/notifications?pageSize=50');
    expect(inboxB.text).not.toContain('整改方案');
  });

  it('returned: the unit edits (deadline included), deletes a draft, and resubmits', async () => {
    const v = (await managerA().get(`/api/v1/items/${items.meal}`)).body.version;
    const edited = await managerA()
      .patch(`/api/v1/items/${items.meal}`)
      .send({ deadline: '2026-06-30', actions: '制定接待清单', version: v });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ deadline: '2026-06-30', originalDeadline: '2026-06-30', actions: '制定接待清单', status: 'draft' });
    const extra = await draftItem(t, org.users.managerA.token, {
      unitPlanId: planId,
      findingId: f.meal,
      unitId: org.units.a,
      title: '多余事项UP',
      deadline: '2026-07-31',
    });
    expect((await t.as(org.users.staffA.token).delete(`/api/v1/items/${extra}`)).status).toBe(403);
    expect((await t.as(org.users.managerB.token).delete(`/api/v1/items/${extra}`)).status).toBe(404);
    expect((await managerA().delete(`/api/v1/items/${extra}`)).status).toBe(204);
    expect((await managerA().get(`/api/v1/items/${extra}`)).status).toBe(404);
    const again = await managerA().post(`/api/v1/unit-plans/${planId}/submit`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'submitted', returnComment: null });
  });

  it('approved: every draft item is pending, chased and counted from then on; the unit manager is told', async () => {
    const res = await office().post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(await statuses()).toEqual({ 清理公务用车UP: 'pending', 规范公务接待UP: 'pending' });
    // Approved items are not drafts any more: not deletable.
    expect((await managerA().delete(`/api/v1/items/${items.car}`)).status).toBe(409);
    expect((await office().post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true })).status).toBe(409);
    await sweep();
    expect(await ledgerRows([items.car])).toBeGreaterThan(0);
    const overview = await office().get(`/api/v1/reports/overview?unitId=${org.units.a}`);
    expect(overview.body).toMatchObject({ total: 2, overdue: 1 });
    const inbox = await managerA().get('/api/v1/notifications?pageSize=50');
    expect((inbox.body.data as { title: string }[]).some((n) => n.title.startsWith('整改方案已审定'))).toBe(true);
  });

  it('三张清单: problems, tasks and responsibilities together, and as an .xlsx workbook', async () => {
    const view = await managerA().get(`/api/v1/unit-plans/${planId}`);
    expect(view.body.problems).toEqual([
      { id: f.car, category: '中央八项规定精神', description: '公务用车管理不规范UP1', itemCount: 1 },
      { id: f.meal, category: '中央八项规定精神', description: '公务接待超标准UP2', itemCount: 1 },
    ]);
    expect(view.body.tasks.map((x: { title: string; deadline: string; status: string }) => [x.title, x.deadline, x.status])).toEqual([
      ['清理公务用车UP', '2026-06-10', 'pending'],
      ['规范公务接待UP', '2026-06-30', 'pending'],
    ]);
    expect(view.body.responsibilities[0]).toEqual({
      itemId: items.car,
      title: '清理公务用车UP',
      responsibleUnit: '甲单位',
      owner: 'staffA',
      responsibleLeader: '分管副局长',
    });
    const file = await managerA()
      .get(`/api/v1/unit-plans/${planId}/export.xlsx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题清单', '任务清单', '责任清单']);
    expect(wb.getWorksheet('任务清单')!.getRow(2).getCell(3).value).toBe('清理公务用车UP');
    expect(wb.getWorksheet('责任清单')!.getRow(2).getCell(5).value).toBe('分管副局长');
  });

  it('scoped: other units, sub-units and their exports see nothing of the plan', async () => {
    for (const token of [org.users.managerB.token, org.users.staffB.token, org.users.managerA1.token]) {
      const as = t.as(token);
      expect((await as.get(`/api/v1/unit-plans/${planId}`)).status).toBe(404);
      expect((await as.get(`/api/v1/unit-plans/${planId}/export.xlsx`)).status).toBe(404);
      const list = await as.get(`/api/v1/unit-plans?unitId=${org.units.a}`);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(0);
    }
    expect((await t.as(org.users.staffA.token).get('/api/v1/unit-plans')).body.total).toBe(1);
    expect((await t.as(org.users.leadership.token).get('/api/v1/unit-plans')).body.total).toBe(1);
  });
});
