import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working calendar seed: 2026 as published by the State Council (国办发明电〔2025〕7号, best known
 * dates); 2027 is an ESTIMATE from the lunar calendar (no make-up days) until the notice is out.
 * The admin must verify both each year (GET/POST/DELETE /follow-up/calendar).
 */
const HOLIDAYS: [string, string, string][] = [
  ['2026-01-01', '2026-01-03', '元旦'],
  ['2026-02-15', '2026-02-23', '春节'],
  ['2026-04-04', '2026-04-06', '清明节'],
  ['2026-05-01', '2026-05-05', '劳动节'],
  ['2026-06-19', '2026-06-21', '端午节'],
  ['2026-09-25', '2026-09-27', '中秋节'],
  ['2026-10-01', '2026-10-07', '国庆节'],
  ['2027-01-01', '2027-01-03', '元旦'],
  ['2027-02-05', '2027-02-13', '春节'],
  ['2027-04-03', '2027-04-05', '清明节'],
  ['2027-05-01', '2027-05-05', '劳动节'],
  ['2027-06-09', '2027-06-11', '端午节'],
  ['2027-09-15', '2027-09-17', '中秋节'],
  ['2027-10-01', '2027-10-07', '国庆节'],
];
const MAKE_UP_WORKDAYS: [string, string][] = [
  ['2026-01-04', '元旦调休上班'],
  ['2026-02-14', '春节调休上班'],
  ['2026-02-28', '春节调休上班'],
  ['2026-05-09', '劳动节调休上班'],
  ['2026-09-20', '国庆节调休上班'],
  ['2026-10-10', '国庆节调休上班'],
];

export class FollowUp1795807541347 implements MigrationInterface {
  name = 'FollowUp1795807541347';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "follow_up_policy" (
                "id" smallint NOT NULL,
                "policy" jsonb NOT NULL,
                "updated_by_id" uuid,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_c33960cd51f9bb411dbb8acfc3" CHECK ("id" = 1),
                CONSTRAINT "PK_90d2e2f447d58d29eb067335017" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "working_calendar" (
                "date" date NOT NULL,
                "kind" character varying(10) NOT NULL,
                "name" character varying(50) NOT NULL,
                CONSTRAINT "PK_0e684e80f9fbe15f993a191ee8a" PRIMARY KEY ("date")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "reminder_ledger" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "item_id" uuid NOT NULL,
                "kind" character varying(12) NOT NULL,
                "step" integer NOT NULL,
                "offset_days" integer,
                "level" smallint,
                "deadline_version" integer NOT NULL,
                "deadline" date,
                "run_id" uuid NOT NULL,
                "recipients" uuid array NOT NULL DEFAULT '{}',
                "channels" character varying array NOT NULL DEFAULT '{}',
                "status" character varying(10) NOT NULL DEFAULT 'pending',
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_reminder_ledger_step" UNIQUE ("item_id", "kind", "step", "deadline_version"),
                CONSTRAINT "PK_ced3d0c10a293a84327a9baa9d2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c9b8957041d62c7b816495e169" ON "reminder_ledger" ("run_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "follow_up_runs" (
                "id" uuid NOT NULL,
                "seq" BIGSERIAL NOT NULL,
                "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
                "trigger" character varying(10) NOT NULL,
                "recorded" integer NOT NULL DEFAULT '0',
                "enqueued" integer NOT NULL DEFAULT '0',
                "requeued" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_f999bf0c52b05d4d5fe5a94d441" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_4baefa61b1928e222eae8dbed1" ON "follow_up_runs" ("seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "digest_key" character varying(64) NOT NULL,
                "user_id" uuid NOT NULL,
                "channel" character varying(10) NOT NULL,
                "ledger_ids" uuid array NOT NULL,
                "run_id" uuid NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "failed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_notification_delivery" UNIQUE ("digest_key", "channel"),
                CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9fcd0b72070848cc484af6bc1e" ON "notification_deliveries" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_decfd4097437baf2fce0114801" ON "notification_deliveries" ("run_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_notification_deliveries_pending" ON "notification_deliveries" ("id")
            WHERE status = 'pending'
        `);
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "digest_key" character varying(64) NOT NULL,
                "title" character varying(200) NOT NULL,
                "body" text NOT NULL,
                "item_ids" uuid array NOT NULL,
                "run_id" uuid NOT NULL,
                "read_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_notifications_digest" UNIQUE ("user_id", "digest_key"),
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_310667f935698fcd8cb319113a" ON "notifications" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "supervision_notices" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "number" character varying(40) NOT NULL,
                "year" integer NOT NULL,
                "seq" integer NOT NULL,
                "item_id" uuid NOT NULL,
                "deadline_version" integer NOT NULL,
                "level" smallint NOT NULL,
                "ledger_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_supervision_notice_number" UNIQUE ("year", "seq"),
                CONSTRAINT "uq_supervision_notice_item_version" UNIQUE ("item_id", "deadline_version"),
                CONSTRAINT "PK_9b4420fd0c2f761f599285c6ee8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_77f0e56e17cc1cf6417263727e" ON "supervision_notices" ("item_id")
        `);
    for (const [from, to, name] of HOLIDAYS) {
      await queryRunner.query(
        `INSERT INTO "working_calendar" ("date", "kind", "name")
                 SELECT d::date, 'holiday', $3 FROM generate_series($1::date, $2::date, interval '1 day') AS d`,
        [from, to, name],
      );
    }
    for (const [date, name] of MAKE_UP_WORKDAYS) {
      await queryRunner.query(`INSERT INTO "working_calendar" ("date", "kind", "name") VALUES ($1, 'workday', $2)`, [date, name]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_77f0e56e17cc1cf6417263727e"
        `);
    await queryRunner.query(`
            DROP TABLE "supervision_notices"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_310667f935698fcd8cb319113a"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_notification_deliveries_pending"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_decfd4097437baf2fce0114801"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9fcd0b72070848cc484af6bc1e"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_deliveries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4baefa61b1928e222eae8dbed1"
        `);
    await queryRunner.query(`
            DROP TABLE "follow_up_runs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c9b8957041d62c7b816495e169"
        `);
    await queryRunner.query(`
            DROP TABLE "reminder_ledger"
        `);
    await queryRunner.query(`
            DROP TABLE "working_calendar"
        `);
    await queryRunner.query(`
            DROP TABLE "follow_up_policy"
        `);
  }
}
