import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An inspection group marks a clue for transfer (问题线索移交) on a finding it recorded: the note,
 * when and by whom, once (null until referred). Never shown to units (FindingsService).
 */
export class FindingClueReferral1795841000000 implements MigrationInterface {
  name = 'FindingClueReferral1795841000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "findings" ADD "clue_referral_note" text, ADD "clue_referral_at" TIMESTAMP WITH TIME ZONE, ADD "clue_referred_by_id" uuid`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_findings_clue_referral_at" ON "findings" ("clue_referral_at") WHERE clue_referral_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_findings_clue_referral_at"`);
    await queryRunner.query(
      `ALTER TABLE "findings" DROP COLUMN "clue_referred_by_id", DROP COLUMN "clue_referral_at", DROP COLUMN "clue_referral_note"`,
    );
  }
}
