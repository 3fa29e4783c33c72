import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper-evident audit trail (README "Tamper-evident audit").
 *
 * - Every audit entry gets, from a BEFORE INSERT trigger, the id of the inserting transaction
 *   (`tx_id`) and the SHA-256 of its canonical content (`content_hash`): one jsonb object, keys
 *   sorted, timestamps in UTC with microseconds. Writers take no lock.
 * - `audit_seal(n)` links entries into a hash chain in (tx_id, id) order, in a transaction of its
 *   own, only for entries whose transactions have all ended (tx_id below the oldest running
 *   transaction id of this database): nothing can later appear before a sealed entry, and a rolled-back entry
 *   never existed. Sealers serialise on an advisory lock; business transactions never wait.
 * - `audit_seals` is append-only like `audit_entries`.
 */
export class AuditHashChain1795814000000 implements MigrationInterface {
  name = 'AuditHashChain1795814000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_seals" (
        "position" bigint NOT NULL,
        "entry_id" bigint NOT NULL,
        "entry_tx_id" bigint NOT NULL,
        "prev_hash" character(64) NOT NULL,
        "hash" character(64) NOT NULL,
        "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_2aa95f8d9d4716f0001ed5b5b77" PRIMARY KEY ("position")
      )`);
    await q.query(`CREATE UNIQUE INDEX "IDX_aff25554aaf30a8c0f1d15e8f8" ON "audit_seals" ("entry_id")`);
    await q.query(`ALTER TABLE "audit_entries" ADD "tx_id" bigint`);
    await q.query(`ALTER TABLE "audit_entries" ADD "content_hash" character(64)`);

    // The canonical text is PostgreSQL's rendering of one jsonb object holding every field: jsonb
    // keeps object keys unique and sorted (by byte length, then bytewise) at every depth and prints
    // with fixed separators, so the writer's key order and spacing never matter. (A recursive
    // code-point sort in plpgsql cost about 0.8 ms per entry; this costs a few microseconds.)
    await q.query(`
      CREATE FUNCTION audit_content_hash(e audit_entries) RETURNS character(64) LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT encode(sha256(convert_to(jsonb_build_object(
          'id', e.id,
          'actorId', e.actor_id,
          'actorName', e.actor_name,
          'actorRole', e.actor_role,
          'action', e.action,
          'entityType', e.entity_type,
          'entityId', e.entity_id,
          'subjectId', e.subject_id,
          'before', e.before,
          'after', e.after,
          'requestId', e.request_id,
          'createdAt', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        )::text, 'UTF8')), 'hex')
      $$`);
    await q.query(`
      CREATE FUNCTION audit_link_hash(prev_hash text, "position" bigint, entry_id bigint, content_hash text)
      RETURNS character(64) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT encode(sha256(convert_to(prev_hash || '|' || "position" || '|' || entry_id || '|' || content_hash, 'UTF8')), 'hex')
      $$`);

    // Existing entries: hashed now, ordered before every new one (tx_id 0), sealed by the first run.
    await q.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete`);
    await q.query(`UPDATE audit_entries e SET tx_id = 0, content_hash = audit_content_hash(e)`);
    await q.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update_delete`);
    await q.query(`ALTER TABLE "audit_entries" ALTER COLUMN "tx_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "audit_entries" ALTER COLUMN "content_hash" SET NOT NULL`);
    await q.query(`CREATE INDEX "IDX_92c2c50cce1beb6251b8ed0441" ON "audit_entries" ("tx_id", "id")`);

    // Whatever the insert says, the stamp is the database's: the writer's transaction and the
    // hash of what is actually stored (defaults and identity are applied before this trigger).
    await q.query(`
      CREATE FUNCTION audit_entries_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.tx_id := pg_current_xact_id()::text::bigint;
        NEW.content_hash := audit_content_hash(NEW);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_entries_stamp BEFORE INSERT ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION audit_entries_stamp()`);

    await q.query(`
      CREATE TRIGGER audit_seals_no_update_delete BEFORE UPDATE OR DELETE ON audit_seals
      FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change()`);

    // Must run in a READ COMMITTED transaction of its own (each statement sees what committed
    // before it). Entries sorting before the chain's head are never sealed: verify names them.
    await q.query(`
      CREATE FUNCTION audit_seal(max_entries integer) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        horizon bigint;
        snap pg_snapshot;
        head record;
        pos bigint := 0;
        prev text := repeat('0', 64);
        after_tx bigint := -1;
        after_id bigint := 0;
        e record;
        link text;
        sealed integer := 0;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('rectify.audit_seal'));
        -- Every transaction of this database with a smaller id has ended: its entries are visible
        -- now or never. Transaction ids are cluster-wide, so running transactions known (by their
        -- lock) to belong to another database are skipped; an unknown one (e.g. prepared) counts.
        snap := pg_current_snapshot();
        SELECT coalesce(min(x::text::bigint), pg_snapshot_xmax(snap)::text::bigint) INTO horizon
          FROM pg_snapshot_xip(snap) AS x
         WHERE NOT EXISTS (
           SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'transactionid' AND l.granted
              AND l.transactionid::text::bigint = x::text::bigint % 4294967296
              AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()));
        SELECT s."position", s.hash, s.entry_tx_id, s.entry_id INTO head FROM audit_seals s ORDER BY s."position" DESC LIMIT 1;
        IF FOUND THEN
          pos := head."position"; prev := head.hash; after_tx := head.entry_tx_id; after_id := head.entry_id;
        END IF;
        FOR e IN
          SELECT a.id, a.tx_id, a.content_hash FROM audit_entries a
          WHERE a.tx_id < horizon AND (a.tx_id, a.id) > (after_tx, after_id)
          ORDER BY a.tx_id, a.id LIMIT max_entries
        LOOP
          pos := pos + 1;
          link := audit_link_hash(prev, pos, e.id, e.content_hash);
          INSERT INTO audit_seals ("position", entry_id, entry_tx_id, prev_hash, hash) VALUES (pos, e.id, e.tx_id, prev, link);
          prev := link;
          sealed := sealed + 1;
        END LOOP;
        RETURN sealed;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_seal(integer)`);
    await q.query(`DROP TRIGGER audit_entries_stamp ON audit_entries`);
    await q.query(`DROP FUNCTION audit_entries_stamp()`);
    await q.query(`DROP INDEX "public"."IDX_92c2c50cce1beb6251b8ed0441"`);
    await q.query(`DROP FUNCTION audit_link_hash(text, bigint, bigint, text)`);
    await q.query(`DROP FUNCTION audit_content_hash(audit_entries)`);
    await q.query(`ALTER TABLE "audit_entries" DROP COLUMN "content_hash"`);
    await q.query(`ALTER TABLE "audit_entries" DROP COLUMN "tx_id"`);
    await q.query(`DROP TABLE "audit_seals"`);
  }
}
