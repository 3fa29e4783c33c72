import type { Role } from '../../src/common/roles.js';
import { seedItems } from './items.js';
import type { OrgUser } from './org.js';
import { importFixturePlan, type ImportedPlan } from './plan.js';
import { ADMIN, type TestApp } from './test-app.js';

/**
 * A bureau as a real one looks (richer than org.ts, which stays as it is for the older tests):
 *
 *   县局甲 X ── X1 ── X1a
 *            │     └─ X1b
 *            └─ X2
 *   县局乙 Y (no unit manager at all)
 *
 * Siblings at every level (X/Y, X1/X2, X1a/X1b). One open internal round: group 一 (leader
 * `leaderG1`, plus the member-only inspector `memberG1`) inspects X1 and X2; group 二 (`leaderG2`)
 * inspects Y. One open item per unit, titled by its unit code, seeded with an owner where the unit
 * has staff; `itemOf[code]` gives its id.
 */
export interface Bureau {
  adminToken: string;
  units: Record<BureauUnit, string>;
  users: Record<
    'office' | 'leaderG1' | 'memberG1' | 'leaderG2' | 'managerX' | 'managerX1' | 'managerX2' | 'managerX1a' | 'managerX1b' | 'staffX1a',
    OrgUser
  >;
  plan: ImportedPlan;
  roundId: string;
  groupIds: [string, string];
  itemOf: Record<BureauUnit, string>;
}

export const BUREAU_UNITS = ['X', 'X1', 'X1a', 'X1b', 'X2', 'Y'] as const;
export type BureauUnit = (typeof BUREAU_UNITS)[number];

export async function seedBureau(t: TestApp, deadline: string): Promise<Bureau> {
  const adminToken = await t.login(ADMIN.username, ADMIN.password);
  const admin = t.as(adminToken);
  const must = (res: { status: number; body: unknown }, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const units = {} as Record<BureauUnit, string>;
  const unit = async (code: BureauUnit, name: string, parent?: BureauUnit) => {
    units[code] = must(await admin.post('/api/v1/units').send({ code, name, parentId: parent && units[parent] }), 201, `unit ${code}`).id;
  };
  await unit('X', '县局甲');
  await unit('X1', '县局甲一分局', 'X');
  await unit('X1a', '一分局甲所', 'X1');
  await unit('X1b', '一分局乙所', 'X1');
  await unit('X2', '县局甲二分局', 'X');
  await unit('Y', '县局乙');
  const user = async (username: string, role: Role, unitId?: string): Promise<OrgUser> => {
    const password = `${username}-pass-123`;
    const id = must(await admin.post('/api/v1/users').send({ username, password, displayName: username, role, unitId }), 201, username).id;
    return { id, username, password, token: await t.login(username, password) };
  };
  const users: Bureau['users'] = {
    office: await user('b_office', 'office'),
    leaderG1: await user('b_leaderG1', 'inspector'),
    memberG1: await user('b_memberG1', 'inspector'),
    leaderG2: await user('b_leaderG2', 'inspector'),
    managerX: await user('b_managerX', 'unit_manager', units.X),
    managerX1: await user('b_managerX1', 'unit_manager', units.X1),
    managerX2: await user('b_managerX2', 'unit_manager', units.X2),
    managerX1a: await user('b_managerX1a', 'unit_manager', units.X1a),
    managerX1b: await user('b_managerX1b', 'unit_manager', units.X1b),
    staffX1a: await user('b_staffX1a', 'unit_staff', units.X1a),
  };
  const office = t.as(users.office.token);
  const plan = await importFixturePlan(t, users.office.token);
  const roundId = must(
    await office
      .post('/api/v1/inspections')
      .send({ kind: 'internal_round', title: '2026年第二轮巡察', startDate: '2026-03-01', endDate: '2026-05-31', planId: plan.planId }),
    201,
    'round',
  ).id;
  const batchId = must(
    await office.post(`/api/v1/inspections/${roundId}/batches`).send({ number: 1, startDate: '2026-03-01', endDate: '2026-03-21' }),
    201,
    'batch',
  ).id;
  const group = async (name: string, unitIds: string[], leaderId: string, memberIds: string[]) =>
    must(await office.post(`/api/v1/inspections/${roundId}/groups`).send({ name, batchId, unitIds, leaderId, memberIds }), 201, name).id;
  const groupIds: [string, string] = [
    await group('第一巡察组', [units.X1, units.X2], users.leaderG1.id, [users.leaderG1.id, users.memberG1.id]),
    await group('第二巡察组', [units.Y], users.leaderG2.id, [users.leaderG2.id]),
  ];
  const ids = await seedItems(
    t.dataSource,
    BUREAU_UNITS.map((code) => ({
      title: `事项-${code}`,
      deadline,
      unitId: units[code],
      ownerId: code === 'X1a' ? users.staffX1a.id : null,
    })),
  );
  const itemOf = Object.fromEntries(BUREAU_UNITS.map((code, i) => [code, ids[i]])) as Record<BureauUnit, string>;
  return { adminToken, units, users, plan, roundId, groupIds, itemOf };
}
