import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The office's manual chase (催办/督办) and messages over the follow-up channels:
 * - reminder_ledger.kind widened to 20 (manual_urge, manual_supervise) IN PLACE (the generator
 *   dropped and re-added the column, losing every row's kind), and a note for manual chases;
 * - supervision_notices.manual: the once-per-deadline-version key now holds for the sweep's notices
 *   only (a manual 督办 may issue one a day);
 * - notification_messages + notification_deliveries.message_id: the weekly bulletin by e-mail/webhook;
 * - idx_items_open_long_term: the sweep's long-term arm reads open long_term items, not the table.
 */
export class FollowUpChase1795810412164 implements MigrationInterface {
  name = 'FollowUpChase1795810412164';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supervision_notices" DROP CONSTRAINT "uq_supervision_notice_item_version"`);
    await queryRunner.query(`
            CREATE TABLE "notification_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "key" character varying(100) NOT NULL,
                "title" character varying(200) NOT NULL,
                "body" text NOT NULL,
                "attachment_name" character varying(200),
                "attachment" bytea,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_025a03ac35a495f0a6d8730350d" PRIMARY KEY ("id")
            )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4113496ee617528ad2c120fd83" ON "notification_messages" ("key")`);
    await queryRunner.query(`ALTER TABLE "reminder_ledger" ADD "note" text`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ADD "message_id" uuid`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" ADD "manual" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "reminder_ledger" ALTER COLUMN "kind" TYPE character varying(20)`);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_supervision_notice_item_version" ON "supervision_notices" ("item_id", "deadline_version")
            WHERE NOT manual`);
    await queryRunner.query(`
            CREATE INDEX "idx_items_open_long_term" ON "rectification_items" ("id")
            WHERE status IN ('pending', 'in_progress')
                AND rectification_type = 'long_term'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_items_open_long_term"`);
    await queryRunner.query(`DROP INDEX "public"."uq_supervision_notice_item_version"`);
    // Manual chases and their notices cannot live in the narrower schema.
    await queryRunner.query(`DELETE FROM "supervision_notices" WHERE manual`);
    await queryRunner.query(`DELETE FROM "reminder_ledger" WHERE length(kind) > 12`);
    await queryRunner.query(`ALTER TABLE "reminder_ledger" ALTER COLUMN "kind" TYPE character varying(12)`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" DROP COLUMN "manual"`);
    await queryRunner.query(`DELETE FROM "notification_deliveries" WHERE message_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" DROP COLUMN "message_id"`);
    await queryRunner.query(`ALTER TABLE "reminder_ledger" DROP COLUMN "note"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4113496ee617528ad2c120fd83"`);
    await queryRunner.query(`DROP TABLE "notification_messages"`);
    await queryRunner.query(
      `ALTER TABLE "supervision_notices" ADD CONSTRAINT "uq_supervision_notice_item_version" UNIQUE ("item_id", "deadline_version")`,
    );
  }
}
