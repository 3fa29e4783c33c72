import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * reminder_ledger.remaining_days / working_days: the item's own days to (or past) its deadline as
 * of the sweep that recorded the row, so a message states them instead of the rule's threshold.
 * Rows recorded before stay NULL (their messages were sent already).
 */
export class LedgerRemainingDays1795817000001 implements MigrationInterface {
  name = 'LedgerRemainingDays1795817000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reminder_ledger" ADD "remaining_days" integer`);
    await queryRunner.query(`ALTER TABLE "reminder_ledger" ADD "working_days" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reminder_ledger" DROP COLUMN "working_days"`);
    await queryRunner.query(`ALTER TABLE "reminder_ledger" DROP COLUMN "remaining_days"`);
  }
}
