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
