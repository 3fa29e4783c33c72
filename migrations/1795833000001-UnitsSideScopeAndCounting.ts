import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The units' side of a round (hand-written, reviewed):
 *  - row-level security on its new tables, like the others (migration RowLevelSecurity): a unit's
 *    plans and reports by their unit, report attachments through their report, 回头看 through the item;
 *  - draft items (a unit's 整改方案 not yet approved) are not counted: the rollups' per-row SQL
 *    now reads only items that are not drafts (the previous function is kept, renamed, and wrapped,
 *    so the figures' definition stays written once), and the rollups are rebuilt.
 * Grants: the default privileges of RowLevelSecurity already give rectify_app these tables.
 */
export class UnitsSideScopeAndCounting1795833000001 implements MigrationInterface {
  name = 'UnitsSideScopeAndCounting1795833000001';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of ['unit_plans', 'unit_reports']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(
        `CREATE POLICY unit_scope ON ${table} USING (rectify_scope_includes(unit_id)) WITH CHECK (rectify_scope_includes(unit_id))`,
      );
    }
    const byReport = `rectify_scope_unrestricted() OR EXISTS (
      SELECT 1 FROM unit_reports r WHERE r.id = unit_report_files.report_id AND rectify_scope_includes(r.unit_id))`;
    await q.query(`ALTER TABLE unit_report_files ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY unit_scope ON unit_report_files USING (${byReport}) WITH CHECK (${byReport})`);
    const byItem = `rectify_scope_unrestricted() OR EXISTS (
      SELECT 1 FROM rectification_items i WHERE i.id = rechecks.item_id AND rectify_scope_includes(i.responsible_unit_id))`;
    await q.query(`ALTER TABLE rechecks ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY unit_scope ON rechecks USING (${byItem}) WITH CHECK (${byItem})`);

    await q.query(`ALTER FUNCTION report_rollup_sql(text) RENAME TO report_rollup_sql_all_items`);
    await q.query(`
      CREATE FUNCTION report_rollup_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
        SELECT report_rollup_sql_all_items(format('SELECT * FROM (%s) counted WHERE counted.status <> ''draft''', source))
      $fn$`);
    await q.query(`SELECT report_rollup_rebuild(coalesce((SELECT anchor FROM report_rollup_state WHERE id = 1), CURRENT_DATE))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION report_rollup_sql(text)`);
    await q.query(`ALTER FUNCTION report_rollup_sql_all_items(text) RENAME TO report_rollup_sql`);
    await q.query(`SELECT report_rollup_rebuild(coalesce((SELECT anchor FROM report_rollup_state WHERE id = 1), CURRENT_DATE))`);
    for (const table of ['rechecks', 'unit_report_files', 'unit_reports', 'unit_plans']) {
      await q.query(`DROP POLICY unit_scope ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
