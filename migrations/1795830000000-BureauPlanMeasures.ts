import type { MigrationInterface, QueryRunner } from 'typeorm';

const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * report_rollup_sql (see ReportRollupTriggers) with the item rollup keyed by source: `withMeasure`
 * adds measure_id (nil UUID when the item has a finding, and finding_id nil when it has a measure).
 */
function rollupSql(withMeasure: boolean): string {
  const source = withMeasure
    ? `coalesce(d.finding_id, ${NIL}) AS finding_id, coalesce(d.measure_id, ${NIL}) AS measure_id`
    : 'd.finding_id';
  const key = withMeasure ? 'finding_id, measure_id' : 'finding_id';
  const cols = withMeasure ? 'c.finding_id, c.measure_id' : 'c.finding_id';
  const groups = withMeasure ? '1, 2, 3, 4' : '1, 2, 3';
  const counts = `total = r.total + EXCLUDED.total, closed = r.closed + EXCLUDED.closed, submitted = r.submitted + EXCLUDED.submitted,
              in_progress = r.in_progress + EXCLUDED.in_progress, pending = r.pending + EXCLUDED.pending,
              overdue_at_anchor = r.overdue_at_anchor + EXCLUDED.overdue_at_anchor, closed_on_time = r.closed_on_time + EXCLUDED.closed_on_time,
              closed_dated = r.closed_dated + EXCLUDED.closed_dated, days_to_close_seconds = r.days_to_close_seconds + EXCLUDED.days_to_close_seconds`;
  return `
      CREATE OR REPLACE FUNCTION report_rollup_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
        SELECT format($q$
          WITH d AS (%s),
          c AS (
            SELECT ${source}, d.responsible_unit_id, d.rectification_type,
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
            INSERT INTO report_item_rollup AS r (${key}, responsible_unit_id, rectification_type, total, closed, submitted, in_progress,
                                                 pending, overdue_at_anchor, closed_on_time, closed_dated, days_to_close_seconds)
            SELECT ${cols}, c.responsible_unit_id, c.rectification_type, sum(c.total), sum(c.closed), sum(c.submitted), sum(c.in_progress),
                   sum(c.pending), sum(c.overdue_at_anchor), sum(c.closed_on_time), sum(c.closed_dated), sum(c.days_to_close_seconds)
              FROM c GROUP BY ${groups} ORDER BY ${groups}
            ON CONFLICT (${key}, responsible_unit_id, rectification_type) DO UPDATE SET
              ${counts}
            RETURNING 1
          )
          INSERT INTO report_month_rollup AS r (responsible_unit_id, rectification_type, deadline_month, total, closed, submitted, in_progress,
                                                pending, overdue_at_anchor, closed_on_time, closed_dated, days_to_close_seconds)
          SELECT c.responsible_unit_id, c.rectification_type, c.deadline_month, sum(c.total), sum(c.closed), sum(c.submitted), sum(c.in_progress),
                 sum(c.pending), sum(c.overdue_at_anchor), sum(c.closed_on_time), sum(c.closed_dated), sum(c.days_to_close_seconds)
            FROM c GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
          ON CONFLICT (responsible_unit_id, rectification_type, deadline_month) DO UPDATE SET
            ${counts}
        $q$, source)
      $fn$`;
}

/** Top-level categories (the focus areas of the seed speech) and the categories under each. */
const CATEGORY_TREE: [string, string[]][] = [
  ['政治建设', ['政治纪律', '党的政治建设', '党的领导弱化']],
  ['思想建设', ['意识形态', '理论学习']],
  ['组织建设', ['组织纪律', '选人用人', '党的建设缺失']],
  ['作风建设', ['群众纪律', '工作纪律', '生活纪律', '中央八项规定精神']],
  ['纪律建设', ['廉洁纪律', '全面从严治党不力']],
  ['制度建设', ['制度执行']],
  ['三个重点', ['重点人', '重点事', '重点问题']],
  ['专项工作', ['民生实事', '专项治理']],
  ['其他', []],
];
/** Of the parents above, those the first seed already had as plain categories. */
const LEGACY_TOP = ['思想建设', '组织建设', '作风建设', '纪律建设', '制度建设', '其他'];

