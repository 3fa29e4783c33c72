import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A unit can be deactivated (撤销/停用) instead of deleted (generated, reviewed): its items, findings
 * and users stay and stay readable, but it takes no new items, users, findings or group
 * assignments (README "Units"). Existing units start active.
 */
export class UnitActive1795838000000 implements MigrationInterface {
  name = 'UnitActive1795838000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "units" ADD "active" boolean NOT NULL DEFAULT true`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "active"`);
  }
}
