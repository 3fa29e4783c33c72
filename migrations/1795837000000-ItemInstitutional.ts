import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 建章立制 as the item's own flag (generated, reviewed): the 整改情况报告 counts items that establish
 * or revise rules and systems, which the office or the unit says when creating or editing the item
 * instead of the report guessing from the wording. Existing items start unflagged.
 */
export class ItemInstitutional1795837000000 implements MigrationInterface {
  name = 'ItemInstitutional1795837000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rectification_items" ADD "institutional" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rectification_items" DROP COLUMN "institutional"`);
  }
}