/** Parents first (reusing a category of that name), then each child under its parent; findings get category_id. */
async function seedCategoryTree(q: QueryRunner): Promise<void> {
  for (const [i, [parent, children]] of CATEGORY_TREE.entries()) {
    const [{ id }]: { id: string }[] = await q.query(
      `INSERT INTO finding_categories (name, sort_order) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET parent_id = NULL, sort_order = EXCLUDED.sort_order RETURNING id`,
      [parent, (i + 1) * 100],
    );
    for (const [k, child] of children.entries()) {
      await q.query(
        `INSERT INTO finding_categories (name, sort_order, parent_id) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET parent_id = EXCLUDED.parent_id, sort_order = EXCLUDED.sort_order`,
        [child, (i + 1) * 100 + (k + 1) * 10, id],
      );
    }
  }
  await q.query(`UPDATE findings f SET category_id = c.id FROM finding_categories c WHERE c.name = f.category`);
}

/**
 * The bureau's own plan as work (issue 12), generated and then reviewed:
 * - units get aliases (a plan's 牵头部门 text matches a unit by name or alias);
 * - measures get a lead unit, cooperating units, the immediate flag and their sign-off (对账销号);
 * - an item hangs under a finding or, for the bureau's own tasks, a measure (exactly one);
 * - the item rollup is keyed by the item's source (finding or measure; the nil UUID for the absent
 *   one) — report_rollup_sql is replaced to write that key and the rollups rebuilt;
 * - finding categories become two levels: the seeded focus areas are their parents; existing
 *   categories keep their names and findings get `category_id` from the name they carry.
 */
