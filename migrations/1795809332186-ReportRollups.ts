import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportRollups1795809332186 implements MigrationInterface {
  name = 'ReportRollups1795809332186';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "report_item_rollup" (
                "finding_id" uuid NOT NULL,
                "responsible_unit_id" uuid NOT NULL,
                "rectification_type" character varying(20) NOT NULL,
                "total" integer NOT NULL DEFAULT '0',
                "closed" integer NOT NULL DEFAULT '0',
                "submitted" integer NOT NULL DEFAULT '0',
                "in_progress" integer NOT NULL DEFAULT '0',
                "pending" integer NOT NULL DEFAULT '0',
                "overdue_at_anchor" integer NOT NULL DEFAULT '0',
                "closed_on_time" integer NOT NULL DEFAULT '0',
                "closed_dated" integer NOT NULL DEFAULT '0',
                "days_to_close_seconds" numeric NOT NULL DEFAULT '0',
                CONSTRAINT "PK_7ba4f1776f8d540f3b0e4be3ca4" PRIMARY KEY (
                    "finding_id",
                    "responsible_unit_id",
                    "rectification_type"
                )
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "report_month_rollup" (
                "responsible_unit_id" uuid NOT NULL,
                "rectification_type" character varying(20) NOT NULL,
                "deadline_month" date NOT NULL,
                "total" integer NOT NULL DEFAULT '0',
                "closed" integer NOT NULL DEFAULT '0',
                "submitted" integer NOT NULL DEFAULT '0',
                "in_progress" integer NOT NULL DEFAULT '0',
                "pending" integer NOT NULL DEFAULT '0',
                "overdue_at_anchor" integer NOT NULL DEFAULT '0',
                "closed_on_time" integer NOT NULL DEFAULT '0',
                "closed_dated" integer NOT NULL DEFAULT '0',
                "days_to_close_seconds" numeric NOT NULL DEFAULT '0',
                CONSTRAINT "PK_75789c842ddbb37b0c5cb0a60bd" PRIMARY KEY (
                    "responsible_unit_id",
                    "rectification_type",
                    "deadline_month"
                )
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "report_rollup_state" (
                "id" smallint NOT NULL,
                "anchor" date NOT NULL,
                CONSTRAINT "PK_4aa1256169f6bbb8f8663a188a5" PRIMARY KEY ("id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "report_rollup_state"
        `);
    await queryRunner.query(`
            DROP TABLE "report_month_rollup"
        `);
    await queryRunner.query(`
            DROP TABLE "report_item_rollup"
        `);
  }
}
