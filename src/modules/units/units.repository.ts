import { conflict } from '../../common/errors.js';
import type { EntityManager } from 'typeorm';

/**
 * The unit subtree (a unit and every unit under it), written once. `unitParam` is the SQL
 * placeholder holding the unit's id (`$1`, `:name`); the result is a parenthesised subquery of ids,
 * to follow `IN`.
 */
export function unitSubtreeSql(unitParam: string): string {
  return `(WITH RECURSIVE sub AS (
         SELECT u.id FROM units u WHERE u.id = ${unitParam}
         UNION SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id
       ) SELECT sub.id FROM sub)`;
}

/** The ids of the unit and every unit under it, read through `m` (the caller's transaction when in one). */
export async function unitSubtree(m: EntityManager, unitId: string): Promise<string[]> {
  const rows: { id: string }[] = await m.query(`SELECT id FROM units WHERE id IN ${unitSubtreeSql('$1')}`, [unitId]);
  return rows.map((r) => r.id);
}

/**
 * Refuses (409) a unit that is deactivated as the home of something new (an item, a user, a
 * finding, a group's assignment, a sub-unit); `what` says what, e.g. "新的整改事项". Units that do
 * not exist are left to the caller's own check.
 */
export async function assertUnitsActive(m: EntityManager, unitIds: (string | null | undefined)[], what: string): Promise<void> {
  const ids = [...new Set(unitIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return;
  // FOR SHARE: a deactivation (an UPDATE of the row) waits for this transaction, and this one for it.
  const rows: { name: string; active: boolean }[] = await m.query(
    `SELECT name, active FROM units WHERE id = ANY($1::uuid[]) ORDER BY name FOR SHARE`,
    [ids],
  );
  const inactive = rows.filter((r) => !r.active);
  if (inactive.length > 0) throw conflict(`单位“${inactive.map((r) => r.name).join('、')}”已停用，不能接收${what}`);
}

/**
 * The active unit_managers of a unit (not of its parents or sub-units), by id, read through `m`:
 * whom a decision about the unit tells. `exceptUserId`: the one who decided, who needs no message.
 */
export async function activeUnitManagers(m: EntityManager, unitId: string, exceptUserId?: string): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM users WHERE active AND role = 'unit_manager' AND unit_id = $1 AND id IS DISTINCT FROM $2 ORDER BY id`,
    [unitId, exceptUserId ?? null],
  );
  return rows.map((r) => r.id);
}

/** The active office (巡察办) accounts, by id, read through `m`; `exceptUserId`: the one who decided. */
export async function activeOfficeUsers(m: EntityManager, exceptUserId?: string): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM users WHERE active AND role = 'office' AND id IS DISTINCT FROM $1 ORDER BY id`,
    [exceptUserId ?? null],
  );
  return rows.map((r) => r.id);
}
