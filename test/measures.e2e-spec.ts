import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { binary, docxParagraphs } from './support/office-files.js';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The bureau's plan as work (issue 12): measures with lead and cooperating units, tasks hung
 * directly under a measure running the item lifecycle, the derived measure status, 对账销号 and its
 * undoing, the 对账 list, and findings that answer no measure. The clock stands at 17:00Z, when
 * Shanghai is already on the next day (2026-06-16): "overdue" must use Shanghai's date.
 */
describe('measures as tasks: lead units, own items, status, sign-off, reconciliation', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T17:00:00Z' });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
  });
  afterAll(async () => {
    await t.close();
  });

  const office = () => t.as(org.users.office.token);
  const m = (n: number) => plan.measuresByNumber[n];
  const task = (measureId: string, responsibleUnitId: string, extra: Record<string, unknown> = {}) => ({
    measureId,
    title: '建立“第一议题”学习制度',
    responsibleUnitId,
    deadline: '2026-09-30',
    rectificationType: 'time_limited',
    ...extra,
  });
  /** start → progress → submit (unit side) → approve (office). */
  const close = async (unitToken: string, id: string) => {
    expect((await t.as(unitToken).post(`/api/v1/items/${id}/transitions`).send({ action: 'start' })).status).toBe(200);
    expect((await t.as(unitToken).post(`/api/v1/items/${id}/progress`).send({ note: '已完成', percent: 100 })).status).toBe(201);
    const submitted = await t.as(unitToken).post(`/api/v1/items/${id}/transitions`).send({ action: 'submit', explanation: '制度已印发' });
    expect(submitted.body.status).toBe('submitted');
    const approved = await office().post(`/api/v1/items/${id}/transitions`).send({ action: 'approve' });
    expect(approved.body.status).toBe('closed');
  };
  const measureView = async (n: number) => {
    const res = await office().get(`/api/v1/plans/${plan.planId}/measures`);
    return (res.body as { id: string; number: number; status: string; itemCount: number }[]).find((x) => x.number === n)!;
  };

  it('the office sets a measure’s lead unit and cooperating units; bad units are 400, units may not', async () => {
    const res = await office()
      .patch(`/api/v1/measures/${m(1)}`)
      .send({ leadUnitId: org.units.a, cooperatingUnitIds: [org.units.b], responsibleLeader: '党组书记' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: m(1),
      number: 1,
      leadUnitId: org.units.a,
      cooperatingUnits: [{ id: org.units.b, name: '乙单位' }],
      immediate: true,
      longTerm: false,
      status: 'not_started',
      signoff: null,
      items: { total: 0, closed: 0, open: 0, overdue: 0 },
    });
    const unknown = await office()
      .patch(`/api/v1/measures/${m(1)}`)
      .send({ leadUnitId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'leadUnitId', messages: expect.any(Array) }]);
    expect(
      (
        await t
          .as(org.users.managerA.token)
          .patch(`/api/v1/measures/${m(1)}`)
          .send({ leadUnitId: org.units.a })
      ).status,
    ).toBe(403);
    const audit = await t.dataSource.query(`SELECT action FROM audit_entries WHERE entity_id = $1 AND action = 'measure.update'`, [m(1)]);
    expect(audit).toHaveLength(1);
    expect(
      (
        await office()
          .patch(`/api/v1/measures/${m(2)}`)
          .send({ leadUnitId: org.units.b })
      ).status,
    ).toBe(200);
  });

  let ownA: string;
  let ownB: string;

  it('POST /items takes a measureId: the responsible unit must be the lead or a cooperating unit', async () => {
    const sub = await office()
      .post('/api/v1/items')
      .send(task(m(1), org.units.a1));
    expect(sub.status).toBe(400);
    expect(sub.body.message).toContain('整改措施第1条的牵头单位或配合单位');
    expect(sub.body.details).toEqual([{ field: 'responsibleUnitId', messages: expect.any(Array) }]);
    const both = await office()
      .post('/api/v1/items')
      .send({ ...task(m(1), org.units.a), findingId: m(1) });
    expect(both.status).toBe(400);
    const neither = await office()
      .post('/api/v1/items')
      .send({ title: '无归属', responsibleUnitId: org.units.a, deadline: '2026-09-30', rectificationType: 'immediate' });
    expect(neither.status).toBe(400);
    const unknown = await office().post('/api/v1/items').send(task('00000000-0000-4000-8000-000000000000', org.units.a));
    expect(unknown.status).toBe(400);

    const a = await office()
      .post('/api/v1/items')
      .send(task(m(1), org.units.a, { ownerId: org.users.staffA.id }));
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: 'pending', measureId: m(1), findingId: null, responsibleUnitId: org.units.a });
    ownA = a.body.id;
    const b = await office()
      .post('/api/v1/items')
      .send(task(m(1), org.units.b, { title: '配合整改' }));
    expect(b.status).toBe(201);
    ownB = b.body.id;
    expect(await measureView(1)).toMatchObject({ status: 'not_started', itemCount: 2 });
  });

  it('a measure’s own item is scoped to its responsible unit and traces back to the higher-level inspection', async () => {
    expect((await t.as(org.users.managerB.token).get(`/api/v1/items/${ownA}`)).status).toBe(404);
    const mine = await t.as(org.users.managerA.token).get(`/api/v1/items?measureId=${m(1)}`);
    expect(mine.body.data.map((i: { id: string }) => i.id)).toEqual([ownA]);
    const detail = await t.as(org.users.staffA.token).get(`/api/v1/items/${ownA}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ finding: null, measure: { id: m(1), number: 1, planId: plan.planId } });
    const trace = await t.as(org.users.staffA.token).get(`/api/v1/items/${ownA}/trace`);
    expect(trace.status).toBe(200);
    expect(trace.body.finding).toBeNull();
    expect(trace.body.measures).toHaveLength(1);
    expect(trace.body.measures[0]).toMatchObject({ id: m(1), number: 1, planId: plan.planId });
    expect(trace.body.measures[0].feedbackProblems[0]).toMatchObject({
      code: '1-1',
      inspection: { id: plan.inspectionId, kind: 'higher_level', inspectingBody: '上级党组第二巡视组' },
    });
  });

  let findingItem: string;

  it('runs the lifecycle; the measure is in progress, sign-off is 409 while any linked item is open', async () => {
    // A unit finding answering measure 1, with an item of its own: linked to the measure too.
    const finding = await office()
      .post('/api/v1/findings')
      .send({
        inspectionId: round.roundId,
        unitId: org.units.a,
        category: '政治纪律',
        description: '第一议题制度未落实',
        measureIds: [m(1)],
      });
    expect(finding.status).toBe(201);
    const item = await office().post('/api/v1/items').send({
      findingId: finding.body.id,
      title: '落实第一议题',
      responsibleUnitId: org.units.a,
      ownerId: org.users.staffA.id,
      deadline: '2026-09-30',
      rectificationType: 'time_limited',
    });
    expect(item.status).toBe(201);
    findingItem = item.body.id;

    await close(org.users.staffA.token, ownA);
    expect(await measureView(1)).toMatchObject({ status: 'in_progress', itemCount: 3 });
    // A unit's view counts its own items only: B's task has not started, so B learns nothing of A's work.
    const asB = await t.as(org.users.managerB.token).get(`/api/v1/plans/${plan.planId}/measures`);
    expect(asB.body.find((x: { number: number }) => x.number === 1)).toMatchObject({ status: 'not_started', itemCount: 1 });
    const history = await office().get(`/api/v1/items/${ownA}/history`);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['item.create', 'item.start', 'item.submit', 'item.approve']),
    );

    const early = await office()
      .post(`/api/v1/measures/${m(1)}/signoff`)
      .send({ statement: '已完成' });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('尚有2项整改事项未销号');
    expect(early.body.message).toContain('配合整改');
    await close(org.users.managerB.token, ownB);
    const still = await office()
      .post(`/api/v1/measures/${m(1)}/signoff`)
      .send({ statement: '已完成' });
    expect(still.status).toBe(409);
    expect(still.body.message).toContain('落实第一议题');
    await close(org.users.staffA.token, findingItem);
    expect(await measureView(1)).toMatchObject({ status: 'awaiting_signoff' });
  });

  it('the office signs the measure off (who, when, statement, audited); a signed-off measure takes no new task', async () => {
    expect(
      (
        await t
          .as(org.users.leadership.token)
          .post(`/api/v1/measures/${m(1)}/signoff`)
          .send({ statement: '好' })
      ).status,
    ).toBe(403);
    expect(
      (
        await t
          .as(org.users.managerA.token)
          .post(`/api/v1/measures/${m(1)}/signoff`)
          .send({ statement: '好' })
      ).status,
    ).toBe(403);
    expect(
      (
        await office()
          .post(`/api/v1/measures/${m(1)}/signoff`)
          .send({ statement: '  ' })
      ).status,
    ).toBe(400);
    const res = await office()
      .post(`/api/v1/measures/${m(1)}/signoff`)
      .send({ statement: '制度已建立并执行，三项事项均已销号' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'signed_off',
      statusLabel: '已对账销号',
      signoff: {
        at: '2026-06-15T17:00:00.000Z',
        by: { id: org.users.office.id, name: 'office1' },
        statement: '制度已建立并执行，三项事项均已销号',
      },
      items: { total: 3, closed: 3, open: 0 },
    });
    expect(
      (
        await office()
          .post(`/api/v1/measures/${m(1)}/signoff`)
          .send({ statement: '再次' })
      ).status,
    ).toBe(409);
    const audit = await t.dataSource.query(
      `SELECT action, actor_id FROM audit_entries WHERE entity_id = $1 AND action = 'measure.signoff'`,
      [m(1)],
    );
    expect(audit).toEqual([{ action: 'measure.signoff', actor_id: org.users.office.id }]);
    // The lead unit (A) and the cooperating unit (B) are told, through the ledger of deliveries:
    // their managers, in the inbox, each of its own part.
    const told: { title: string; body: string; user_id: string }[] = await t.dataSource.query(
      `SELECT nm.title, nm.body, d.user_id FROM notification_messages nm JOIN notification_deliveries d ON d.message_id = nm.id
        WHERE nm.key LIKE $1 AND d.channel = 'inbox'`,
      [`measure:${m(1)}:signoff:%`],
    );
    expect(told).toHaveLength(2);
    expect(told).toEqual(
      expect.arrayContaining([
        {
          title: '整改措施第1条已对账销号',
          body: '巡察办已对本单位牵头的整改措施第1条对账销号。销号说明：制度已建立并执行，三项事项均已销号',
          user_id: org.users.managerA.id,
        },
        {
          title: '整改措施第1条已对账销号',
          body: '巡察办已对本单位配合的整改措施第1条对账销号。销号说明：制度已建立并执行，三项事项均已销号',
          user_id: org.users.managerB.id,
        },
      ]),
    );
    const more = await office()
      .post('/api/v1/items')
      .send(task(m(1), org.units.a));
    expect(more.status).toBe(409);
    expect(await measureView(1)).toMatchObject({ status: 'signed_off' });
  });

  it('a measure with no item cannot be signed off', async () => {
    const res = await office()
      .post(`/api/v1/measures/${m(5)}/signoff`)
      .send({ statement: '已完成' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('尚无整改事项');
  });

  it('GET /plans/:id/reconciliation: per problem its measures with status, lead unit, items and sign-off (overdue by Shanghai’s date)', async () => {
    // Measure 2 (led by B): a task due 2026-06-15 — overdue in Shanghai (06-16), not yet by UTC's date.
    const due = await office()
      .post('/api/v1/items')
      .send(task(m(2), org.units.b, { deadline: '2026-06-15' }));
    expect(due.status).toBe(201);
    const res = await t.as(org.users.leadership.token).get(`/api/v1/plans/${plan.planId}/reconciliation`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ planId: plan.planId, asOf: '2026-06-16', inspection: { id: plan.inspectionId } });
    const p11 = res.body.feedbackProblems.find((p: { code: string }) => p.code === '1-1');
    expect(p11.rectified).toBe(false);
    const byNumber = new Map(p11.measures.map((x: { number: number }) => [x.number, x]));
    expect(byNumber.get(1)).toMatchObject({
      status: 'signed_off',
      leadUnit: { id: org.units.a, name: '甲单位' },
      leadDepartment: '办公室',
      items: { total: 3, closed: 3, open: 0, overdue: 0 },
      signoff: { statement: '制度已建立并执行，三项事项均已销号', by: { id: org.users.office.id } },
    });
    expect(byNumber.get(2)).toMatchObject({
      status: 'not_started',
      leadUnit: { id: org.units.b },
      items: { total: 1, closed: 0, open: 1, overdue: 1 },
    });
    expect(byNumber.get(3)).toMatchObject({ status: 'not_started', leadUnit: null, items: { total: 0 }, signoff: null });
    expect(res.body.totals).toMatchObject({
      feedbackProblems: 14,
      rectifiedProblems: 0,
      measures: 53,
      byStatus: { signed_off: 1, not_started: 52, in_progress: 0, awaiting_signoff: 0 },
      items: { total: 4, closed: 3, open: 1, overdue: 1 },
    });
    expect((await t.as(org.users.managerA.token).get(`/api/v1/plans/${plan.planId}/reconciliation`)).status).toBe(404);
    expect((await t.as(org.users.inspector.token).get(`/api/v1/plans/${plan.planId}/reconciliation`)).status).toBe(404);
    expect((await office().get(`/api/v1/plans/00000000-0000-4000-8000-000000000000/reconciliation`)).status).toBe(404);
  });

  it('a feedback problem is rectified once all its measures are signed off', async () => {
    const rec = await office().get(`/api/v1/plans/${plan.planId}/reconciliation`);
    const p12 = rec.body.feedbackProblems.find((p: { code: string }) => p.code === '1-2');
    expect(p12.rectified).toBe(false);
    for (const x of p12.measures as { id: string }[]) {
      expect((await office().patch(`/api/v1/measures/${x.id}`).send({ leadUnitId: org.units.a })).status).toBe(200);
      const item = await office().post('/api/v1/items').send(task(x.id, org.units.a));
      await close(org.users.managerA.token, item.body.id);
      expect((await office().post(`/api/v1/measures/${x.id}/signoff`).send({ statement: '完成' })).status).toBe(200);
    }
    const after = await office().get(`/api/v1/plans/${plan.planId}/reconciliation`);
    expect(after.body.feedbackProblems.find((p: { code: string }) => p.code === '1-2').rectified).toBe(true);
    expect(after.body.totals.rectifiedProblems).toBe(1);
    const coverage = await office().get(`/api/v1/reports/coverage?planId=${plan.planId}`);
    const problems = coverage.body.inspections[0].feedbackProblems;
    expect(problems.find((p: { code: string }) => p.code === '1-2').rectified).toBe(true);
    expect(problems.find((p: { code: string }) => p.code === '1-1').rectified).toBe(false);
  });

  it('reports list the measure’s status and sign-off, counting its own items', async () => {
    const res = await office().get(`/api/v1/reports/measures?planId=${plan.planId}`);
    expect(res.status).toBe(200);
    const one = res.body.find((x: { number: number }) => x.number === 1);
    expect(one).toMatchObject({ status: 'signed_off', total: 3, closed: 3, covered: true, leadUnit: { id: org.units.a } });
    expect(one.signoff.statement).toBe('制度已建立并执行，三项事项均已销号');
    expect(res.body.find((x: { number: number }) => x.number === 2)).toMatchObject({ status: 'not_started', total: 1, overdue: 1 });
    // B's figures are its own task under measure 1 only; the status is the measure's.
    const b = await t.as(org.users.managerB.token).get(`/api/v1/reports/measures?planId=${plan.planId}`);
    expect(b.status).toBe(200);
    expect(b.body.find((x: { number: number }) => x.number === 1)).toMatchObject({ status: 'signed_off', total: 1, closed: 1 });
    const closure = await office().get(`/api/v1/reports/closure?groupBy=measure`);
    expect(closure.body.find((r: { key: string }) => r.key === m(1))).toMatchObject({ total: 3, closed: 3 });
    const byCategory = await office().get(`/api/v1/reports/closure?groupBy=category`);
    expect(byCategory.body.find((r: { key: string | null }) => r.key === null)).toMatchObject({ label: '整改措施直接任务' });
    const ledger = await office().get(`/api/v1/reports/ledger.xlsx?format=csv&measureId=${m(2)}`);
    expect(ledger.status).toBe(200);
    const lines = ledger.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('建立“第一议题”学习制度');
    expect(lines[1]).toContain('关于上级党组第二巡视组反馈意见的整改落实方案');
  });

  it('reopen undoes the sign-off (reason required, audited); the measure awaits sign-off again', async () => {
    expect(
      (
        await office()
          .post(`/api/v1/measures/${m(1)}/reopen`)
          .send({ reason: '' })
      ).status,
    ).toBe(400);
    expect(
      (
        await t
          .as(org.users.leadership.token)
          .post(`/api/v1/measures/${m(1)}/reopen`)
          .send({ reason: '反弹' })
      ).status,
    ).toBe(403);
    const res = await office()
      .post(`/api/v1/measures/${m(1)}/reopen`)
      .send({ reason: '回头看发现反弹' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'awaiting_signoff', signoff: null });
    expect(
      (
        await office()
          .post(`/api/v1/measures/${m(1)}/reopen`)
          .send({ reason: '再次' })
      ).status,
    ).toBe(409);
    const [entry] = await t.dataSource.query(`SELECT before, after FROM audit_entries WHERE entity_id = $1 AND action = 'measure.reopen'`, [
      m(1),
    ]);
    expect(entry.after).toMatchObject({ reason: '回头看发现反弹', signedOffAt: null });
    expect(entry.before.statement).toBe('制度已建立并执行，三项事项均已销号');
    const rec = await office().get(`/api/v1/plans/${plan.planId}/reconciliation`);
    const one = rec.body.feedbackProblems[0].measures.find((x: { number: number }) => x.number === 1);
    expect(one).toMatchObject({ status: 'awaiting_signoff', signoff: null });
  });

  it('an edited deadline replaces the plan’s wording everywhere: measures list, 对账 board, item trace, Word report; the wording stays in the audit', async () => {
    const n = 4;
    const docx = async () => {
      const res = await office().get(`/api/v1/plans/${plan.planId}/report.docx`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const { paragraphs } = await docxParagraphs(res.body as Buffer);
      const head = paragraphs.findIndex((x) => x.includes(`第${n}条：`));
      expect(head).toBeGreaterThan(0);
      return paragraphs[head + 1];
    };
    const listed = async () =>
      (
        (await office().get(`/api/v1/plans/${plan.planId}/measures`)).body as {
          id: string;
          deadline: string | null;
          deadlineText: string | null;
        }[]
      ).find((x) => x.id === m(n))!;
    const onBoard = async () =>
      (await office().get(`/api/v1/plans/${plan.planId}/reconciliation`)).body.feedbackProblems
        .flatMap((p: { measures: { id: string }[] }) => p.measures)
        .filter((x: { id: string }) => x.id === m(n)) as { deadline: string | null; deadlineText: string | null }[];
    // As imported: the plan's words.
    expect(await listed()).toMatchObject({ deadlineText: '2019年12月底前' });
    expect(await docx()).toContain('完成时限：2019年12月底前');
    // Setting a lead unit alone keeps the wording.
    const led = await office()
      .patch(`/api/v1/measures/${m(n)}`)
      .send({ leadUnitId: org.units.a });
    expect(led.body.deadlineText).toBe('2019年12月底前');
    const item = await office()
      .post('/api/v1/items')
      .send(task(m(n), org.units.a));
    expect(item.status).toBe(201);

    const patched = await office()
      .patch(`/api/v1/measures/${m(n)}`)
      .send({ deadline: '2026-12-31' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ deadline: '2026-12-31', deadlineText: null });
    expect(await listed()).toMatchObject({ deadline: '2026-12-31', deadlineText: null });
    const board = await onBoard();
    expect(board.length).toBeGreaterThan(0); // once under each problem it answers
    for (const x of board) expect(x).toMatchObject({ deadline: '2026-12-31', deadlineText: null });
    const trace = (await office().get(`/api/v1/items/${item.body.id}/trace`)).body;
    expect(trace.measures[0]).toMatchObject({ id: m(n), deadline: '2026-12-31', deadlineText: null });
    const paragraph = await docx();
    // Prose reads a date the way the document writes every other one.
    expect(paragraph).toContain('完成时限：2026年12月31日');
    expect(paragraph).not.toContain('2026-12-31');
    expect(paragraph).not.toContain('2019年12月底前');
    // The plan's wording is kept on record: the audit entry's before.
    const [entry]: { before: { deadline: string | null; deadlineText: string }; after: { deadlineText: null } }[] =
      await t.dataSource.query(
        `SELECT before, after FROM audit_entries WHERE action = 'measure.update' AND entity_id = $1 AND after ? 'deadline' ORDER BY id DESC LIMIT 1`,
        [m(n)],
      );
    expect(entry.before).toMatchObject({ deadlineText: '2019年12月底前' });
    expect(entry.after).toMatchObject({ deadline: '2026-12-31', deadlineText: null });
  });
});

describe('findings beyond the plan and two-level categories', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T17:00:00Z' });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
  });
  afterAll(async () => {
    await t.close();
  });

  const office = () => t.as(org.users.office.token);
  const finding = (unitId: string, extra: Record<string, unknown> = {}) => ({
    inspectionId: round.roundId,
    unitId,
    category: '工作纪律',
    description: '会议记录不全',
    ...extra,
  });
  const item = (findingId: string, unitId: string) =>
    office()
      .post('/api/v1/items')
      .send({ findingId, title: '补全会议记录', responsibleUnitId: unitId, deadline: '2026-09-30', rectificationType: 'immediate' });

  it('a finding with no measure is accepted (empty or omitted measureIds) and reported under 未对应整改措施', async () => {
    const empty = await office()
      .post('/api/v1/findings')
      .send(finding(org.units.a, { measureIds: [] }));
    expect(empty.status).toBe(201);
    expect(empty.body.measures).toEqual([]);
    const omitted = await office().post('/api/v1/findings').send(finding(org.units.b));
    expect(omitted.status).toBe(201);
    const linked = await office()
      .post('/api/v1/findings')
      .send(finding(org.units.a, { measureIds: [plan.measuresByNumber[10]] }));
    expect(linked.status).toBe(201);
    expect((await item(empty.body.id, org.units.a)).status).toBe(201);
    expect((await item(linked.body.id, org.units.a)).status).toBe(201);

    const closure = await office().get('/api/v1/reports/closure?groupBy=measure');
    expect(closure.body.find((r: { key: string | null }) => r.key === null)).toMatchObject({ label: '未对应整改措施', total: 1 });
    expect(closure.body.find((r: { key: string | null }) => r.key === plan.measuresByNumber[10])).toMatchObject({ total: 1 });
    const byProblem = await office().get('/api/v1/reports/closure?groupBy=feedbackProblem');
    expect(byProblem.body.find((r: { key: string | null }) => r.key === null)).toMatchObject({ label: '未对应整改措施', total: 1 });

    const coverage = await office().get(`/api/v1/reports/coverage?planId=${plan.planId}`);
    expect(coverage.body.unlinked).toMatchObject({ label: '未对应整改措施', findings: 2, total: 1 });
    // Coverage counts only what is linked: one covered measure, one item under the inspection.
    expect(coverage.body.inspections[0]).toMatchObject({ coveredMeasureCount: 1, total: 1 });
    // Unit A sees its own unlinked finding only.
    const a = await t.as(org.users.managerA.token).get(`/api/v1/reports/coverage?planId=${plan.planId}`);
    expect(a.status).toBe(200);
    expect(a.body.unlinked).toMatchObject({ findings: 1, total: 1 });
    const b = await t.as(org.users.managerB.token).get('/api/v1/reports/closure?groupBy=measure');
    expect(b.body.find((r: { key: string | null }) => r.key === null)).toBeUndefined();
  });

  it('categories are two levels, seeded from the focus areas; the office creates, renames and deactivates them', async () => {
    const list = await office().get('/api/v1/finding-categories');
    expect(list.status).toBe(200);
    const byName = new Map(list.body.map((c: { name: string }) => [c.name, c]));
    expect(byName.get('政治纪律')).toMatchObject({ path: '政治建设 › 政治纪律', parentId: (byName.get('政治建设') as { id: string }).id });
    expect(byName.get('重点人')).toMatchObject({ path: '三个重点 › 重点人' });
    expect(byName.get('党的建设缺失')).toMatchObject({ path: '组织建设 › 党的建设缺失' });
    // Parents come before their children.
    const names = list.body.map((c: { name: string }) => c.name);
    expect(names.indexOf('政治建设')).toBeLessThan(names.indexOf('政治纪律'));

    const parentId = (byName.get('作风建设') as { id: string }).id;
    const child = await office().post('/api/v1/finding-categories').send({ name: '文风会风', parentId });
    expect(child.status).toBe(201);
    const grandchild = await office().post('/api/v1/finding-categories').send({ name: '三级类别', parentId: child.body.id });
    expect(grandchild.status).toBe(400);
    expect((await t.as(org.users.managerA.token).post('/api/v1/finding-categories').send({ name: '单位类别' })).status).toBe(403);

    const f = await office()
      .post('/api/v1/findings')
      .send(finding(org.units.a, { category: '文风会风' }));
    expect(f.status).toBe(201);
    expect(f.body.categoryId).toBe(child.body.id);
    const renamed = await office().patch(`/api/v1/finding-categories/${child.body.id}`).send({ name: '文风会风问题' });
    expect(renamed.status).toBe(200);
    expect((await office().get(`/api/v1/findings/${f.body.id}`)).body.category).toBe('文风会风问题');
    expect((await office().patch(`/api/v1/finding-categories/${parentId}`).send({ active: false })).status).toBe(200);
    const refused = await office()
      .post('/api/v1/findings')
      .send(finding(org.units.a, { category: '文风会风问题' }));
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'category', messages: expect.any(Array) }]);
  });
});
