import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportOpenItemsIndex1795809693909 implements MigrationInterface {
  name = 'ReportOpenItemsIndex1795809693909';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_items_open_deadline"
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_items_open_deadline" ON "rectification_items" (
                "deadline",
                "finding_id",
                "responsible_unit_id",
                "rectification_type"
            )
            WHERE status IN ('pending', 'in_progress')
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."idx_items_open_deadline"
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_items_open_deadline" ON "rectification_items" USING btree ("deadline")
            WHERE (
                    (status)::text = ANY (
                        (
                            ARRAY ['pending'::character varying, 'in_progress'::character varying]
                        )::text []
                    )
                )
        `);
  }
}
