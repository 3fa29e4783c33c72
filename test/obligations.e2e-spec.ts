import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ObligationsService } from '../src/modules/obligations/obligations.service.js';
import { seedItems } from './support/items.js';
import { seedOrg, type Org, type OrgUser } from './support/org.js';
import { waitFor } from './support/process.js';
import { startTestApp, type TestApp } from './support/test-app.js';

jest.setTimeout(120_000);

/** 17:00Z on Sunday 2026-07-05 is 01:00 on Monday 2026-07-06 in Asia/Shanghai: the dates differ. */
const NOW = '2026-07-05T17:00:00Z';
/** 01:00 Shanghai on a day (17:00Z the day before). */
const at = (day: string) => new Date(Date.parse(`${day}T01:00:00+08:00`));

interface Message {
  title: string;
  body: string;
  itemIds: string[];
}

describe('units’ side of a round: feedback deadlines and self-checks chased like items', () => {
  let t: TestApp;
  let org: Org;
  let roundId: string;
  let unitC: string;
  let unitD: string;
  let managerC: OrgUser;
  let findingA: string;

  const office = () => t.as(org.users.office.token);
  const sweep = async () => {
    const res = await office().post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(res.body.pending).toBe(0);
  };
  const inbox = async (u: OrgUser) => (await t.as(u.token).get('/api/v1/notifications?pageSize=50').expect(200)).body.data as Message[];
  /** The chasing in an inbox: without the notice of the feedback itself (tested where the feedback is recorded). */
  const chases = async (u: OrgUser) => (await inbox(u)).filter((m) => m.title !== '巡察反馈意见及整改报送期限');
  /** The ledger rows of a unit's obligations: kind, step, days, recipients. */
  const obligationLedger = async (unitId: string, kind: string) =>
    t.dataSource.query<
      { kind: string; step: number; level: number | null; remaining_days: number; recipients: string[]; unreached_roles: string[] }[]
    >(
      `SELECT l.kind, l.step, l.level, l.remaining_days, l.recipients, l.unreached_roles
         FROM reminder_ledger l JOIN unit_obligations o ON o.id = l.obligation_id
        WHERE o.unit_id = $1 AND o.kind = $2 AND l.kind IN ('reminder', 'escalation') ORDER BY l.created_at, l.step`,
      [unitId, kind],
    );

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const admin = t.as(org.adminToken);
    unitC = (await admin.post('/api/v1/units').send({ code: 'C', name: '丙单位' }).expect(201)).body.id;
    unitD = (await admin.post('/api/v1/units').send({ code: 'D', name: '丁单位' }).expect(201)).body.id;
    const password = 'managerC-pass-123';
    const mc = await admin
      .post('/api/v1/users')
      .send({ username: 'managerC', password, displayName: '丙负责人', role: 'unit_manager', unitId: unitC });
    expect(mc.status).toBe(201);
    managerC = { id: mc.body.id, username: 'managerC', password, token: await t.login('managerC', password) };

    // A round: batch 1 (June) inspected A; batch 2 (from 07-10) B and C; batch 3 (August) D.
    const round = await office()
      .post('/api/v1/inspections')
      .send({ kind: 'internal_round', title: '2026年第二轮巡察', startDate: '2026-06-01', endDate: '2026-08-31' });
    expect(round.status).toBe(201);
    roundId = round.body.id;
    const batches: [string, string, string[]][] = [
      ['2026-06-01', '2026-06-21', [org.units.a]],
      ['2026-07-10', '2026-07-31', [org.units.b, unitC]],
      ['2026-08-03', '2026-08-24', [unitD]],
    ];
    const groupIds: string[] = [];
    const batchIds: string[] = [];
    for (const [i, [startDate, endDate, unitIds]] of batches.entries()) {
      const batch = await office()
        .post(`/api/v1/inspections/${roundId}/batches`)
        .send({ number: i + 1, startDate, endDate });
      expect(batch.status).toBe(201);
      batchIds.push(batch.body.id);
      const group = await office()
        .post(`/api/v1/inspections/${roundId}/groups`)
        .send({ name: `第${'一二三'[i]}巡察组`, batchId: batch.body.id, unitIds });
      expect(group.status).toBe(201);
      groupIds.push(group.body.id);
    }
    // The finding written straight into the table (set-up: the findings API wants the plan's measures).
    const [finding] = await t.dataSource.query(
      `INSERT INTO findings (inspection_id, unit_id, group_id, batch_id, category, description)
       VALUES ($1, $2, $3, $4, '中央八项规定精神', '公务用车管理不规范，存在公车私用情况') RETURNING id`,
      [roundId, org.units.a, groupIds[0], batchIds[0]],
    );
    findingA = finding.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('feedback per unit', () => {
    it('sets the plan and report deadlines from the feedback date (calendar days, months), scoped lists', async () => {
      const a = await office().post(`/api/v1/inspections/${roundId}/feedbacks`).send({ unitId: org.units.a, feedbackDate: '2026-06-06' });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({
        unitId: org.units.a,
        feedbackDate: '2026-06-06',
        planDueDate: '2026-07-06',
        reportDueDate: '2026-08-06',
      });
      const b = await office().post(`/api/v1/inspections/${roundId}/feedbacks`).send({ unitId: org.units.b, feedbackDate: '2026-05-01' });
      expect(b.status).toBe(201);
      expect(b.body).toMatchObject({ planDueDate: '2026-05-31', reportDueDate: '2026-07-01' });
      // The unit's managers are told what they owe and by when; nobody else (not A's sub-unit, not B's staff).
      const told: { user_id: string; key: string; body: string }[] = await t.dataSource.query(
        `SELECT d.user_id, m.key, m.body FROM notification_deliveries d JOIN notification_messages m ON m.id = d.message_id
          WHERE d.channel = 'inbox' AND m.key LIKE 'feedback:%' ORDER BY m.key, d.user_id`,
      );
      expect(told.map((r) => [r.key, r.user_id]).sort()).toEqual(
        [
          [`feedback:${a.body.id}`, org.users.managerA.id],
          [`feedback:${b.body.id}`, org.users.managerB.id],
        ].sort(),
      );
      expect(told.find((r) => r.user_id === org.users.managerA.id)?.body).toContain(
        '巡察组已于2026-06-06向本单位反馈巡察意见。请于2026-07-06前报送整改方案（问题清单、任务清单、责任清单），于2026-08-06前报送整改情况报告',
      );

      const again = await office()
        .post(`/api/v1/inspections/${roundId}/feedbacks`)
        .send({ unitId: org.units.a, feedbackDate: '2026-06-07' });
      expect(again.status).toBe(409);
      // A refused record tells nobody.
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM notification_messages WHERE key LIKE 'feedback:%'`))[0].n).toBe(2);
      const noUnit = await office()
        .post(`/api/v1/inspections/${roundId}/feedbacks`)
        .send({ unitId: '0b8e5a3c-1f2d-4e6a-9b7c-5d4e3f2a1b0c', feedbackDate: '2026-06-07' });
      expect(noUnit.status).toBe(400);
      expect(JSON.stringify(noUnit.body)).toContain('unitId');
      const byUnit = await t
        .as(org.users.managerB.token)
        .post(`/api/v1/inspections/${roundId}/feedbacks`)
        .send({ unitId: org.units.b, feedbackDate: '2026-05-01' });
      expect(byUnit.status).toBe(403);

      // Siblings: B's manager sees B's feedback only; A's sub-unit manager sees nothing of A.
      const asB = await t.as(org.users.managerB.token).get(`/api/v1/inspections/${roundId}/feedbacks`).expect(200);
      expect(asB.body.data.map((f: { unitId: string }) => f.unitId)).toEqual([org.units.b]);
      expect(JSON.stringify(asB.body)).not.toContain(org.units.a);
      const asA1 = await t.as(org.users.managerA1.token).get(`/api/v1/inspections/${roundId}/feedbacks`).expect(200);
      expect(asA1.body.total).toBe(0);
      const asOffice = await office().get(`/api/v1/inspections/${roundId}/feedbacks`).expect(200);
      expect(asOffice.body.total).toBe(2);
    });

    it('chases both deadlines by Shanghai’s date, exactly once, the unit’s managers first; on the board', async () => {
      await sweep();
      await sweep(); // a second run records nothing
      // A's plan is due today in Shanghai (07-06; UTC still says 07-05): the due-day reminder.
      expect(await obligationLedger(org.units.a, 'unit_plan')).toEqual([
        { kind: 'reminder', step: 0, level: null, remaining_days: 0, recipients: [org.users.managerA.id], unreached_roles: [] },
      ]);
      expect(await obligationLedger(org.units.a, 'unit_report')).toEqual([]); // 31 days left
      // B's plan is 36 days late, its report 5: the ladder's first level, to B's manager (no owner to miss).
      expect(await obligationLedger(org.units.b, 'unit_plan')).toEqual([
        { kind: 'escalation', step: 1, level: 1, remaining_days: -36, recipients: [org.users.managerB.id], unreached_roles: [] },
      ]);
      expect(await obligationLedger(org.units.b, 'unit_report')).toEqual([
        { kind: 'escalation', step: 1, level: 1, remaining_days: -5, recipients: [org.users.managerB.id], unreached_roles: [] },
      ]);

      const a = await chases(org.users.managerA);
      expect(a).toHaveLength(1);
      expect(a[0].title).toBe('【报送提醒】managerA：1项报送任务需要关注');
      expect(a[0].body).toContain('【甲单位】2026年第二轮巡察：报送整改方案（报送期限：2026-07-06，今天到期）');
      expect(a[0].itemIds).toEqual([]);
      const b = await chases(org.users.managerB);
      expect(b).toHaveLength(1);
      expect(b[0].title).toBe('【报送督办】managerB：2项报送任务需要关注（其中2项已逾期）');
      expect(b[0].body).toContain(
        '报送整改方案（报送期限：2026-05-31，已逾期36天）——第1级督办（催办），逾期未报送整改方案，请单位负责人立即报送整改方案',
      );
      expect(b[0].body).toContain('报送整改情况报告（报送期限：2026-07-01，已逾期5天）');
      expect(await inbox(org.users.staffB)).toEqual([]);

      const board = await office().get('/api/v1/follow-up/board').expect(200);
      expect(board.body).toMatchObject({ obligationsOpen: 4, obligationsOverdue: 2 });
      expect(
        board.body.overdueObligations.map((o: { unitName: string; kindLabel: string; overdueDays: number; escalationLevel: number }) => [
          o.unitName,
          o.kindLabel,
          o.overdueDays,
          o.escalationLevel,
        ]),
      ).toEqual([
        ['乙单位', '报送整改方案', 36, 1],
        ['乙单位', '报送整改情况报告', 5, 1],
      ]);
    });

    it('a satisfied obligation is no longer chased; the other climbs the ladder to the office', async () => {
      const obligations = t.app.get(ObligationsService);
      const settled = await t.dataSource.transaction((m) =>
        obligations.satisfy(m, { kind: 'unit_plan', inspectionId: roundId, unitId: org.units.b }),
      );
      expect(settled).toBe(true);
      expect(
        await t.dataSource.transaction((m) => obligations.satisfy(m, { kind: 'unit_plan', inspectionId: roundId, unitId: org.units.b })),
      ).toBe(false);

      // Returned (reopen) it is chased again; settled again it is not.
      const key = { kind: 'unit_plan' as const, inspectionId: roundId, unitId: org.units.b };
      expect(await t.dataSource.transaction((m) => obligations.reopen(m, key))).toBe(true);
      const reopened = await office().get('/api/v1/follow-up/board').expect(200);
      expect(reopened.body.obligationsOverdue).toBe(2);
      expect(await t.dataSource.transaction((m) => obligations.satisfy(m, key))).toBe(true);
      expect((await office().get('/api/v1/follow-up/board').expect(200)).body.obligationsOverdue).toBe(1);

      // Settled before its feedback is recorded (a plan handed in early): the feedback only dates it.
      await t.dataSource.transaction((m) => obligations.satisfy(m, { kind: 'unit_plan', inspectionId: roundId, unitId: unitC }));
      const fc = await office().post(`/api/v1/inspections/${roundId}/feedbacks`).send({ unitId: unitC, feedbackDate: '2026-06-01' });
      expect(fc.status).toBe(201);
      const planC = fc.body.obligations.find((o: { kind: string }) => o.kind === 'unit_plan');
      expect(planC.dueDate).toBe('2026-07-01');
      expect(planC.satisfiedAt).not.toBeNull();

      t.clock.set(at('2026-07-10')); // Friday: 4 working days at level 1
      await sweep();
      await sweep();
      expect((await obligationLedger(org.units.b, 'unit_plan')).map((r) => r.level)).toEqual([1]);
      expect(await obligationLedger(unitC, 'unit_plan')).toEqual([]);
      const report = await obligationLedger(org.units.b, 'unit_report');
      expect(report.map((r) => [r.level, r.remaining_days])).toEqual([
        [1, -5],
        [2, -9],
      ]);
      expect([...report[1].recipients].sort()).toEqual([org.users.managerB.id, org.users.office.id].sort());
      const officeInbox = await inbox(org.users.office);
      expect(officeInbox.some((m) => m.body.includes('第2级督办（督办单），逾期未报送整改情况报告'))).toBe(true);
      const board = await office().get('/api/v1/follow-up/board').expect(200);
      // B's plan is settled; A's plan (due 07-06) is late now.
      expect(board.body.overdueObligations.map((o: { unitName: string; kind: string }) => [o.unitName, o.kind])).toEqual([
        ['乙单位', 'unit_report'],
        ['甲单位', 'unit_plan'],
      ]);
    });
  });

  describe('举一反三 / 未巡先改', () => {
    let ownItemB: string;
    let itemOfA: string;

    it('a common problem reaches every unit of the later batches not yet inspected, never its own', async () => {
      t.clock.set(new Date(NOW));
      const bad = await office()
        .post(`/api/v1/findings/${findingA}/common`)
        .send({ scope: 'units', dueDate: '2026-07-20', instructions: '对照检查' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('unitIds');
      const past = await office()
        .post(`/api/v1/findings/${findingA}/common`)
        .send({ scope: 'not_yet_inspected', dueDate: '2026-07-05', instructions: '对照检查' });
      expect(past.status).toBe(400); // 07-05 is yesterday in Shanghai
      const res = await office()
        .post(`/api/v1/findings/${findingA}/common`)
        .send({ scope: 'not_yet_inspected', dueDate: '2026-07-20', instructions: '请对照公务用车管理规定开展自查' });
      expect(res.status).toBe(201);
      expect(res.body.unitCount).toBe(3);
      const twice = await office()
        .post(`/api/v1/findings/${findingA}/common`)
        .send({ scope: 'all', dueDate: '2026-07-20', instructions: '再次' });
      expect(twice.status).toBe(409);
      const checks = await office().get('/api/v1/self-checks?pageSize=50').expect(200);
      expect(checks.body.data.map((c: { unitId: string }) => c.unitId).sort()).toEqual([org.units.b, unitC, unitD].sort());

      // Each unit's managers are told at once, through the ledger; D has no manager: a failure on record.
      await waitFor(async () => (await inbox(org.users.managerB)).some((m) => m.title.startsWith('【自查自纠】')), 10_000, 'the notice');
      const [notice] = (await inbox(org.users.managerB)).filter((m) => m.title.startsWith('【自查自纠】'));
      expect(notice.title).toBe('【自查自纠】managerB：巡察办下发1项自查自纠（举一反三）');
      expect(notice.body).toContain('于2026-07-20前答复');
      expect(notice.body).not.toContain('甲单位');
      const notices = await t.dataSource.query(
        `SELECT o.unit_id, l.status, l.unreached_roles FROM reminder_ledger l JOIN unit_obligations o ON o.id = l.obligation_id
          WHERE l.kind = 'self_check_notice' ORDER BY l.status`,
      );
      expect(notices).toHaveLength(3);
      expect(notices.find((r: { unit_id: string }) => r.unit_id === unitD)).toMatchObject({
        status: 'failed',
        unreached_roles: ['unit_manager'],
      });
      expect((await inbox(org.users.managerA)).some((m) => m.title.startsWith('【自查自纠】'))).toBe(false);
    });

    it('a unit sees the problem and the instructions, only its own self-check, never where it was found', async () => {
      const asB = await t.as(org.users.managerB.token).get('/api/v1/self-checks').expect(200);
      expect(asB.body.total).toBe(1);
      expect(asB.body.data[0]).toMatchObject({
        unitId: org.units.b,
        description: '公务用车管理不规范，存在公车私用情况',
        instructions: '请对照公务用车管理规定开展自查',
        dueDate: '2026-07-20',
        found: null,
      });
      const text = JSON.stringify(asB.body);
      for (const secret of [findingA, org.units.a, '甲单位', unitC, '丙单位']) expect(text).not.toContain(secret);
      expect(Object.keys(asB.body.data[0])).not.toEqual(expect.arrayContaining(['findingId']));
      expect((await t.as(org.users.staffB.token).get('/api/v1/self-checks').expect(200)).body.total).toBe(1);
      // A (the origin) received none; its sub-unit neither.
      expect((await t.as(org.users.managerA.token).get('/api/v1/self-checks').expect(200)).body.total).toBe(0);
      expect((await t.as(org.users.managerA1.token).get('/api/v1/self-checks').expect(200)).body.total).toBe(0);
    });

    it('found = true needs the unit’s own items; the answer is given once', async () => {
      [ownItemB, itemOfA] = await seedItems(t.dataSource, [
        { title: '乙单位公车自查整改', unitId: org.units.b, deadline: '2026-09-30' },
        { title: '甲单位事项', unitId: org.units.a, deadline: '2026-09-30' },
      ]);
      const [check] = (await t.as(org.users.managerB.token).get('/api/v1/self-checks').expect(200)).body.data;
      const answer = (body: object, token = org.users.managerB.token) =>
        t.as(token).post(`/api/v1/self-checks/${check.id}/answer`).send(body);
      const none = await answer({ found: true, statement: '发现同类问题' });
      expect(none.status).toBe(400);
      expect(JSON.stringify(none.body)).toContain('itemIds');
      const foreign = await answer({ found: true, statement: '发现同类问题', itemIds: [itemOfA] });
      expect(foreign.status).toBe(400);
      expect(JSON.stringify(foreign.body)).toContain(itemOfA);
      expect((await answer({ found: true, statement: '发现同类问题' }, org.users.staffB.token)).status).toBe(403);
      expect((await answer({ found: false, statement: '未发现' }, org.users.managerA.token)).status).toBe(404);
      const ok = await answer({ found: true, statement: '发现同类问题，已立行立改', itemIds: [ownItemB] });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ found: true, itemIds: [ownItemB], overdue: false });
      expect((await answer({ found: false, statement: '再答' })).status).toBe(409);
    });

    it('unanswered self-checks past due are chased, once; the answered one is not; the report shows who is late', async () => {
      t.clock.set(at('2026-07-23')); // 3 days past 07-20 in Shanghai
      await sweep();
      await sweep();
      expect(await obligationLedger(org.units.b, 'self_check')).toEqual([]);
      for (const [unitId, manager] of [
        [unitC, [managerC.id]],
        [unitD, []],
      ] as const) {
        const rows = await obligationLedger(unitId, 'self_check');
        expect(rows.map((r) => [r.kind, r.level, r.remaining_days])).toEqual([['escalation', 1, -3]]);
        expect(rows[0].recipients).toEqual(manager);
      }
      // D has no manager: on record as a failure, shown to the office.
      expect((await obligationLedger(unitD, 'self_check'))[0].unreached_roles).toEqual(['unit_manager']);
      const c = (await chases(managerC)).filter((m) => !m.title.startsWith('【自查自纠】'));
      expect(c).toHaveLength(1);
      expect(c[0].body).toContain('答复自查自纠（举一反三）（报送期限：2026-07-20，已逾期3天）');
      expect(c[0].body).not.toContain('甲单位');

      const report = await office().get('/api/v1/reports/self-checks').expect(200);
      expect(report.body.asOf).toBe('2026-07-23');
      expect(report.body.data).toHaveLength(1);
      expect(report.body.data[0]).toMatchObject({ originUnitName: '甲单位', unitCount: 3, answeredCount: 1, foundCount: 1, lateCount: 2 });
      expect(report.body.data[0].units.filter((u: { late: boolean }) => u.late).map((u: { unitName: string }) => u.unitName)).toEqual([
        '丙单位',
        '丁单位',
      ]);
      expect((await t.as(org.users.managerB.token).get('/api/v1/reports/self-checks')).status).toBe(403);
      expect((await t.as(org.adminToken).get('/api/v1/reports/self-checks')).status).toBe(403);
    });
  });
  describe('约谈 notice', () => {
    it('tells the unit’s manager of a 约谈 through the ledger (not its sub-units, not its robot); 问责 tells nobody', async () => {
      const before = (await inbox(org.users.managerA)).length;
      const beforeA1 = (await inbox(org.users.managerA1)).length;
      const interview = await office()
        .post('/api/v1/interviews')
        .send({ unitId: org.units.a, date: '2026-07-24', interviewer: '巡察办主任', note: '约谈内容仅存档KQ5' });
      expect(interview.status).toBe(201);
      await waitFor(async () => (await inbox(org.users.managerA)).length > before, 10_000, 'the 约谈 notice');
      const notices = (await inbox(org.users.managerA)).filter((m) => m.title.startsWith('【约谈通知】'));
      expect(notices).toHaveLength(1);
      const [notice] = notices;
      expect(notice.title).toBe('【约谈通知】managerA：甲单位');
      expect(notice.body).toContain('约谈日期：2026-07-24，约谈人：巡察办主任');
      expect(notice.body).not.toContain('KQ5');
      const rows = await t.dataSource.query(
        `SELECT unit_id, item_id, recipients, channels FROM reminder_ledger WHERE kind = 'interview_notice' AND interview_id = $1`,
        [interview.body.id],
      );
      expect(rows).toEqual([{ unit_id: org.units.a, item_id: null, recipients: [org.users.managerA.id], channels: ['inbox'] }]);
      expect((await inbox(org.users.managerA1)).length).toBe(beforeA1);
      expect((await inbox(org.users.managerB)).some((m) => m.title.startsWith('【约谈通知】'))).toBe(false);

      const ledgerBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM reminder_ledger`);
      const accountability = await office()
        .post('/api/v1/accountability')
        .send({ unitId: org.units.a, subject: '问责对象LM8', decision: '通报批评', decidedOn: '2026-07-24' });
      expect(accountability.status).toBe(201);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM reminder_ledger`)).toEqual(ledgerBefore);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM notifications WHERE body LIKE '%LM8%' OR title LIKE '%LM8%'`,
      );
      expect(n).toBe(0);
    });
  });

  describe('correcting a feedback date', () => {
    it('moves both deadlines, restarts the ladder of what is still owed, tells the unit with the reason; refuses what it must', async () => {
      const created = await office()
        .post(`/api/v1/inspections/${roundId}/feedbacks`)
        .send({ unitId: org.units.a1, feedbackDate: '2026-06-01' });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      // As if the wrong date had been chased already: the board's copy of the ladder stands at 2.
      await t.dataSource.query(`UPDATE unit_obligations SET escalation_level = 2 WHERE unit_id = $1 AND kind = 'unit_plan'`, [
        org.units.a1,
      ]);
      const obligations = () =>
        t.dataSource.query<{ kind: string; due: string; deadline_version: number; escalation_level: number }[]>(
          `SELECT kind, to_char(due_date, 'YYYY-MM-DD') AS due, deadline_version, escalation_level FROM unit_obligations
            WHERE unit_id = $1 AND self_check_id IS NULL ORDER BY kind`,
          [org.units.a1],
        );
      const fingerprint = async () =>
        JSON.stringify([await obligations(), await t.dataSource.query(`SELECT * FROM unit_feedbacks WHERE id = $1`, [id])]);
      const before = await fingerprint();
      const patch = (body: object, token = org.users.office.token, path = `/api/v1/inspections/${roundId}/feedbacks/${id}`) =>
        t.as(token).patch(path).send(body);

      // Refusals write nothing: blank reason, unchanged date, a unit manager, another round, an unknown record.
      expect((await patch({ feedbackDate: '2026-06-10', reason: ' \u200b ' })).status).toBe(400);
      const same = await patch({ feedbackDate: '2026-06-01', reason: '录入有误' });
      expect([same.status, same.body.message]).toEqual([400, '反馈日期已是2026-06-01，无需更正']);
      expect((await patch({ feedbackDate: '2026-06-10', reason: '录入有误' }, org.users.managerA.token)).status).toBe(403);
      const otherRound = await office()
        .post('/api/v1/inspections')
        .send({ kind: 'internal_round', title: '另一轮巡察', startDate: '2026-03-01', endDate: '2026-04-01' });
      expect(otherRound.status).toBe(201);
      expect(
        (
          await patch(
            { feedbackDate: '2026-06-10', reason: '录入有误' },
            undefined,
            `/api/v1/inspections/${otherRound.body.id}/feedbacks/${id}`,
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await patch(
            { feedbackDate: '2026-06-10', reason: '录入有误' },
            undefined,
            `/api/v1/inspections/${roundId}/feedbacks/${otherRound.body.id}`,
          )
        ).status,
      ).toBe(404);
      expect(await fingerprint()).toBe(before);

      const res = await patch({ feedbackDate: '2026-06-10', reason: '反馈会实际于6月10日召开' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ feedbackDate: '2026-06-10', planDueDate: '2026-07-10', reportDueDate: '2026-08-10' });
      expect(await obligations()).toEqual([
        { kind: 'unit_plan', due: '2026-07-10', deadline_version: 2, escalation_level: 0 },
        { kind: 'unit_report', due: '2026-08-10', deadline_version: 2, escalation_level: 0 },
      ]);
      const [audit] = await t.dataSource.query(
        `SELECT before, after FROM audit_entries WHERE action = 'feedback.correct' AND entity_id = $1`,
        [id],
      );
      expect(audit).toMatchObject({
        before: { feedbackDate: '2026-06-01' },
        after: { feedbackDate: '2026-06-10', reason: '反馈会实际于6月10日召开' },
      });
      // A1's manager is told, with the reason and the new dates; A's manager (the parent) is not.
      const told = async (u: OrgUser) => (await inbox(u)).filter((m) => m.title === '巡察反馈日期更正');
      // The inbox is written by the delivery worker after commit: wait for it, as for the other notices here.
      await waitFor(async () => (await told(org.users.managerA1)).length > 0, 10_000, 'the correction notice');
      const [notice] = await told(org.users.managerA1);
      expect(notice.body).toContain('由2026-06-01更正为2026-06-10（理由：反馈会实际于6月10日召开）');
      expect(notice.body).toContain('整改方案报送期限相应调整为2026-07-10，整改情况报告报送期限调整为2026-08-10');
      expect(await told(org.users.managerA)).toEqual([]);
    });
  });
});
