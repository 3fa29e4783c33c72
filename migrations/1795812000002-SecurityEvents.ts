import { MigrationInterface, QueryRunner } from 'typeorm';

/** Denied attempts for the admin (issue 10, defect 14): indexed for the newest first, by kind and by user. */
export class SecurityEvents1795812000002 implements MigrationInterface {
  name = 'SecurityEvents1795812000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "security_events" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "kind" character varying(32) NOT NULL,
                "user_id" uuid,
                "username" character varying(64),
                "ip" character varying(64) NOT NULL,
                "method" character varying(10) NOT NULL,
                "path" character varying(300) NOT NULL,
                "status" smallint NOT NULL,
                "code" character varying(64),
                "count" integer NOT NULL DEFAULT '1',
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_6fc100d6700780737348df0d3ae" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0b65640e1dcdbb7e50341772d5" ON "security_events" ("user_id", "at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c87e140ed37df4f81f908182c2" ON "security_events" ("kind", "at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b4006ea96267a64ea848aa1106" ON "security_events" ("at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b4006ea96267a64ea848aa1106"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c87e140ed37df4f81f908182c2"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0b65640e1dcdbb7e50341772d5"
        `);
    await queryRunner.query(`
            DROP TABLE "security_events"
        `);
  }
}