export class BureauPlanMeasures1795830000000 implements MigrationInterface {
  name = 'BureauPlanMeasures1795830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "units" ADD "aliases" character varying(200) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
            DROP INDEX "public"."idx_items_open_deadline"
        `);
    await queryRunner.query(`
            CREATE TABLE "measure_cooperating_units" (
                "measure_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                CONSTRAINT "PK_a832978262568f6101b9f9103b5" PRIMARY KEY ("measure_id", "unit_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bd4e756e45e490f4d97c078cd0" ON "measure_cooperating_units" ("measure_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_57e5f31d162204aa85eee4b642" ON "measure_cooperating_units" ("unit_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "finding_categories"
            ADD "parent_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "measures"
            ADD "immediate" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "measures"
            ADD "lead_unit_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "measures"
            ADD "signed_off_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "measures"
            ADD "signed_off_by_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "measures"
            ADD "signoff_statement" text
        `);
    await queryRunner.query(`
            ALTER TABLE "findings"
            ADD "category_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "report_item_rollup"
            ADD "measure_id" uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'
        `);
    await queryRunner.query(`
            ALTER TABLE "report_item_rollup" ALTER COLUMN "measure_id" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "report_item_rollup" DROP CONSTRAINT "PK_7ba4f1776f8d540f3b0e4be3ca4"
        `);
    await queryRunner.query(`
            ALTER TABLE "report_item_rollup"
            ADD CONSTRAINT "PK_a3eea128bc147e866c3500bfdae" PRIMARY KEY (
                    "responsible_unit_id",
                    "finding_id",
                    "rectification_type",
                    "measure_id"
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD "measure_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "FK_0126e0684357c7a1976dc7589e1"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ALTER COLUMN "finding_id" DROP NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_943282cf76d0872213f17b88fa" ON "finding_categories" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_99f7e31b4a2213db3e55be0099" ON "measures" ("lead_unit_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_394392b4ed263a66698726e039" ON "findings" ("category_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_75c01a8e6db5c7177a8371a370" ON "rectification_items" ("measure_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_items_open_deadline" ON "rectification_items" (
                "deadline",
                "finding_id",
                "measure_id",
                "responsible_unit_id",
                "rectification_type"
            )
            WHERE status IN ('pending', 'in_progress')
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "chk_items_finding_or_measure" CHECK (num_nonnulls("finding_id", "measure_id") = 1)
        `);
    await queryRunner.query(`
            ALTER TABLE "finding_categories"
            ADD CONSTRAINT "FK_943282cf76d0872213f17b88fae" FOREIGN KEY ("parent_id") REFERENCES "finding_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "measures"
            ADD CONSTRAINT "FK_99f7e31b4a2213db3e55be0099d" FOREIGN KEY ("lead_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "findings"
            ADD CONSTRAINT "FK_394392b4ed263a66698726e0395" FOREIGN KEY ("category_id") REFERENCES "finding_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "FK_0126e0684357c7a1976dc7589e1" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "FK_75c01a8e6db5c7177a8371a370a" FOREIGN KEY ("measure_id") REFERENCES "measures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "measure_cooperating_units"
            ADD CONSTRAINT "FK_bd4e756e45e490f4d97c078cd07" FOREIGN KEY ("measure_id") REFERENCES "measures"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "measure_cooperating_units"
            ADD CONSTRAINT "FK_57e5f31d162204aa85eee4b642c" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(rollupSql(true));
    await queryRunner.query(`SELECT report_rollup_rebuild(coalesce((SELECT anchor FROM report_rollup_state WHERE id = 1), CURRENT_DATE))`);
    await seedCategoryTree(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM report_item_rollup WHERE measure_id <> '00000000-0000-0000-0000-000000000000'`);
    await queryRunner.query(rollupSql(false));
    await queryRunner.query(`UPDATE finding_categories SET parent_id = NULL`);
    await queryRunner.query(
      `DELETE FROM finding_categories c WHERE c.name = ANY($1) AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.category = c.name)`,
      [CATEGORY_TREE.map(([parent]) => parent).filter((p) => !LEGACY_TOP.includes(p))],
    );
    await queryRunner.query(`
            ALTER TABLE "measure_cooperating_units" DROP CONSTRAINT "FK_57e5f31d162204aa85eee4b642c"
        `);
    await queryRunner.query(`
            ALTER TABLE "measure_cooperating_units" DROP CONSTRAINT "FK_bd4e756e45e490f4d97c078cd07"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "FK_75c01a8e6db5c7177a8371a370a"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "FK_0126e0684357c7a1976dc7589e1"
        `);
    await queryRunner.query(`
            ALTER TABLE "findings" DROP CONSTRAINT "FK_394392b4ed263a66698726e0395"
        `);
    await queryRunner.query(`
            ALTER TABLE "measures" DROP CONSTRAINT "FK_99f7e31b4a2213db3e55be0099d"
        `);
    await queryRunner.query(`
            ALTER TABLE "finding_categories" DROP CONSTRAINT "FK_943282cf76d0872213f17b88fae"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "chk_items_finding_or_measure"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_items_open_deadline"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_75c01a8e6db5c7177a8371a370"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_394392b4ed263a66698726e039"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_99f7e31b4a2213db3e55be0099"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_943282cf76d0872213f17b88fa"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ALTER COLUMN "finding_id"
            SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "FK_0126e0684357c7a1976dc7589e1" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP COLUMN "measure_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "report_item_rollup" DROP CONSTRAINT "PK_a3eea128bc147e866c3500bfdae"
        `);
    await queryRunner.query(`
            ALTER TABLE "report_item_rollup"
            ADD CONSTRAINT "PK_7ba4f1776f8d540f3b0e4be3ca4" PRIMARY KEY (
                    "responsible_unit_id",
                    "finding_id",
                    "rectification_type"
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "report_item_rollup" DROP COLUMN "measure_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "findings" DROP COLUMN "category_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "measures" DROP COLUMN "signoff_statement"
        `);
    await queryRunner.query(`
            ALTER TABLE "measures" DROP COLUMN "signed_off_by_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "measures" DROP COLUMN "signed_off_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "measures" DROP COLUMN "lead_unit_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "measures" DROP COLUMN "immediate"
        `);
    await queryRunner.query(`
            ALTER TABLE "finding_categories" DROP COLUMN "parent_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_57e5f31d162204aa85eee4b642"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bd4e756e45e490f4d97c078cd0"
        `);
    await queryRunner.query(`
            DROP TABLE "measure_cooperating_units"
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_items_open_deadline" ON "rectification_items" USING btree (
                "finding_id",
                "responsible_unit_id",
                "deadline",
                "rectification_type"
            )
            WHERE (
                    (status)::text = ANY (
                        (
                            ARRAY ['pending'::character varying, 'in_progress'::character varying]
                        )::text []
                    )
                )
        `);
    await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "aliases"`);
  }
}
