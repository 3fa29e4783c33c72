import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Decisions about people, inspection groups and measures tell whom they concern, through the one
 * notification ledger, in the decision's transaction (kind decision): an admin's change of a user
 * (deactivation, role or unit, password reset), a group's assignment, a round closed or reopened, a
 * measure's units or deadline changed, its 对账销号 and undoing. Exactly who is told what (the inbox
 * row of each delivery), never the person who acted, and a refused request tells nobody.
 */
describe('people, groups and measures: who is told what', () => {
  let t: TestApp;
  let org: Org;
  /** Readable names for user ids in the assertions. */
  const names = new Map<string, string>();
  const admin = () => t.as(org.adminToken);
  const office = () => t.as(org.users.office.token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    for (const [name, u] of Object.entries(org.users)) names.set(u.id, name);
  });
  afterAll(async () => {
    await t?.close();
  });

  const newUser = async (username: string, role: string, unitId?: string, displayName = username) => {
    const password = `${username}-pass-123`;
    const res = await admin().post('/api/v1/users').send({ username, password, displayName, role, unitId });
    expect(res.status).toBe(201);
    names.set(res.body.id, username);
    return { id: res.body.id as string, username, password };
  };

  /** Every inbox delivery so far whose message key starts with `prefix`. */
  const inbox = async (prefix: string) =>
    t.dataSource.query<{ id: string; user_id: string; title: string; body: string }[]>(
      `SELECT d.id, d.user_id, m.title, m.body FROM notification_deliveries d JOIN notification_messages m ON m.id = d.message_id
        WHERE d.channel = 'inbox' AND m.key LIKE $1 ORDER BY m.key, d.user_id`,
      [`${prefix}%`],
    );
  /** What `change` told, by recipient name: `{ name: [{title, body}] }`; the change must answer `status`. */
  const told = async (prefix: string, change: () => Promise<{ status: number; body: unknown }>, status: number) => {
    const before = new Set((await inbox(prefix)).map((r) => r.id));
    const res = await change();
    expect([res.status, res.status === status ? null : res.body]).toEqual([status, null]);
    const out: Record<string, { title: string; body: string }[]> = {};
    for (const r of await inbox(prefix)) {
      if (before.has(r.id)) continue;
      (out[names.get(r.user_id) ?? r.user_id] ??= []).push({ title: r.title, body: r.body });
    }
    return out;
  };

  describe('an admin’s change of a user (PATCH /users/:id, POST /users/:id/password)', () => {
    const patch = (id: string, body: object) => () => admin().patch(`/api/v1/users/${id}`).send(body);

    it('deactivation tells the office (all the user’s open items) and the unit’s managers (their unit’s only); not the admin', async () => {
      const u = await newUser('zhangsan', 'unit_staff', org.units.a, '张三');
      await seedItems(t.dataSource, [
        { title: '甲单位未销号一', unitId: org.units.a, deadline: '2026-09-30', ownerId: u.id, status: 'in_progress' },
        { title: '甲单位未销号二', unitId: org.units.a, deadline: '2026-09-30', ownerId: u.id, status: 'submitted' },
        { title: '甲单位已销号', unitId: org.units.a, deadline: '2026-09-30', ownerId: u.id, status: 'closed' },
        { title: '乙单位未销号', unitId: org.units.b, deadline: '2026-09-30', ownerId: u.id },
      ]);

      // Refused changes tell nobody.
      expect(await told('user-', patch(u.id, { unitId: null }), 400)).toEqual({});
      expect(await told('user-', () => admin().patch(`/api/v1/users/${u.id}`).send({ active: 'no' }), 400)).toEqual({});
      const adminId = (await admin().get('/api/v1/auth/me')).body.id as string;
      expect(await told('user-', patch(adminId, { active: false }), 409)).toEqual({});

      expect(await told('user-change:', patch(u.id, { active: false }), 200)).toEqual({
        office: [{ title: '账号停用', body: '用户“张三”（zhangsan）的账号已停用；其负责的3项整改事项尚未销号，请及时重新指派责任人。' }],
        managerA: [
          {
            title: '账号停用',
            body: '本单位用户“张三”（zhangsan）的账号已停用；其负责的本单位2项整改事项尚未销号，请及时重新指派责任人。',
          },
        ],
      });

      // Reactivation tells the user; a user without open items is deactivated without the clause.
      expect(await told('user-change:', patch(u.id, { active: true }), 200)).toEqual({
        zhangsan: [{ title: '账号启用', body: '您的账号已重新启用，可以登录系统。' }],
      });
      const idle = await newUser('lisi', 'unit_staff', org.units.b, '李四');
      expect(await told('user-change:', patch(idle.id, { active: false }), 200)).toEqual({
        office: [{ title: '账号停用', body: '用户“李四”（lisi）的账号已停用。' }],
        managerB: [{ title: '账号停用', body: '本单位用户“李四”（lisi）的账号已停用。' }],
      });
      // Neither a display name nor the e-mail is a decision anyone must hear of.
      expect(await told('user-change:', patch(u.id, { displayName: '张三丰', email: 'z@example.cn' }), 200)).toEqual({});
      await admin().patch(`/api/v1/users/${u.id}`).send({ displayName: '张三' }).expect(200);
    });

    it('a role change tells the user; a unit move also the old and the new unit’s managers', async () => {
      const u = await newUser('wangwu', 'unit_staff', org.units.a, '王五');
      await seedItems(t.dataSource, [
        { title: '王五的甲单位事项', unitId: org.units.a, deadline: '2026-09-30', ownerId: u.id, status: 'in_progress' },
      ]);
      expect(await told('user-change:', patch(u.id, { role: 'unit_manager' }), 200)).toEqual({
        wangwu: [{ title: '账号角色调整', body: '您的账号角色已调整为“单位负责人”，请重新登录。' }],
      });
      // A unit that does not exist: refused, nobody told.
      expect(await told('user-', patch(u.id, { unitId: '00000000-0000-4000-8000-000000000000' }), 400)).toEqual({});

      expect(await told('user-change:', patch(u.id, { unitId: org.units.b }), 200)).toEqual({
        wangwu: [{ title: '账号所属单位调整', body: '您的账号所属单位已调整为“乙单位”，请重新登录。' }],
        managerA: [
          { title: '人员调出', body: '用户“王五”（wangwu）已调离本单位；其负责的本单位1项整改事项尚未销号，请及时重新指派责任人。' },
        ],
        managerB: [{ title: '人员调入', body: '用户“王五”（wangwu）已调入本单位，角色为“单位负责人”。' }],
      });

      expect(await told('user-change:', patch(u.id, { role: 'unit_staff', unitId: org.units.a1 }), 200)).toEqual({
        wangwu: [{ title: '账号角色和所属单位调整', body: '您的账号角色已调整为“责任人”，所属单位已调整为“甲单位下属科室”，请重新登录。' }],
        // B's other manager is told; wangwu, a manager of B until now, is told only as the user.
        managerB: [{ title: '人员调出', body: '用户“王五”（wangwu）已调离本单位。' }],
        managerA1: [{ title: '人员调入', body: '用户“王五”（wangwu）已调入本单位，角色为“责任人”。' }],
      });
    });

    it('an admin’s password reset tells the user; a refused one, or the user changing their own, tells nobody', async () => {
      const u = await newUser('zhaoliu', 'unit_staff', org.units.a, '赵六');
      const reset = (newPassword: string) => () => admin().post(`/api/v1/users/${u.id}/password`).send({ newPassword });
      expect(await told('user-', reset('weakweakweak'), 400)).toEqual({});
      expect(
        await told('user-', () => office().post(`/api/v1/users/${u.id}/password`).send({ newPassword: 'Reset-by-office-1' }), 403),
      ).toEqual({});
      expect(await told('user-password-reset:', reset('Temporary-2026x'), 200)).toEqual({
        zhaoliu: [{ title: '密码已重置', body: '系统管理员已重置您的登录密码，请登录后立即修改；如非本人申请，请联系管理员。' }],
      });
      const token = await t.login(u.username, 'Temporary-2026x');
      const own = () =>
        t.as(token).post('/api/v1/auth/password').send({ currentPassword: 'Temporary-2026x', newPassword: 'Own-choice-2026' });
      expect(await told('user-', own, 200)).toEqual({});
    });
  });

  describe('inspection groups and rounds (POST /inspections/:id/groups, /close, /reopen)', () => {
    let roundId: string;
    let batchId: string;
    let member: { id: string };

    beforeAll(async () => {
      const round = await office()
        .post('/api/v1/inspections')
        .send({ kind: 'internal_round', title: '2026年第一轮巡察', startDate: '2026-03-01', endDate: '2026-05-31' });
      expect(round.status).toBe(201);
      roundId = round.body.id;
      const batch = await office()
        .post(`/api/v1/inspections/${roundId}/batches`)
        .send({ number: 1, startDate: '2026-03-01', endDate: '2026-03-21' });
      expect(batch.status).toBe(201);
      batchId = batch.body.id;
      member = await newUser('inspector2', 'inspector');
    });
    const addGroup = (body: object) => () => office().post(`/api/v1/inspections/${roundId}/groups`).send(body);

    it('tells the leader and each member of their part, the round and the units to inspect; a refused group tells nobody', async () => {
      const nobody = '00000000-0000-4000-8000-000000000000';
      expect(await told('group-', addGroup({ name: '第一巡察组', leaderId: nobody, unitIds: [org.units.a] }), 400)).toEqual({});
      expect(
        await told('group-', addGroup({ name: '第一巡察组', leaderId: org.users.inspector.id, unitIds: [org.units.a, nobody] }), 400),
      ).toEqual({});

      const body = {
        name: '第一巡察组',
        batchId,
        leaderId: org.users.inspector.id,
        memberIds: [org.users.inspector.id, member.id],
        unitIds: [org.units.b, org.units.a],
      };
      expect(await told('group-assigned:', addGroup(body), 201)).toEqual({
        inspector: [
          {
            title: '巡察组分派',
            body: '您已被编入《2026年第一轮巡察》第一巡察组（组长），第1批次（2026-03-01至2026-03-21），负责巡察：甲单位、乙单位。',
          },
        ],
        inspector2: [
          {
            title: '巡察组分派',
            body: '您已被编入《2026年第一轮巡察》第一巡察组（组员），第1批次（2026-03-01至2026-03-21），负责巡察：甲单位、乙单位。',
          },
        ],
      });
    });

    it('closing and reopening the round tell its leader and members; a refused close tells nobody', async () => {
      const close = () => office().post(`/api/v1/inspections/${roundId}/close`);
      expect(await told('round-', close, 200)).toEqual({
        inspector: [{ title: '巡察轮次“2026年第一轮巡察”已结束', body: expect.stringContaining('查阅权限随之终止') }],
        inspector2: [{ title: '巡察轮次“2026年第一轮巡察”已结束', body: expect.stringContaining('查阅权限随之终止') }],
      });
      expect(await told('round-', close, 409)).toEqual({});
      // The clock stands still: a reopen and a second close in the same instant are still told each.
      const reopened = await told('round-', () => office().post(`/api/v1/inspections/${roundId}/reopen`), 200);
      expect(Object.keys(reopened).sort()).toEqual(['inspector', 'inspector2']);
      expect(reopened.inspector).toEqual([{ title: '巡察轮次“2026年第一轮巡察”已重新开启', body: expect.stringContaining('恢复') }]);
      expect(Object.keys(await told('round-closed:', close, 200)).sort()).toEqual(['inspector', 'inspector2']);
    });
  });

  describe('measures (PATCH /measures/:id, POST /measures/:id/signoff and /reopen)', () => {
    let measureId: string;
    let c: string;
    beforeAll(async () => {
      const unit = await admin().post('/api/v1/units').send({ code: 'C', name: '丙单位' });
      expect(unit.status).toBe(201);
      c = unit.body.id;
      const managerC = await newUser('managerC', 'unit_manager', c);
      expect(managerC.id).toBeTruthy();
      const [{ id: higher }] = await t.dataSource.query(
        `INSERT INTO inspections (kind, title, start_date, end_date) VALUES ('higher_level', '上级巡视', '2026-01-01', '2026-02-01') RETURNING id`,
      );
      const [{ id: planId }] = await t.dataSource.query(
        `INSERT INTO rectification_plans (inspection_id, title) VALUES ($1, '整改方案') RETURNING id`,
        [higher],
      );
      [{ id: measureId }] = await t.dataSource.query(
        `INSERT INTO measures (plan_id, number, content, rectification_type, deadline_text, lead_unit_id)
         VALUES ($1, 7, '建立健全“第一议题”学习制度', 'time_limited', '2026年9月底前', $2) RETURNING id`,
        [planId, org.units.a],
      );
    });
    const patch = (body: object) => () => office().patch(`/api/v1/measures/${measureId}`).send(body);

    it('tells each unit added, removed or switched of its own part, and units keeping theirs of a new deadline; never the office', async () => {
      // A unit that does not exist: refused, nobody told.
      expect(await told('measure-', patch({ cooperatingUnitIds: [org.units.b, '00000000-0000-4000-8000-000000000000'] }), 400)).toEqual({});

      expect(await told('measure-units:', patch({ cooperatingUnitIds: [org.units.b] }), 200)).toEqual({
        managerB: [
          {
            title: '整改措施第7条配合单位调整',
            body: '本单位已被确定为整改措施第7条（建立健全“第一议题”学习制度）的配合单位，完成时限：2026年9月底前，请抓好落实。',
          },
        ],
      });

      expect(await told('measure-units:', patch({ deadline: '2026-10-31' }), 200)).toEqual({
        managerA: [
          {
            title: '整改措施第7条完成时限调整',
            body: '本单位牵头的整改措施第7条（建立健全“第一议题”学习制度）完成时限已由“2026年9月底前”调整为“2026-10-31”。',
          },
        ],
        managerB: [
          {
            title: '整改措施第7条完成时限调整',
            body: '本单位配合的整改措施第7条（建立健全“第一议题”学习制度）完成时限已由“2026年9月底前”调整为“2026-10-31”。',
          },
        ],
      });

      // A new lead (C), the old lead (A) now cooperating, B dropped — and a new deadline: one message each.
      expect(
        await told('measure-units:', patch({ leadUnitId: c, cooperatingUnitIds: [org.units.a], deadline: '2026-11-30' }), 200),
      ).toEqual({
        managerC: [
          {
            title: '整改措施第7条牵头单位调整',
            body: '本单位已被确定为整改措施第7条（建立健全“第一议题”学习制度）的牵头单位，完成时限：2026-11-30，请抓好落实。',
          },
        ],
        managerA: [
          {
            title: '整改措施第7条配合单位调整',
            body: '本单位不再牵头、调整为整改措施第7条（建立健全“第一议题”学习制度）的配合单位，完成时限：2026-11-30，请抓好落实。',
          },
        ],
        managerB: [{ title: '整改措施第7条配合单位调整', body: '本单位不再配合整改措施第7条（建立健全“第一议题”学习制度）。' }],
      });

      // The same values again, or another field: nothing to tell.
      expect(await told('measure-units:', patch({ leadUnitId: c, deadline: '2026-11-30', responsibleLeader: '党组书记' }), 200)).toEqual(
        {},
      );
    });

    it('a sign-off and its undoing tell the lead unit and each cooperating unit, in their own words; a refused one nobody', async () => {
      const signoff = (statement: string) => () => office().post(`/api/v1/measures/${measureId}/signoff`).send({ statement });
      // No item yet: refused.
      expect(await told('measure:', signoff('已完成'), 409)).toEqual({});
      await t.dataSource.query(
        `INSERT INTO rectification_items (measure_id, title, responsible_unit_id, deadline, original_deadline, rectification_type, status, closed_at, version)
         VALUES ($1, '学习制度已印发', $2, '2026-09-30', '2026-09-30', 'time_limited', 'closed', now(), 1)`,
        [measureId, c],
      );
      expect(await told('measure:', signoff('制度已印发执行'), 200)).toEqual({
        managerC: [{ title: '整改措施第7条已对账销号', body: '巡察办已对本单位牵头的整改措施第7条对账销号。销号说明：制度已印发执行' }],
        managerA: [{ title: '整改措施第7条已对账销号', body: '巡察办已对本单位配合的整改措施第7条对账销号。销号说明：制度已印发执行' }],
      });
      expect(await told('measure:', signoff('再次'), 409)).toEqual({});
      expect(
        await told('measure:', () => office().post(`/api/v1/measures/${measureId}/reopen`).send({ reason: '执行不到位' }), 200),
      ).toEqual({
        managerC: [
          {
            title: '整改措施第7条对账销号已撤销',
            body: '巡察办撤销了本单位牵头的整改措施第7条的对账销号，请继续落实。撤销理由：执行不到位',
          },
        ],
        managerA: [
          {
            title: '整改措施第7条对账销号已撤销',
            body: '巡察办撤销了本单位配合的整改措施第7条的对账销号，请继续落实。撤销理由：执行不到位',
          },
        ],
      });
    });
  });
});
