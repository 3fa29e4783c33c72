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
