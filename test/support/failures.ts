import type { TestApp } from './test-app.js';

/**
 * A test-only trigger `test_fail` on `audit_entries` that runs `statement` (PL/pgSQL) when an entry of
 * `action` is inserted, i.e. after the write it records and before the commit. Installed as the
 * database's owner; drop it with `DROP TRIGGER test_fail ON audit_entries`.
 */
export async function onAuditOf(t: TestApp, action: string, statement: string): Promise<void> {
  await t.ownerQuery(`
    CREATE OR REPLACE FUNCTION test_on_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.action = '${action}' THEN ${statement}; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER test_fail BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_on_audit()`);
}

/** The audit entry of `action` fails: its whole transaction must roll back. */
export const failAuditOf = (t: TestApp, action: string) => onAuditOf(t, action, `RAISE EXCEPTION 'injected: audit of %', NEW.action`);
