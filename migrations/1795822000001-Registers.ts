import { MigrationInterface, QueryRunner } from 'typeorm';

export class Registers1795822000001 implements MigrationInterface {
  name = 'Registers1795822000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "clues" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "unit_id" uuid,
                "finding_id" uuid,
                "summary" text NOT NULL,
                "transferred_to" character varying(20) NOT NULL,
                "transferred_on" date NOT NULL,
                "outcome" text,
                "outcome_on" date,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1e710973f491f1bf6ac448a600e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_19f134904e95c135349ae8b730" ON "clues" ("inspection_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_01d77de328f373a651b27707d0" ON "clues" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "interviews" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "unit_id" uuid NOT NULL,
                "item_ids" uuid array NOT NULL DEFAULT '{}',
                "date" date NOT NULL,
                "interviewer" character varying(100) NOT NULL,
                "note" text NOT NULL,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_fd41af1f96d698fa33c2f070f47" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b2f56b680413d3aa95fdd739b7" ON "interviews" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "accountability_records" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "unit_id" uuid NOT NULL,
                "item_ids" uuid array NOT NULL DEFAULT '{}',
                "subject" character varying(200) NOT NULL,
                "decision" text NOT NULL,
                "decided_on" date NOT NULL,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4c8b401c972984a9f33a551d2aa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a8aae22b7f36e979cd30ed7b59" ON "accountability_records" ("unit_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger"
            ADD "interview_id" uuid
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "reminder_ledger" DROP COLUMN "interview_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a8aae22b7f36e979cd30ed7b59"
        `);
    await queryRunner.query(`
            DROP TABLE "accountability_records"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b2f56b680413d3aa95fdd739b7"
        `);
    await queryRunner.query(`
            DROP TABLE "interviews"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_01d77de328f373a651b27707d0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_19f134904e95c135349ae8b730"
        `);
    await queryRunner.query(`
            DROP TABLE "clues"
        `);
  }
}
