import { MigrationInterface, QueryRunner } from 'typeorm';

export class UnitsSide1795833000000 implements MigrationInterface {
  name = 'UnitsSide1795833000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "unit_plans" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'draft',
                "return_comment" text,
                "returned_at" TIMESTAMP WITH TIME ZONE,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "submitted_by_id" uuid,
                "approved_at" TIMESTAMP WITH TIME ZONE,
                "decided_by_id" uuid,
                "created_by_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_unit_plans_round_unit" UNIQUE ("inspection_id", "unit_id"),
                CONSTRAINT "PK_757732ac28201481827d8b3af0a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_712fd8399ef0ad6b07e34e67c2" ON "unit_plans" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "rechecks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "item_id" uuid NOT NULL,
                "due_date" date NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'scheduled',
                "note" text,
                "result_at" TIMESTAMP WITH TIME ZONE,
                "result_by_id" uuid,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_984a36fcad58ac6cb74603e8f99" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_14c91dacf4e70b0d32efa752a3" ON "rechecks" ("item_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_rechecks_scheduled_item" ON "rechecks" ("item_id")
            WHERE status = 'scheduled'
        `);
    await queryRunner.query(`
            CREATE TABLE "unit_reports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "summary" text NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'submitted',
                "decision_comment" text,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decided_by_id" uuid,
                "submitted_by_id" uuid NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8517e9097cbda5e2fa97408fa3c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b0c1994759b606902d9343b32a" ON "unit_reports" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e17c5304a6de1d4157c6bae696" ON "unit_reports" ("inspection_id", "unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "unit_report_files" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "report_id" uuid NOT NULL,
                "uploader_id" uuid NOT NULL,
                "original_name" character varying(255) NOT NULL,
                "stored_name" character varying(64) NOT NULL,
                "mime_type" character varying(100) NOT NULL,
                "size" bigint NOT NULL,
                "sha256" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_76698fa81c4d32c17ee2ee6f58b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b6cfac13b8ea8ed0f66f57339d" ON "unit_report_files" ("report_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD "unit_plan_id" uuid
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1893bc134cfd4615225569a9f3" ON "rectification_items" ("unit_plan_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_plans"
            ADD CONSTRAINT "FK_32286e36b970cad709e82c7754e" FOREIGN KEY ("inspection_id") REFERENCES "inspections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_plans"
            ADD CONSTRAINT "FK_712fd8399ef0ad6b07e34e67c2a" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "FK_1893bc134cfd4615225569a9f31" FOREIGN KEY ("unit_plan_id") REFERENCES "unit_plans"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rechecks"
            ADD CONSTRAINT "FK_14c91dacf4e70b0d32efa752a32" FOREIGN KEY ("item_id") REFERENCES "rectification_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_reports"
            ADD CONSTRAINT "FK_e6914fb87517b73f675f91f342d" FOREIGN KEY ("inspection_id") REFERENCES "inspections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_reports"
            ADD CONSTRAINT "FK_b0c1994759b606902d9343b32a0" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_report_files"
            ADD CONSTRAINT "FK_b6cfac13b8ea8ed0f66f57339da" FOREIGN KEY ("report_id") REFERENCES "unit_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "unit_report_files" DROP CONSTRAINT "FK_b6cfac13b8ea8ed0f66f57339da"
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_reports" DROP CONSTRAINT "FK_b0c1994759b606902d9343b32a0"
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_reports" DROP CONSTRAINT "FK_e6914fb87517b73f675f91f342d"
        `);
    await queryRunner.query(`
            ALTER TABLE "rechecks" DROP CONSTRAINT "FK_14c91dacf4e70b0d32efa752a32"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "FK_1893bc134cfd4615225569a9f31"
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_plans" DROP CONSTRAINT "FK_712fd8399ef0ad6b07e34e67c2a"
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_plans" DROP CONSTRAINT "FK_32286e36b970cad709e82c7754e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1893bc134cfd4615225569a9f3"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP COLUMN "unit_plan_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b6cfac13b8ea8ed0f66f57339d"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_report_files"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e17c5304a6de1d4157c6bae696"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b0c1994759b606902d9343b32a"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_reports"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_rechecks_scheduled_item"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_14c91dacf4e70b0d32efa752a3"
        `);
    await queryRunner.query(`
            DROP TABLE "rechecks"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_712fd8399ef0ad6b07e34e67c2"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_plans"
        `);
  }
}
