import type { Role } from '../../common/roles.js';
import { BUREAU_ROLES, isUnitRole } from '../../common/roles.js';

/**
 * The decisions of access and scope, as pure functions (mutation-tested with the other rule
 * modules). ScopeService reads the units from the database; which units a role draws on, whether
 * a unit is inside, what the row-level security setting and SQL clause say, and who may work on an
 * item are decided here.
 */

/** What a caller may see: everything, or a set of units. */
export type Scope = { all: true } | { all: false; unitIds: string[] };

/**
 * Where a caller's units come from:
 *  - `bureau`: admin, office, leadership see everything;
 *  - `unit-subtree`: unit_manager and unit_staff see their unit and its sub-units;
 *  - `inspected-units`: an inspector sees the units inspected by the groups it leads or belongs to,
 *    in rounds not yet closed;
 *  - `none`: a unit role without a unit sees nothing.
 */
export type ScopeBasis = 'bureau' | 'unit-subtree' | 'inspected-units' | 'none';

export function scopeBasis(role: Role, unitId: string | null): ScopeBasis {
  if (BUREAU_ROLES.includes(role)) return 'bureau';
  if (isUnitRole(role)) return unitId ? 'unit-subtree' : 'none';
  if (role === 'inspector') return 'inspected-units';
  return 'none';
}

/** Whether the unit is inside the scope; an item or record with no unit is inside only an unrestricted scope. */
export function inScope(scope: Scope, unitId: string | null | undefined): boolean {
  if (scope.all) return true;
  return !!unitId && scope.unitIds.includes(unitId);
}

/** Matches no unit: the row-level security setting of a scope with no units. */
export const NO_UNIT = '00000000-0000-0000-0000-000000000000';

/**
 * The value of the per-transaction setting the row-level security policies read: the scope's
 * units, comma-separated; NO_UNIT for an empty scope (it must hide everything, not nothing);
 * null for an unrestricted scope (nothing is set).
 */
export function scopeSettingValue(scope: Scope): string | null {
  if (scope.all) return null;
  return scope.unitIds.length > 0 ? scope.unitIds.join(',') : NO_UNIT;
}

/** The restriction for raw SQL over a unit-id column: a clause, with its parameter appended to `params`. */
export function scopeSqlClause(scope: Scope, unitColumn: string, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  params.push(scope.unitIds);
  return `${unitColumn} = ANY($${params.length}::uuid[])`;
}

/**
 * Who may work on an item it can see (progress, evidence, start/submit, extensions): the office, a
 * unit_manager, and a unit_staff only on the items it owns. Leadership, inspectors and the admin only read.
 */
export function mayWorkOnItem(actor: { id: string; role: Role }, item: { ownerId: string | null }): boolean {
  if (actor.role === 'office' || actor.role === 'unit_manager') return true;
  return actor.role === 'unit_staff' && item.ownerId === actor.id;
}

/** Why an actor that may see an item may not work on it (the 403's message). */
export function workRefusal(role: Role): string {
  return role === 'unit_staff' ? '只能办理本人负责的整改事项' : '当前角色无权办理整改事项';
}
