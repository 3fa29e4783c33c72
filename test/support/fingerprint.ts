import { readdirSync } from 'node:fs';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Tables a refused request writes to by design: a refusal is itself a security event (written
 * after the response, on its own), the audit chain's links are appended by any verify (a GET) for
 * earlier entries, and the migrations table is the schema's, not the data's.
 */
export const WRITTEN_BY_REFUSALS = ['security_events', 'audit_seals', 'migrations'];

/**
 * A content fingerprint of the database: for every table of the public schema, an md5 over all of
 * its rows (each row as text) in primary-key order, computed by PostgreSQL. Unlike row counts it
 * changes when a row is UPDATEd, so "a refused request wrote nothing" can be checked for real.
 */
export async function dbFingerprint(
  db: DataSource | EntityManager,
  exclude: readonly string[] = WRITTEN_BY_REFUSALS,
): Promise<Record<string, string>> {
  return fingerprintWith(db, await fingerprintQuery(db, exclude));
}

/** The fingerprint's SQL for the tables there are now (build once when fingerprinting often). */
export async function fingerprintQuery(db: DataSource | EntityManager, exclude: readonly string[] = WRITTEN_BY_REFUSALS): Promise<string> {
  const tables: { table: string; pk: string | null }[] = await db.query(
    `SELECT c.relname AS "table",
            (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum))
               FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
              WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY ($1))
      ORDER BY c.relname`,
    [exclude],
  );
  if (tables.length === 0) return `SELECT`;
  const parts = tables.map(
    ({ table, pk }) =>
      `(SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${pk ?? 't::text'}), '')) FROM "${table}" t) AS "${table}"`,
  );
  return `SELECT ${parts.join(', ')}`;
}

export async function fingerprintWith(db: DataSource | EntityManager, sql: string): Promise<Record<string, string>> {
  const [row] = await db.query(sql);
  return (row ?? {}) as Record<string, string>;
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

/** How many files a directory holds (0 if it does not exist yet). */
export function fileCount(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}
