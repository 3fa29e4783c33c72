import type { DataSource, EntityManager } from 'typeorm';
import { type Scope, scopeSettingValue } from './access-rules.js';

/** The per-transaction setting the row-level security policies read (migration RowLevelSecurity). */
export const SCOPE_SETTING = 'rectify.scope_units';

/**
 * Binds the rest of `m`'s transaction to the caller's units (SET LOCAL): from here on PostgreSQL
 * itself hides every row of another unit, whatever a query forgets. An unrestricted scope sets
 * nothing. Call it first in the transaction; it ends with the transaction.
 */
export async function applyScope(m: EntityManager, scope: Scope): Promise<void> {
  const units = scopeSettingValue(scope);
  if (units === null) return;
  await m.query(`SELECT set_config('${SCOPE_SETTING}', $1, true)`, [units]);
}

/**
 * A transaction run for a caller: the scope (resolved before, see ScopeService) is set first, then
 * `fn` runs with the transaction's manager. Use it for every read and write of unit roles and
 * inspectors on unit data.
 */
export function scopedTransaction<T>(dataSource: DataSource, scope: Scope, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (m) => {
    await applyScope(m, scope);
    return fn(m);
  });
}
