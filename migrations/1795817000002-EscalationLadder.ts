import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The escalation ladder on record:
 * - reminder_ledger.unreached_roles: recipient roles a step had nobody for (status 'failed' when
 *   nobody at all) — shown on /follow-up/failures and the office board;
 * - supervision_notices addressed to a unit (unit_id, backfilled from the item) with a reply
 *   deadline and the unit's reply. Notices issued before have no reply deadline: never chased.
 */
export class EscalationLadder1795817000002 implements MigrationInterface {
  name = 'EscalationLadder1795817000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reminder_ledger" ADD "unreached_roles" character varying(20) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" ADD "unit_id" uuid`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" ADD "reply_due" date`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" ADD "reply_text" text`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" ADD "replied_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" ADD "replied_by_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_a2f32d2abdbaa83819ae18f3ad" ON "supervision_notices" ("unit_id")`);
    await queryRunner.query(
      `UPDATE "supervision_notices" s SET "unit_id" = i."responsible_unit_id" FROM "rectification_items" i WHERE i."id" = s."item_id"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a2f32d2abdbaa83819ae18f3ad"`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" DROP COLUMN "replied_by_id"`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" DROP COLUMN "replied_at"`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" DROP COLUMN "reply_text"`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" DROP COLUMN "reply_due"`);
    await queryRunner.query(`ALTER TABLE "supervision_notices" DROP COLUMN "unit_id"`);
    await queryRunner.query(`ALTER TABLE "reminder_ledger" DROP COLUMN "unreached_roles"`);
  }
}
