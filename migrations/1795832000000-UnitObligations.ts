import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of a unit's own data: row-level security keys on their unit (README "Row-level security"). */
const UNIT_TABLES = ['unit_feedbacks', 'unit_obligations', 'self_checks'];

/** reminder_ledger's policy before: every row belonged to an item. */
const ITEM_RULE = `rectify_scope_unrestricted() OR EXISTS (
        SELECT 1 FROM rectification_items i WHERE i.id = reminder_ledger.item_id AND rectify_scope_includes(i.responsible_unit_id))`;
/** …and now: an item's row through its item, a unit's row (an obligation, a 约谈 notice) through its unit. */
const SUBJECT_RULE = `rectify_scope_unrestricted() OR (reminder_ledger.item_id IS NULL AND rectify_scope_includes(reminder_ledger.unit_id))
        OR EXISTS (SELECT 1 FROM rectification_items i WHERE i.id = reminder_ledger.item_id AND rectify_scope_includes(i.responsible_unit_id))`;

/**
 * The units' side of a round (issue 13): feedback dates, obligations (整改方案, 整改情况报告,
 * self-check answers), common problems and self-checks; the notification ledger generalised so a
 * row may belong to a unit's obligation or be a unit's notice instead of an item's.
 */
export class UnitObligations1795832000000 implements MigrationInterface {
  name = 'UnitObligations1795832000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "unit_feedbacks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "group_id" uuid,
                "feedback_date" date NOT NULL,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_unit_feedback" UNIQUE ("inspection_id", "unit_id"),
                CONSTRAINT "PK_0eb33d97b1d70253084fc5e1f6d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_fdd85e63da2ba9a0c7ee418d06" ON "unit_feedbacks" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "unit_obligations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" character varying(20) NOT NULL,
                "inspection_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "self_check_id" uuid,
                "due_date" date,
                "deadline_version" integer NOT NULL DEFAULT '1',
                "escalation_level" smallint NOT NULL DEFAULT '0',
                "satisfied_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0638c16c3d86957549fe84c5374" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d0488f1706e2e4f944706c521a" ON "unit_obligations" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_unit_obligations_open" ON "unit_obligations" ("due_date")
            WHERE satisfied_at IS NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_unit_obligation_self_check" ON "unit_obligations" ("self_check_id")
            WHERE self_check_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_unit_obligation_round" ON "unit_obligations" ("kind", "inspection_id", "unit_id")
            WHERE self_check_id IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "common_problems" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "finding_id" uuid NOT NULL,
                "inspection_id" uuid NOT NULL,
                "description" text NOT NULL,
                "instructions" text NOT NULL,
                "scope" character varying(20) NOT NULL,
                "due_date" date NOT NULL,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6a18ab3e16d13e68048b295b148" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_4e9eb1a4b813b322ca9e0a0903" ON "common_problems" ("finding_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "self_checks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "common_problem_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "due_date" date NOT NULL,
                "found" boolean,
                "statement" text,
                "item_ids" uuid array NOT NULL DEFAULT '{}',
                "answered_at" TIMESTAMP WITH TIME ZONE,
                "answered_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_self_check_unit" UNIQUE ("common_problem_id", "unit_id"),
                CONSTRAINT "PK_8f3a41613ee9e1def5341ce53a7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_af33cfb1f62740e183f3bdab94" ON "self_checks" ("unit_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger"
            ADD "obligation_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger"
            ADD "unit_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger"
            ALTER COLUMN "item_id" DROP NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_reminder_ledger_interview_notice" ON "reminder_ledger" ("interview_id", "kind")
            WHERE kind = 'interview_notice'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_reminder_ledger_obligation_step" ON "reminder_ledger" (
                "obligation_id",
                "kind",
                "step",
                "deadline_version"
            )
            WHERE obligation_id IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger"
            ADD CONSTRAINT "chk_reminder_ledger_subject" CHECK (
                    "item_id" IS NOT NULL
                    OR "unit_id" IS NOT NULL
                )
        `);
    for (const table of UNIT_TABLES) {
      await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY unit_scope ON ${table} USING (rectify_scope_includes(unit_id)) WITH CHECK (rectify_scope_includes(unit_id))`,
      );
    }
    await queryRunner.query(`DROP POLICY unit_scope ON reminder_ledger`);
    await queryRunner.query(`CREATE POLICY unit_scope ON reminder_ledger USING (${SUBJECT_RULE}) WITH CHECK (${SUBJECT_RULE})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY unit_scope ON reminder_ledger`);
    await queryRunner.query(`CREATE POLICY unit_scope ON reminder_ledger USING (${ITEM_RULE}) WITH CHECK (${ITEM_RULE})`);
    for (const table of UNIT_TABLES) await queryRunner.query(`DROP POLICY unit_scope ON ${table}`);
    // Rows of units (obligations, 约谈 notices) have no place in the old ledger.
    await queryRunner.query(`DELETE FROM reminder_ledger WHERE item_id IS NULL`);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger" DROP CONSTRAINT "chk_reminder_ledger_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_reminder_ledger_obligation_step"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_reminder_ledger_interview_notice"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger"
            ALTER COLUMN "item_id"
            SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger" DROP COLUMN "unit_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger" DROP COLUMN "obligation_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_af33cfb1f62740e183f3bdab94"
        `);
    await queryRunner.query(`
            DROP TABLE "self_checks"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4e9eb1a4b813b322ca9e0a0903"
        `);
    await queryRunner.query(`
            DROP TABLE "common_problems"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_unit_obligation_round"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_unit_obligation_self_check"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_unit_obligations_open"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d0488f1706e2e4f944706c521a"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_obligations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_fdd85e63da2ba9a0c7ee418d06"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_feedbacks"
        `);
  }
}
