export const ROLES = ['admin', 'office', 'leadership', 'inspector', 'unit_manager', 'unit_staff'] as const;
export type Role = (typeof ROLES)[number];

/** Roles bound to one unit: they see that unit and its sub-units only. */
export const UNIT_ROLES: readonly Role[] = ['unit_manager', 'unit_staff'];
/** Roles that see the whole bureau. */
export const BUREAU_ROLES: readonly Role[] = ['admin', 'office', 'leadership'];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  office: '巡察办',
  leadership: '领导小组',
  inspector: '巡察组成员',
  unit_manager: '单位负责人',
  unit_staff: '责任人',
};

export function isUnitRole(role: Role): boolean {
  return UNIT_ROLES.includes(role);
}
