import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1795808097244 implements MigrationInterface {
  name = 'Reports1795808097244';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "report_snapshots" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "day" date NOT NULL,
                "unit_id" uuid NOT NULL,
                "total" integer NOT NULL,
                "closed" integer NOT NULL,
                "overdue" integer NOT NULL,
                "closed_on_time" integer NOT NULL,
                "long_term_total" integer NOT NULL,
                "long_term_closed" integer NOT NULL,
                "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_report_snapshots_day_unit" UNIQUE ("day", "unit_id"),
                CONSTRAINT "PK_b72010989c40cd0883ed90f674a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_02a5febaf50f22e7bcf103b630" ON "report_snapshots" ("day")
        `);
    await queryRunner.query(`
            CREATE TABLE "report_bulletins" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "week_start" date NOT NULL,
                "week_end" date NOT NULL,
                "title" character varying(200) NOT NULL,
                "summary" text NOT NULL,
                "figures" jsonb NOT NULL,
                "xlsx" bytea NOT NULL,
                "delivered" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_report_bulletins_week" UNIQUE ("week_start"),
                CONSTRAINT "PK_989aa18bfec099f09f1f61a0558" PRIMARY KEY ("id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "report_bulletins"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_02a5febaf50f22e7bcf103b630"
        `);
    await queryRunner.query(`
            DROP TABLE "report_snapshots"
        `);
  }
}
