import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the application switches to on every pooled connection (DATABASE_APP_ROLE's default). */
const APP_ROLE = 'rectify_app';

/** Tables whose rows belong to an item, and through it to the item's responsible unit. */
const ITEM_TABLES = ['item_progress_updates', 'item_evidence', 'item_extensions', 'reminder_ledger', 'supervision_notices'];

/**
 * Unit confidentiality enforced by PostgreSQL as well as by the application (README "Row-level
 * security"). A transaction run for a unit user or an inspector first sets
 * `rectify.scope_units` (SET LOCAL: a comma-separated list of unit ids); the policies below then
 * hide every row of another unit, whatever the query says. Unset or empty = unrestricted (bureau
 * roles, workers, migrations).
 *
 * Policies bind only roles that do not bypass them: the owner that runs migrations does, so the
 * application switches each pooled connection to `rectify_app` (NOLOGIN, NOBYPASSRLS, not the
 * owner). Roles are cluster-wide and several databases may migrate at once (the tests run in
 * parallel), so creating it tolerates the race.
 */
export class RowLevelSecurity1795814000001 implements MigrationInterface {
  name = 'RowLevelSecurity1795814000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOBYPASSRLS NOSUPERUSER NOINHERIT;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created meanwhile by another database's migration
      END $$`);
    // A non-superuser owner must be a member to SET ROLE; a superuser may switch to any role.
    await q.query(`
      DO $$
      BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
        END IF;
      EXCEPTION WHEN unique_violation THEN
        NULL;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    // Tables and sequences that later migrations create (as this same owner).
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE}`);

    await q.query(`
      CREATE FUNCTION rectify_scope_unrestricted() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(current_setting('rectify.scope_units', true), '') = ''
      $$`);
    // A malformed setting fails the cast: closed, not open.
    await q.query(`
      CREATE FUNCTION rectify_scope_includes(unit uuid) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(current_setting('rectify.scope_units', true), '') = ''
          OR unit = ANY (string_to_array(current_setting('rectify.scope_units', true), ',')::uuid[])
      $$`);

    await q.query(`ALTER TABLE rectification_items ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY unit_scope ON rectification_items
      USING (rectify_scope_includes(responsible_unit_id)) WITH CHECK (rectify_scope_includes(responsible_unit_id))`);
    // A finding is seen where its unit is in scope, or behind an item in scope (the item's trace
    // shows it to a sub-unit); it is written only within its own unit's scope.
    await q.query(`ALTER TABLE findings ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY unit_scope_read ON findings FOR SELECT
      USING (rectify_scope_includes(unit_id) OR EXISTS (
        SELECT 1 FROM rectification_items i WHERE i.finding_id = findings.id AND rectify_scope_includes(i.responsible_unit_id)))`);
    for (const command of ['INSERT', 'UPDATE', 'DELETE']) {
      const using = command === 'INSERT' ? '' : 'USING (rectify_scope_includes(unit_id))';
      const check = command === 'DELETE' ? '' : 'WITH CHECK (rectify_scope_includes(unit_id))';
      await q.query(`CREATE POLICY unit_scope_${command.toLowerCase()} ON findings FOR ${command} ${using} ${check}`);
    }
    for (const table of ITEM_TABLES) {
      const rule = `rectify_scope_unrestricted() OR EXISTS (
        SELECT 1 FROM rectification_items i WHERE i.id = ${table}.item_id AND rectify_scope_includes(i.responsible_unit_id))`;
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY unit_scope ON ${table} USING (${rule}) WITH CHECK (${rule})`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ITEM_TABLES) {
      await q.query(`DROP POLICY unit_scope ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    for (const name of ['read', 'insert', 'update', 'delete']) await q.query(`DROP POLICY unit_scope_${name} ON findings`);
    await q.query(`ALTER TABLE findings DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP POLICY unit_scope ON rectification_items`);
    await q.query(`ALTER TABLE rectification_items DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION rectify_scope_includes(uuid)`);
    await q.query(`DROP FUNCTION rectify_scope_unrestricted()`);
    // The role is cluster-wide and other databases may use it: only this database's grants go.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
