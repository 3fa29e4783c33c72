import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The admin's unit tree over HTTP (issue 14): rename, move (and the unit-subtree scope following
 * the move at once), cycles and top-level moves refused, deactivate/reactivate and what a
 * deactivated unit still does and no longer takes; only the admin; bad input writes nothing.
 *
 * Tree: A (甲单位) ─ A1, B (乙单位), plus C ─ C1 ─ C2 made here for the deeper cases.
 */
describe('units admin (PATCH /units/{id})', () => {
  let t: TestApp;
  let org: Org;
  let c: string;
  let c1: string;
  let c2: string;
  const units = () => t.as(org.adminToken);
  const patch = (id: string, body: unknown, token = org.adminToken) =>
    t
      .as(token)
      .patch(`/api/v1/units/${id}`)
      .send(body as object);
  const unitRow = async (id: string) =>
    (await t.dataSource.query(`SELECT code, name, parent_id, active FROM units WHERE id = $1`, [id]))[0] as Record<string, unknown>;
  type AuditRow = { action: string; before: Record<string, unknown>; after: Record<string, unknown> };
  const auditOf = async (id: string) =>
    (await t.dataSource.query<AuditRow[]>(`SELECT action, before, after FROM audit_entries WHERE entity_id = $1 ORDER BY id`, [id])).filter(
      (e) => e.action !== 'unit.create',
    );
  const create = async (code: string, name: string, parentId?: string) => {
    const res = await units().post('/api/v1/units').send({ code, name, parentId });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    c = await create('C', '丙单位');
    c1 = await create('C1', '丙单位一科', c);
    c2 = await create('C2', '丙单位一科二组', c1);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('renames a unit (name and code) with one audit entry holding before and after', async () => {
    const res = await patch(org.units.b, { name: '乙单位（更名）', code: 'B-NEW' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: org.units.b, name: '乙单位（更名）', code: 'B-NEW', active: true, parentId: null });
    expect((await units().get(`/api/v1/units/${org.units.b}`)).body.name).toBe('乙单位（更名）');
    expect(await auditOf(org.units.b)).toEqual([
      { action: 'unit.rename', before: { code: 'B', name: '乙单位' }, after: { code: 'B-NEW', name: '乙单位（更名）' } },
    ]);
    // Back again, and a code already taken is a conflict that changes nothing.
    expect((await patch(org.units.b, { name: '乙单位', code: 'B' })).status).toBe(200);
    const taken = await patch(org.units.b, { code: 'A' });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain('A');
    expect(await unitRow(org.units.b)).toMatchObject({ code: 'B', name: '乙单位' });
  });

  it('moves a unit: the old parent’s manager loses sight of its items, the new parent’s manager gains it', async () => {
    const [itemA1] = await seedItems(t.dataSource, [{ title: '下属科室的整改事项', unitId: org.units.a1, deadline: '2026-09-30' }]);
    const sees = async (token: string) => {
      const one = await t.as(token).get(`/api/v1/items/${itemA1}`);
      const list = await t.as(token).get('/api/v1/items?pageSize=200');
      const inList = (list.body.data as { id: string }[]).some((i) => i.id === itemA1);
      expect(one.status === 200).toBe(inList);
      const unitsSeen = (await t.as(token).get('/api/v1/units')).body as { id: string }[];
      return { item: inList, unit: unitsSeen.some((u) => u.id === org.units.a1) };
    };
    expect(await sees(org.users.managerA.token)).toEqual({ item: true, unit: true });
    expect(await sees(org.users.managerB.token)).toEqual({ item: false, unit: false });

    const res = await patch(org.units.a1, { parentId: org.units.b });
    expect(res.status).toBe(200);
    expect(res.body.parentId).toBe(org.units.b);
    // Same sessions, no new login: the subtree is read from the tree on every request.
    expect(await sees(org.users.managerA.token)).toEqual({ item: false, unit: false });
    expect(await sees(org.users.managerB.token)).toEqual({ item: true, unit: true });
    // The sub-unit's own manager keeps its unit; office filters by the new parent roll it up.
    expect((await t.as(org.users.managerA1.token).get(`/api/v1/items/${itemA1}`)).status).toBe(200);
    const underB = await t.as(org.users.office.token).get(`/api/v1/items?unitId=${org.units.b}&pageSize=200`);
    expect((underB.body.data as { id: string }[]).map((i) => i.id)).toContain(itemA1);
    expect(await auditOf(org.units.a1)).toEqual([
      { action: 'unit.move', before: { parentId: org.units.a }, after: { parentId: org.units.b } },
    ]);

    expect((await patch(org.units.a1, { parentId: org.units.a })).status).toBe(200);
    expect(await sees(org.users.managerA.token)).toEqual({ item: true, unit: true });
    expect(await sees(org.users.managerB.token)).toEqual({ item: false, unit: false });
  });

  it('refuses a cycle (under itself or its own descendant) and moving a top-level unit, naming why', async () => {
    const before = await auditOf(c1);
    const self = await patch(c1, { parentId: c1 });
    expect(self.status).toBe(409);
    expect(self.body.message).toContain('其自身');
    const descendant = await patch(c1, { parentId: c2 });
    expect(descendant.status).toBe(409);
    expect(descendant.body.message).toContain('丙单位一科二组');
    const root = await patch(c, { parentId: org.units.a });
    expect(root.status).toBe(409);
    expect(root.body.message).toContain('顶级单位');
    expect(await unitRow(c1)).toMatchObject({ parent_id: c });
    expect(await unitRow(c)).toMatchObject({ parent_id: null });
    expect(await auditOf(c1)).toEqual(before);
    // A move further down a sibling branch is fine.
    expect((await patch(c2, { parentId: c })).status).toBe(200);
    expect((await patch(c2, { parentId: c1 })).status).toBe(200);
  });

  it('two opposite moves at once never make a cycle: one wins, the other is refused', async () => {
    const p = await create('P', '丁单位');
    for (let round = 0; round < 5; round++) {
      const x = await create(`PX${round}`, `丁单位甲科${round}`, p);
      const y = await create(`PY${round}`, `丁单位乙科${round}`, p);
      const [a, b] = await Promise.all([patch(x, { parentId: y }), patch(y, { parentId: x })]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      // Whatever won, both are still under P.
      const under: { id: string }[] = await t.dataSource.query(
        `WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $1 UNION SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub`,
        [p],
      );
      expect(under.map((u) => u.id)).toEqual(expect.arrayContaining([x, y]));
    }
  });

  it('deactivates a unit: it keeps its items and users but takes nothing new; reactivating restores that', async () => {
    const [itemC2] = await seedItems(t.dataSource, [{ title: '丙单位二组的整改事项', unitId: c2, deadline: '2026-09-30' }]);
    const password = 'staffC2-pass-123';
    const staff = await units()
      .post('/api/v1/users')
      .send({ username: 'staffC2', password, displayName: '丙二组员工', role: 'unit_staff', unitId: c2 });
    expect(staff.status).toBe(201);

    // A unit with active sub-units cannot be deactivated.
    const withChild = await patch(c1, { active: false });
    expect(withChild.status).toBe(409);
    expect(withChild.body.message).toContain('丙单位一科二组');
    expect(await unitRow(c1)).toMatchObject({ active: true });

    const off = await patch(c2, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(((await units().get('/api/v1/units')).body as { id: string; active: boolean }[]).find((u) => u.id === c2)?.active).toBe(false);
    expect(await auditOf(c2)).toContainEqual({ action: 'unit.deactivate', before: { active: true }, after: { active: false } });

    // Its people still sign in and see their work.
    const token = await t.login('staffC2', password);
    expect((await t.as(token).get(`/api/v1/items/${itemC2}`)).status).toBe(200);

    // Nothing new goes to it: users (new or moved in), items, findings, group assignments, sub-units, moves in.
    const office = t.as(org.users.office.token);
    const round = await office
      .post('/api/v1/inspections')
      .send({ kind: 'internal_round', title: '停用单位测试轮次', startDate: '2026-03-01', endDate: '2026-05-31' });
    expect(round.status).toBe(201);
    const finding = await t.dataSource.query(`SELECT finding_id FROM rectification_items WHERE id = $1`, [itemC2]);
    const refusals = {
      newUser: await units()
        .post('/api/v1/users')
        .send({ username: 'staffC2b', password, displayName: '新员工', role: 'unit_staff', unitId: c2 }),
      movedUser: await units().patch(`/api/v1/users/${org.users.staffB.id}`).send({ unitId: c2 }),
      item: await office.post('/api/v1/items').send({
        findingId: finding[0].finding_id,
        title: '新事项',
        responsibleUnitId: c2,
        deadline: '2026-10-31',
        rectificationType: 'time_limited',
      }),
      finding: await office
        .post('/api/v1/findings')
        .send({ inspectionId: round.body.id, unitId: c2, category: '其他', description: '停用单位的新问题' }),
      group: await office.post(`/api/v1/inspections/${round.body.id}/groups`).send({ name: '第九巡察组', unitIds: [c2] }),
      subUnit: await units().post('/api/v1/units').send({ code: 'C2X', name: '停用单位的下级', parentId: c2 }),
      moveIn: await patch(org.units.a1, { parentId: c2 }),
    };
    for (const [what, res] of Object.entries(refusals)) {
      expect([what, res.status]).toEqual([what, 409]);
      expect([what, res.body.message]).toEqual([what, expect.stringContaining('已停用')]);
    }
    expect(await t.dataSource.query(`SELECT 1 FROM users WHERE username = 'staffC2b'`)).toEqual([]);
    expect(await t.dataSource.query(`SELECT 1 FROM units WHERE code = 'C2X'`)).toEqual([]);
    expect(await t.dataSource.query(`SELECT 1 FROM rectification_items WHERE responsible_unit_id = $1 AND title = '新事项'`, [c2])).toEqual(
      [],
    );
    expect(await unitRow(org.units.a1)).toMatchObject({ parent_id: org.units.a });

    // Deactivating the parent now works (its only child is inactive); the child cannot come back
    // under an inactive parent; the parent first, then the child.
    expect((await patch(c1, { active: false })).status).toBe(200);
    const orphan = await patch(c2, { active: true });
    expect(orphan.status).toBe(409);
    expect(orphan.body.message).toContain('丙单位一科');
    expect((await patch(c1, { active: true })).status).toBe(200);
    const back = await patch(c2, { active: true });
    expect(back.status).toBe(200);
    expect(back.body.active).toBe(true);
    expect(await auditOf(c2)).toContainEqual({ action: 'unit.reactivate', before: { active: false }, after: { active: true } });
    const again = await units()
      .post('/api/v1/users')
      .send({ username: 'staffC2b', password, displayName: '新员工', role: 'unit_staff', unitId: c2 });
    expect(again.status).toBe(201);
  });

  it('tells the people a change concerns, through the notification ledger: the unit’s users, the old and new parent’s managers, the office', async () => {
    const p = await create('NP', '己单位');
    const q = await create('NQ', '庚单位');
    const x = await create('NX', '己单位三科', p);
    const person = async (username: string, role: string, unitId?: string) => {
      const res = await units().post('/api/v1/users').send({ username, password: 'notify-pass-123', displayName: username, role, unitId });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const mgrP = await person('mgrP', 'unit_manager', p);
    const staffP = await person('staffP', 'unit_staff', p);
    const mgrQ = await person('mgrQ', 'unit_manager', q);
    const mgrX = await person('mgrX', 'unit_manager', x);
    const staffX = await person('staffX', 'unit_staff', x);
    await seedItems(t.dataSource, [
      { title: '三科未销号事项', unitId: x, deadline: '2026-12-31', status: 'in_progress' },
      { title: '三科已销号事项', unitId: x, deadline: '2026-06-30', status: 'closed' },
    ]);
    const everyone = { mgrP, staffP, mgrQ, mgrX, staffX, office: org.users.office.id, managerA: org.users.managerA.id };
    /** What each person's inbox got about unit changes so far (titles and bodies), by name. */
    const told = async () => {
      const rows: { user_id: string; body: string }[] = await t.dataSource.query(
        `SELECT d.user_id, m.body FROM notification_deliveries d JOIN notification_messages m ON m.id = d.message_id
          WHERE d.channel = 'inbox' AND m.key LIKE 'unit-change:%' ORDER BY d.created_at, m.key`,
      );
      return Object.fromEntries(
        Object.entries(everyone).map(([who, id]) => [who, rows.filter((r) => r.user_id === id).map((r) => r.body)]),
      );
    };

    /** What each person was told by the change `change` makes (the test clock stands still: compare with before). */
    const after = async (change: () => Promise<number>, status = 200) => {
      const before = await told();
      expect(await change()).toBe(status);
      const now = await told();
      return Object.fromEntries(Object.entries(now).map(([who, bodies]) => [who, bodies.filter((b) => !before[who].includes(b))]));
    };
    const patched = (id: string, body: object) => async () => (await patch(id, body)).status;

    let news = await after(patched(x, { name: '己单位综合科', code: 'NX9' }));
    expect(news.mgrX).toEqual([expect.stringContaining('由“己单位三科”（编码 NX）调整为“己单位综合科”（编码 NX9）')]);
    expect(news.staffX).toEqual(news.mgrX);
    expect([news.mgrP, news.staffP, news.mgrQ, news.office, news.managerA]).toEqual([[], [], [], [], []]);

    // A refused change tells nobody.
    news = await after(patched(p, { parentId: q }), 409);
    expect(Object.values(news).flat()).toEqual([]);

    news = await after(patched(x, { parentId: q }));
    expect(news.mgrX).toEqual([expect.stringContaining('由“己单位”调整为“庚单位”的下级单位')]);
    expect(news.staffX).toEqual(news.mgrX);
    expect(news.mgrP).toEqual([expect.stringContaining('“己单位综合科”已调出本单位')]);
    expect(news.mgrQ).toEqual([expect.stringContaining('“己单位综合科”已调整为本单位的下级单位（原属“己单位”）')]);
    // Only managers of the parents: staff there see only their own unit's items anyway.
    expect([news.staffP, news.office, news.managerA]).toEqual([[], [], []]);

    news = await after(patched(x, { active: false }));
    expect(news.office).toEqual([expect.stringContaining('单位“己单位综合科”已停用，不再接收新的整改事项；仍有 1 项整改事项未销号')]);
    expect(news.mgrX).toEqual([expect.stringContaining('本单位已停用')]);
    expect(news.staffX).toEqual(news.mgrX);
    expect([news.mgrP, news.mgrQ, news.managerA]).toEqual([[], [], []]);

    news = await after(patched(x, { active: true }));
    expect(news.office).toEqual([expect.stringContaining('单位“己单位综合科”已重新启用')]);
    expect(news.mgrX).toEqual([expect.stringContaining('本单位已重新启用')]);
  });

  it('is the admin’s alone: every other role is refused (403) and nothing changes', async () => {
    for (const who of ['office', 'leadership', 'managerA', 'staffA', 'inspector'] as const) {
      const res = await patch(org.units.a, { name: '被改的名字' }, org.users[who].token);
      expect([who, res.status]).toEqual([who, 403]);
    }
    expect(await unitRow(org.units.a)).toMatchObject({ name: '甲单位' });
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const before = { row: await unitRow(org.units.a1), audit: await auditOf(org.units.a1) };
    const bad: [string, unknown][] = [
      ['empty body', {}],
      ['blank name', { name: '  \u200b ' }],
      ['null name', { name: null }],
      ['null parent', { parentId: null }],
      ['bad parent id', { parentId: 'not-a-uuid' }],
      ['bad code', { code: '甲 单位' }],
      ['active as text', { active: 'no' }],
      ['unknown field', { name: '新名字', deleted: true }],
      ['name too long', { name: '名'.repeat(201) }],
    ];
    for (const [what, body] of bad) {
      const res = await patch(org.units.a1, body);
      expect([what, res.status]).toEqual([what, 400]);
    }
    const missingParent = await patch(org.units.a1, { parentId: '00000000-0000-4000-8000-000000000000' });
    expect(missingParent.status).toBe(400);
    expect((await patch('00000000-0000-4000-8000-000000000000', { name: '无此单位' })).status).toBe(404);
    expect((await patch('nope', { name: '无此单位' })).status).toBe(400);
    expect({ row: await unitRow(org.units.a1), audit: await auditOf(org.units.a1) }).toEqual(before);
  });
});
