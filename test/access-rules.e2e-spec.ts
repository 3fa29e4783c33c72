import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org, type OrgUser } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Access that must end or must need a second person (issue 10): 销号 by four eyes (the approver is
 * never the submitter), and an internal round that the office closes, after which its inspectors,
 * leaders and plain members alike, no longer see the units their groups inspected in it.
 */
describe('access rules', () => {
  let t: TestApp;
  let org: Org;
  let office2: OrgUser;
  let memberOnly: OrgUser;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    const admin = t.as(org.adminToken);
    const user = async (username: string, role: string): Promise<OrgUser> => {
      const password = `${username}-pass-123`;
      const res = await admin.post('/api/v1/users').send({ username, password, displayName: username, role });
      expect(res.status).toBe(201);
      return { id: res.body.id, username, password, token: await t.login(username, password) };
    };
    office2 = await user('office2', 'office');
    memberOnly = await user('inspector2', 'inspector');
  });
  afterAll(async () => {
    await t?.close();
  });

  const move = (token: string, id: string, body: Record<string, unknown>) => t.as(token).post(`/api/v1/items/${id}/transitions`).send(body);
  const submitterOf = async (id: string) =>
    (await t.dataSource.query(`SELECT submitted_by_id FROM rectification_items WHERE id = $1`, [id]))[0].submitted_by_id as string | null;

  describe('销号 needs four eyes', () => {
    it('one office account cannot start, submit and approve an item alone; a second one can approve', async () => {
      const office1 = org.users.office;
      const [id] = await seedItems(t.dataSource, [{ title: '独自销号', unitId: org.units.a, deadline: '2026-07-31' }]);
      expect((await move(office1.token, id, { action: 'start' })).status).toBe(200);
      expect((await t.as(office1.token).post(`/api/v1/items/${id}/progress`).send({ note: '已整改', percent: 100 })).status).toBe(201);
      expect((await move(office1.token, id, { action: 'submit', explanation: '书面说明：已整改完毕' })).status).toBe(200);
      expect(await submitterOf(id)).toBe(office1.id);

      const own = await t.as(office1.token).get(`/api/v1/items/${id}`);
      expect(own.body.availableActions).toEqual(['reject']);
      const [{ n: auditBefore }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entries`);
      const refused = await move(office1.token, id, { action: 'approve' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      expect(refused.body.message).toMatch(/提交人以外/);
      const [{ status, n }] = await t.dataSource.query(
        `SELECT i.status, (SELECT count(*)::int FROM audit_entries) AS n FROM rectification_items i WHERE i.id = $1`,
        [id],
      );
      expect([status, n]).toEqual(['submitted', auditBefore]);

      const other = await t.as(office2.token).get(`/api/v1/items/${id}`);
      expect(other.body.availableActions).toEqual(['approve', 'reject']);
      const approved = await move(office2.token, id, { action: 'approve' });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('closed');
    });

    it('the submitter is cleared on reject and on reopen; a unit submission is approved by the office as before', async () => {
      const [id] = await seedItems(t.dataSource, [
        { title: '退回后重新提交', unitId: org.units.a, deadline: '2026-07-31', status: 'in_progress' },
      ]);
      const managerA = org.users.managerA;
      expect((await t.as(managerA.token).post(`/api/v1/items/${id}/progress`).send({ note: '进展' })).status).toBe(201);
      expect((await move(managerA.token, id, { action: 'submit', explanation: '说明' })).status).toBe(200);
      expect(await submitterOf(id)).toBe(managerA.id);
      expect((await move(org.users.office.token, id, { action: 'reject', reason: '材料不全' })).status).toBe(200);
      expect(await submitterOf(id)).toBeNull();

      expect((await move(org.users.office.token, id, { action: 'submit', explanation: '巡察办代为提交' })).status).toBe(200);
      expect((await move(org.users.office.token, id, { action: 'approve' })).status).toBe(403);
      expect((await move(office2.token, id, { action: 'approve' })).status).toBe(200);
      expect((await move(office2.token, id, { action: 'reopen', reason: '问题反弹' })).status).toBe(200);
      expect(await submitterOf(id)).toBeNull();

      expect((await move(managerA.token, id, { action: 'submit', explanation: '再次整改完毕' })).status).toBe(200);
      expect((await move(org.users.office.token, id, { action: 'approve' })).status).toBe(200);
    });
  });

  describe('a closed round ends its inspectors’ access', () => {
    let roundId: string;
    let itemA: string;
    let itemB: string;

    beforeAll(async () => {
      const office = t.as(org.users.office.token);
      const round = async (title: string) => {
        const res = await office
          .post('/api/v1/inspections')
          .send({ kind: 'internal_round', title, startDate: '2026-03-01', endDate: '2026-05-31' });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      roundId = await round('2026年第二轮巡察');
      const otherRound = await round('2026年第三轮巡察');
      // Round 2 inspects A: the inspector leads (not listed as a member), inspector2 is a member only.
      const g1 = await office
        .post(`/api/v1/inspections/${roundId}/groups`)
        .send({ name: '第一巡察组', leaderId: org.users.inspector.id, memberIds: [memberOnly.id], unitIds: [org.units.a] });
      expect(g1.status).toBe(201);
      // Round 3, still open, has inspector2 inspecting B.
      const g2 = await office
        .post(`/api/v1/inspections/${otherRound}/groups`)
        .send({ name: '第二巡察组', memberIds: [memberOnly.id], unitIds: [org.units.b] });
      expect(g2.status).toBe(201);
      // A measure for the findings inspectors record (any plan: these rounds serve none).
      const [{ id: higher }] = await t.dataSource.query(
        `INSERT INTO inspections (kind, title, start_date, end_date) VALUES ('higher_level', '上级巡视', '2026-01-01', '2026-02-01') RETURNING id`,
      );
      const [{ id: planId }] = await t.dataSource.query(
        `INSERT INTO rectification_plans (inspection_id, title) VALUES ($1, '整改方案') RETURNING id`,
        [higher],
      );
      await t.dataSource.query(
        `INSERT INTO measures (plan_id, number, content, rectification_type) VALUES ($1, 1, '第1条整改措施', 'time_limited')`,
        [planId],
      );
      [itemA, itemB] = await seedItems(t.dataSource, [
        { title: '甲单位巡察事项', unitId: org.units.a, deadline: '2026-07-31' },
        { title: '乙单位巡察事项', unitId: org.units.b, deadline: '2026-07-31' },
      ]);
    });

    /** An inspector records a finding at unit A in the round. */
    const recordFinding = async (token: string) => {
      const [{ id: measureId }] = await t.dataSource.query(`SELECT id FROM measures LIMIT 1`);
      return t
        .as(token)
        .post('/api/v1/findings')
        .send({
          inspectionId: roundId,
          unitId: org.units.a,
          category: '中央八项规定精神',
          description: '巡察发现的问题',
          measureIds: [measureId],
        });
    };

    const inspectors = () =>
      [
        ['leader', org.users.inspector.token],
        ['member only', memberOnly.token],
      ] as const;

    it('while the round is open, leader and member see the inspected unit and the round', async () => {
      for (const [, token] of inspectors()) {
        expect((await t.as(token).get(`/api/v1/items/${itemA}`)).status).toBe(200);
        expect((await t.as(token).get(`/api/v1/inspections/${roundId}`)).status).toBe(200);
      }
      expect((await recordFinding(memberOnly.token)).status).toBe(201);
    });

    it('only the office closes a round, and only an internal round', async () => {
      expect((await t.as(org.users.managerA.token).post(`/api/v1/inspections/${roundId}/close`)).status).toBe(403);
      expect((await t.as(org.users.inspector.token).post(`/api/v1/inspections/${roundId}/close`)).status).toBe(403);
      const [{ id: higher }] = await t.dataSource.query(
        `INSERT INTO inspections (kind, title, start_date, end_date) VALUES ('higher_level', '上级巡视', '2026-01-01', '2026-02-01') RETURNING id`,
      );
      expect((await t.as(org.users.office.token).post(`/api/v1/inspections/${higher}/close`)).status).toBe(409);
    });

    it('once closed, neither the leader nor a plain member sees the round’s units or the round; other rounds are untouched', async () => {
      const closed = await t.as(org.users.office.token).post(`/api/v1/inspections/${roundId}/close`);
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ id: roundId, status: 'closed' });
      expect(closed.body.closedAt).toBeTruthy();
      expect((await t.as(org.users.office.token).post(`/api/v1/inspections/${roundId}/close`)).status).toBe(409);

      for (const [who, token] of inspectors()) {
        const as = t.as(token);
        expect([who, (await as.get(`/api/v1/items/${itemA}`)).status]).toEqual([who, 404]);
        expect([who, (await as.get(`/api/v1/inspections/${roundId}`)).status]).toEqual([who, 404]);
        expect([who, (await recordFinding(token)).status]).toEqual([who, 404]);
        const list = await as.get('/api/v1/items');
        expect(list.body.data.map((i: { id: string }) => i.id)).not.toContain(itemA);
        expect((await as.get(`/api/v1/inspections`)).body.map((i: { id: string }) => i.id)).not.toContain(roundId);
      }
      expect((await t.as(memberOnly.token).get(`/api/v1/items/${itemB}`)).status).toBe(200);
      // The office still sees everything, and the round says it is closed.
      expect((await t.as(org.users.office.token).get(`/api/v1/inspections/${roundId}`)).body.status).toBe('closed');

      // The inspectors are told, through the notification ledger.
      const told: { user_id: string }[] = await t.dataSource.query(
        `SELECT DISTINCT d.user_id FROM notification_deliveries d JOIN notification_messages m ON m.id = d.message_id WHERE m.key LIKE $1`,
        [`round-closed:${roundId}:%`],
      );
      expect(told.map((r) => r.user_id).sort()).toEqual([org.users.inspector.id, memberOnly.id].sort());
    });

    it('reopening the round gives the access back', async () => {
      const reopened = await t.as(org.users.office.token).post(`/api/v1/inspections/${roundId}/reopen`);
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });
      for (const [, token] of inspectors()) expect((await t.as(token).get(`/api/v1/items/${itemA}`)).status).toBe(200);
    });
  });
});
