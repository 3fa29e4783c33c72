import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-unit group robots (secret encrypted at rest) and each user's channels per kind of notification;
 * an index on supervision_notices.ledger_id for the delivery's batched read.
 * Two functions route a webhook delivery: `follow_up_robot_unit(unit)` is the nearest unit at or
 * above `unit` that has a robot (a sub-unit without one uses its parent's); `unit_is_within(unit,
 * ancestor)` says whether an item's unit lies under the robot's unit (only those lines go there).
 * Both walk up the unit tree at most 32 levels.
 */
export class FollowUpChannels1795818000000 implements MigrationInterface {
  name = 'FollowUpChannels1795818000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "unit_webhooks" (
                "unit_id" uuid NOT NULL,
                "url" character varying(2000) NOT NULL,
                "style" character varying(10) NOT NULL,
                "secret_cipher" bytea,
                "updated_by_id" uuid,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_fc3fd7ddbcd8766482712770e6" CHECK ("style" IN ('dingtalk', 'wecom', 'generic')),
                CONSTRAINT "PK_852a271d556ed98e0d1217e41a3" PRIMARY KEY ("unit_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_preferences" (
                "user_id" uuid NOT NULL,
                "channels" jsonb NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_64c90edc7310c6be7c10c96f675" PRIMARY KEY ("user_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_webhooks"
            ADD CONSTRAINT "FK_852a271d556ed98e0d1217e41a3" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences"
            ADD CONSTRAINT "FK_64c90edc7310c6be7c10c96f675" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Each delivery reads the 督办单 of the ledger rows it carries: without this, a sequential scan per batch.
    await queryRunner.query(`CREATE INDEX "idx_supervision_notices_ledger" ON "supervision_notices" ("ledger_id")`);
    await queryRunner.query(`
            CREATE FUNCTION unit_ancestors(start uuid) RETURNS TABLE (id uuid, depth int) LANGUAGE sql STABLE AS $fn$
              WITH RECURSIVE up(id, parent_id, depth) AS (
                SELECT u.id, u.parent_id, 0 FROM units u WHERE u.id = start
                UNION ALL
                SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 32
              )
              SELECT up.id, up.depth FROM up
            $fn$
        `);
    await queryRunner.query(`
            CREATE FUNCTION follow_up_robot_unit(start uuid) RETURNS uuid LANGUAGE sql STABLE AS $fn$
              SELECT a.id FROM unit_ancestors(start) a JOIN unit_webhooks w ON w.unit_id = a.id ORDER BY a.depth LIMIT 1
            $fn$
        `);
    await queryRunner.query(`
            CREATE FUNCTION unit_is_within(unit uuid, ancestor uuid) RETURNS boolean LANGUAGE sql STABLE AS $fn$
              SELECT EXISTS (SELECT 1 FROM unit_ancestors(unit) a WHERE a.id = ancestor)
            $fn$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION unit_is_within(uuid, uuid)`);
    await queryRunner.query(`DROP FUNCTION follow_up_robot_unit(uuid)`);
    await queryRunner.query(`DROP FUNCTION unit_ancestors(uuid)`);
    await queryRunner.query(`DROP INDEX "idx_supervision_notices_ledger"`);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_64c90edc7310c6be7c10c96f675"
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_webhooks" DROP CONSTRAINT "FK_852a271d556ed98e0d1217e41a3"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_preferences"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_webhooks"
        `);
  }
}
