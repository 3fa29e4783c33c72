import type { Role } from '../../src/common/roles.js';
import { ADMIN, type TestApp } from './test-app.js';

export interface OrgUser {
  id: string;
  username: string;
  password: string;
  token: string;
}

export interface Org {
  adminToken: string;
  units: { a: string; a1: string; b: string };
  users: Record<'office' | 'leadership' | 'inspector' | 'managerA' | 'staffA' | 'managerB' | 'staffB' | 'managerA1', OrgUser>;
}

/**
 * A small organisation through the public API: unit A with sub-unit A1, unit B, and one user
 * per role (unit roles in A, A1 and B).
 */
export async function seedOrg(t: TestApp): Promise<Org> {
  const adminToken = await t.login(ADMIN.username, ADMIN.password);
  const admin = t.as(adminToken);
  const unit = async (code: string, name: string, parentId?: string) => {
    const res = await admin.post('/api/v1/units').send({ code, name, parentId });
    if (res.status !== 201) throw new Error(`unit ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const a = await unit('A', '甲单位');
  const a1 = await unit('A1', '甲单位下属科室', a);
  const b = await unit('B', '乙单位');
  const user = async (username: string, role: Role, unitId?: string): Promise<OrgUser> => {
    const password = `${username}-pass-123`;
    const res = await admin.post('/api/v1/users').send({ username, password, displayName: username, role, unitId });
    if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, username, password, token: await t.login(username, password) };
  };
  return {
    adminToken,
    units: { a, a1, b },
    users: {
      office: await user('office1', 'office'),
      leadership: await user('leader1', 'leadership'),
      inspector: await user('inspector1', 'inspector'),
      managerA: await user('managerA', 'unit_manager', a),
      staffA: await user('staffA', 'unit_staff', a),
      managerA1: await user('managerA1', 'unit_manager', a1),
      managerB: await user('managerB', 'unit_manager', b),
      staffB: await user('staffB', 'unit_staff', b),
    },
  };
}
