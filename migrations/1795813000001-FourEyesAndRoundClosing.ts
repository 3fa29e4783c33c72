import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: 销号 by four eyes (who submitted an item), a `closed` state for internal rounds (ends
 * their inspectors' access), and evidence names without the bidi/zero-width characters that could
 * disguise an extension (new uploads are cleaned in code; this cleans what is stored).
 */
export class FourEyesAndRoundClosing1795813000001 implements MigrationInterface {
  name = 'FourEyesAndRoundClosing1795813000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "inspections"
            ADD "status" character varying(20) NOT NULL DEFAULT 'open'
        `);
    await queryRunner.query(`
            ALTER TABLE "inspections"
            ADD "closed_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD "submitted_by_id" uuid
        `);
    // Items awaiting review keep their submitter from the audit trail, so the rule holds for them too.
    await queryRunner.query(`
            UPDATE "rectification_items" i
               SET "submitted_by_id" = (SELECT a."actor_id" FROM "audit_entries" a
                                         WHERE a."subject_id" = i."id" AND a."action" = 'item.submit'
                                         ORDER BY a."id" DESC LIMIT 1)
             WHERE i."status" = 'submitted'
        `);
    // The format characters (Unicode Cf) an evidence name may carry: soft hyphen, Arabic/Syriac marks,
    // Mongolian vowel separator, zero-width, bidi marks/embeddings/overrides/isolates, word joiner and
    // invisible operators, BOM, interlinear annotation.
    await queryRunner.query(`
            UPDATE "item_evidence"
               SET "original_name" = coalesce(nullif(regexp_replace("original_name",
                     '[\\u00AD\\u0600-\\u0605\\u061C\\u06DD\\u070F\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\uFFF9-\\uFFFB]',
                     '', 'g'), ''), 'file')
             WHERE "original_name" ~ '[\\u00AD\\u0600-\\u0605\\u061C\\u06DD\\u070F\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\uFFF9-\\uFFFB]'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP COLUMN "submitted_by_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspections" DROP COLUMN "closed_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspections" DROP COLUMN "status"
        `);
  }
}
