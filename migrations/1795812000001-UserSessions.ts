import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions that end (token_version in every token) and the forced change after an admin's reset. */
export class UserSessions1795812000001 implements MigrationInterface {
  name = 'UserSessions1795812000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "token_version" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "must_change_password" boolean NOT NULL DEFAULT false
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "must_change_password"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "token_version"
        `);
  }
}
