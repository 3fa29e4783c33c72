import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps report_item_rollup and report_month_rollup exact (hand-written, reviewed): statement-level
 * AFTER triggers on rectification_items add the new rows and subtract the old ones, aggregated per
 * key, in the same transaction as the change. An UPDATE that touches none of the counted columns
 * (escalation level, owner, text…) writes nothing. `report_rollup_rebuild(anchor)` recomputes both
 * tables from the items under a SHARE lock (writers wait, readers do not) and moves the anchor of
 * `overdue_at_anchor`; the daily snapshot calls it.
 *
 * The per-row contribution is written once, in report_rollup_sql(source): `source` yields item rows
 * with a `sgn` column (+1 / −1), `$1` is the anchor.
 */
export class ReportRollupTriggers1795809400000 implements MigrationInterface {
  name = 'ReportRollupTriggers1795809400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION report_rollup_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
        SELECT format($q$
          WITH d AS (%s),
          c AS (
            SELECT d.finding_id, d.responsible_unit_id, d.rectification_type,
                   d.deadline - (extract(day FROM d.deadline)::int - 1) AS deadline_month,
                   d.sgn AS total,
                   CASE WHEN d.status = 'closed' THEN d.sgn ELSE 0 END AS closed,
                   CASE WHEN d.status = 'submitted' THEN d.sgn ELSE 0 END AS submitted,
                   CASE WHEN d.status = 'in_progress' THEN d.sgn ELSE 0 END AS in_progress,
                   CASE WHEN d.status = 'pending' THEN d.sgn ELSE 0 END AS pending,
                   CASE WHEN d.status IN ('pending', 'in_progress') AND d.deadline < $1 THEN d.sgn ELSE 0 END AS overdue_at_anchor,
                   CASE WHEN d.status = 'closed' AND d.closed_on <= d.original_deadline THEN d.sgn ELSE 0 END AS closed_on_time,
                   CASE WHEN d.status = 'closed' AND d.closed_at IS NOT NULL THEN d.sgn ELSE 0 END AS closed_dated,
                   CASE WHEN d.status = 'closed' THEN d.sgn * coalesce(greatest(extract(epoch FROM d.closed_at) - extract(epoch FROM d.created_at), 0), 0) ELSE 0 END
                     AS days_to_close_seconds
              FROM d
          ),
          im AS (
            INSERT INTO report_item_rollup AS r (finding_id, responsible_unit_id, rectification_type, total, closed, submitted, in_progress,
                                                 pending, overdue_at_anchor, closed_on_time, closed_dated, days_to_close_seconds)
            SELECT c.finding_id, c.responsible_unit_id, c.rectification_type, sum(c.total), sum(c.closed), sum(c.submitted), sum(c.in_progress),
                   sum(c.pending), sum(c.overdue_at_anchor), sum(c.closed_on_time), sum(c.closed_dated), sum(c.days_to_close_seconds)
              FROM c GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (finding_id, responsible_unit_id, rectification_type) DO UPDATE SET
              total = r.total + EXCLUDED.total, closed = r.closed + EXCLUDED.closed, submitted = r.submitted + EXCLUDED.submitted,
              in_progress = r.in_progress + EXCLUDED.in_progress, pending = r.pending + EXCLUDED.pending,
              overdue_at_anchor = r.overdue_at_anchor + EXCLUDED.overdue_at_anchor, closed_on_time = r.closed_on_time + EXCLUDED.closed_on_time,
              closed_dated = r.closed_dated + EXCLUDED.closed_dated, days_to_close_seconds = r.days_to_close_seconds + EXCLUDED.days_to_close_seconds
            RETURNING 1
          )
          INSERT INTO report_month_rollup AS r (responsible_unit_id, rectification_type, deadline_month, total, closed, submitted, in_progress,
                                                pending, overdue_at_anchor, closed_on_time, closed_dated, days_to_close_seconds)
          SELECT c.responsible_unit_id, c.rectification_type, c.deadline_month, sum(c.total), sum(c.closed), sum(c.submitted), sum(c.in_progress),
                 sum(c.pending), sum(c.overdue_at_anchor), sum(c.closed_on_time), sum(c.closed_dated), sum(c.days_to_close_seconds)
            FROM c GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
          ON CONFLICT (responsible_unit_id, rectification_type, deadline_month) DO UPDATE SET
            total = r.total + EXCLUDED.total, closed = r.closed + EXCLUDED.closed, submitted = r.submitted + EXCLUDED.submitted,
            in_progress = r.in_progress + EXCLUDED.in_progress, pending = r.pending + EXCLUDED.pending,
            overdue_at_anchor = r.overdue_at_anchor + EXCLUDED.overdue_at_anchor, closed_on_time = r.closed_on_time + EXCLUDED.closed_on_time,
            closed_dated = r.closed_dated + EXCLUDED.closed_dated, days_to_close_seconds = r.days_to_close_seconds + EXCLUDED.days_to_close_seconds
        $q$, source)
      $fn$`);
    await q.query(`
      CREATE FUNCTION report_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        a date;
        counted CONSTANT text := '(%1$s.finding_id, %1$s.responsible_unit_id, %1$s.rectification_type, %1$s.status, %1$s.deadline,
                                   %1$s.original_deadline, %1$s.closed_on, %1$s.closed_at, %1$s.created_at)';
        src text;
      BEGIN
        SELECT s.anchor INTO a FROM report_rollup_state s WHERE s.id = 1;
        IF TG_OP = 'INSERT' THEN
          src := 'SELECT 1 AS sgn, n.* FROM new_rows n';
        ELSIF TG_OP = 'DELETE' THEN
          src := 'SELECT -1 AS sgn, o.* FROM old_rows o';
        ELSE
          src := format('SELECT 1 AS sgn, n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE %s IS DISTINCT FROM %s
                         UNION ALL
                         SELECT -1 AS sgn, o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE %s IS DISTINCT FROM %s',
                        format(counted, 'n'), format(counted, 'o'), format(counted, 'o'), format(counted, 'n'));
        END IF;
        EXECUTE report_rollup_sql(src) USING a;
        RETURN NULL;
      END $fn$`);
    for (const [event, ref] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ]) {
      await q.query(`
        CREATE TRIGGER report_rollup_${event.toLowerCase()} AFTER ${event} ON rectification_items
        REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_apply()`);
    }
    await q.query(`
      CREATE FUNCTION report_rollup_rebuild(p_anchor date) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        LOCK TABLE rectification_items IN SHARE MODE;
        INSERT INTO report_rollup_state (id, anchor) VALUES (1, p_anchor) ON CONFLICT (id) DO UPDATE SET anchor = EXCLUDED.anchor;
        DELETE FROM report_item_rollup;
        DELETE FROM report_month_rollup;
        EXECUTE report_rollup_sql('SELECT 1 AS sgn, i.* FROM rectification_items i') USING p_anchor;
      END $fn$`);
    await q.query(`SELECT report_rollup_rebuild(CURRENT_DATE)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER report_rollup_${event} ON rectification_items`);
    await q.query(`DROP FUNCTION report_rollup_rebuild(date)`);
    await q.query(`DROP FUNCTION report_rollup_apply()`);
    await q.query(`DROP FUNCTION report_rollup_sql(text)`);
    await q.query(`DELETE FROM report_rollup_state`);
  }
}
