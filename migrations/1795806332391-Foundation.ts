import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795806332391 implements MigrationInterface {
  name = 'Foundation1795806332391';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "actor_id" uuid,
                "actor_name" character varying(64) NOT NULL,
                "actor_role" character varying(20),
                "action" character varying(64) NOT NULL,
                "entity_type" character varying(64) NOT NULL,
                "entity_id" uuid NOT NULL,
                "subject_id" uuid,
                "before" jsonb,
                "after" jsonb,
                "request_id" character varying(64),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a697054c7eaeda7e892c597ae9" ON "audit_entries" ("subject_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1094ef41c030dd1b4d2e5a6ccf" ON "audit_entries" ("entity_type", "entity_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "finding_categories" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "sort_order" integer NOT NULL DEFAULT '0',
                "active" boolean NOT NULL DEFAULT true,
                CONSTRAINT "PK_63e3fba0eb3699300465f0fcab0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_7b0d63a8cdbcd784424a06e2d1" ON "finding_categories" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "inspections" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" character varying(20) NOT NULL,
                "title" character varying(200) NOT NULL,
                "inspecting_body" character varying(200),
                "start_date" date NOT NULL,
                "end_date" date NOT NULL,
                "feedback_date" date,
                "plan_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a484980015782324454d8c88abe" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bac72880ccc8a75a974d4acbc0" ON "inspections" ("plan_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "inspection_batches" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "start_date" date NOT NULL,
                "end_date" date NOT NULL,
                CONSTRAINT "UQ_7e553133d01037d31ca4d5d4f66" UNIQUE ("inspection_id", "number"),
                CONSTRAINT "PK_e7e014b0e49209a6db814b6390f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "units" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(50) NOT NULL,
                "name" character varying(200) NOT NULL,
                "parent_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5a8f2f064919b587d93936cb223" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_47635c1ab22d02fc3ebae3608b" ON "units" ("code")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e0d04b0849a3cde857ececa8ad" ON "units" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" character varying(64) NOT NULL,
                "password_hash" character varying(100) NOT NULL,
                "display_name" character varying(100) NOT NULL,
                "role" character varying(20) NOT NULL,
                "unit_id" uuid,
                "email" character varying(200),
                "phone" character varying(30),
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b94ecc6be926a5d23aa7791ec8" ON "users" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "inspection_groups" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "batch_id" uuid,
                "name" character varying(100) NOT NULL,
                "leader_id" uuid,
                CONSTRAINT "PK_be250eb509de52dff65a8236233" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0038afd54231b503c6d7dfdfd7" ON "inspection_groups" ("inspection_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "feedback_problems" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "code" character varying(20) NOT NULL,
                "category" character varying(100) NOT NULL,
                "description" text NOT NULL,
                "sort_order" integer NOT NULL DEFAULT '0',
                CONSTRAINT "UQ_0b5c4b26c21be61215de7bd24ed" UNIQUE ("inspection_id", "code"),
                CONSTRAINT "PK_bf994b27a462444875a3d199fb8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2d28d9d8a4b7ec3720619f2f1e" ON "feedback_problems" ("inspection_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "rectification_plans" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "title" character varying(200) NOT NULL,
                "document_no" character varying(100),
                "issued_date" date,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_86ea7725d3692119178763f325d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4c444aa9f9f16e97312bc2ffd8" ON "rectification_plans" ("inspection_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "measures" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "plan_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "content" text NOT NULL,
                "responsible_leader" character varying(200),
                "lead_department" character varying(200),
                "cooperating_departments" character varying(300),
                "deadline" date,
                "deadline_text" character varying(100),
                "rectification_type" character varying(20) NOT NULL,
                CONSTRAINT "UQ_15ae4246a6c73c9979b3121c3a7" UNIQUE ("plan_id", "number"),
                CONSTRAINT "PK_ec34a47385441849095def20546" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "findings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inspection_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "group_id" uuid,
                "batch_id" uuid,
                "category" character varying(100) NOT NULL,
                "description" text NOT NULL,
                "severity" character varying(20) NOT NULL DEFAULT 'general',
                "created_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ae9807d6293c23c13ff8804d09c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_16631a786e93d0f142f069263e" ON "findings" ("inspection_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f0abec387bebf179514cdb3c69" ON "findings" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "rectification_items" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "finding_id" uuid NOT NULL,
                "title" character varying(300) NOT NULL,
                "actions" text,
                "responsible_unit_id" uuid NOT NULL,
                "owner_id" uuid,
                "responsible_leader" character varying(100),
                "deadline" date NOT NULL,
                "original_deadline" date NOT NULL,
                "deadline_version" integer NOT NULL DEFAULT '0',
                "rectification_type" character varying(20) NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'pending',
                "escalation_level" smallint NOT NULL DEFAULT '0',
                "progress_percent" smallint NOT NULL DEFAULT '0',
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "closed_on" date,
                "created_by_id" uuid,
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_527960ea1d28a9f9cfa086ba1e6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0126e0684357c7a1976dc7589e" ON "rectification_items" ("finding_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2b8d9c5e95116f7f3ced1616a2" ON "rectification_items" ("owner_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f5664a07d0fdf686b1359555e5" ON "rectification_items" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_items_open_deadline" ON "rectification_items" ("deadline")
            WHERE status IN ('pending', 'in_progress')
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_54d3b4c93764b5d877ea5b71bb" ON "rectification_items" ("responsible_unit_id", "status")
        `);
    await queryRunner.query(`
            CREATE TABLE "item_evidence" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "item_id" uuid NOT NULL,
                "uploader_id" uuid,
                "original_name" character varying(255) NOT NULL,
                "stored_name" character varying(255) NOT NULL,
                "mime_type" character varying(150) NOT NULL,
                "size" bigint NOT NULL,
                "sha256" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1b3cfe8b2e730caf377c5837acd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c8aaf13c2738a30f8ffe1f1df7" ON "item_evidence" ("item_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "item_extensions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "item_id" uuid NOT NULL,
                "requested_by_id" uuid NOT NULL,
                "current_deadline" date NOT NULL,
                "new_deadline" date NOT NULL,
                "reason" text NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'pending',
                "decided_by_id" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "comment" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_cf260733008d01882fdafbcbcdf" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_45890646a8cdbae8890ab2d4be" ON "item_extensions" ("item_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_item_extensions_one_pending" ON "item_extensions" ("item_id")
            WHERE status = 'pending'
        `);
    await queryRunner.query(`
            CREATE TABLE "item_progress_updates" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "item_id" uuid NOT NULL,
                "author_id" uuid,
                "note" text NOT NULL,
                "percent" smallint,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4fec3e51bc3c17e3127a568e16c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_05bfce732e11bb00f001e8635e" ON "item_progress_updates" ("item_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "inspection_group_members" (
                "group_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                CONSTRAINT "PK_6d7eeac18f54827ab84a2fa182e" PRIMARY KEY ("group_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_98c1e8ecce6513bc5e2808e6b1" ON "inspection_group_members" ("group_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cd8ef34cda4081bfbe0722598c" ON "inspection_group_members" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "inspection_group_units" (
                "group_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                CONSTRAINT "PK_743bba1a528c5e383a78f427736" PRIMARY KEY ("group_id", "unit_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_74d35c31fc075a901ec98a3f4d" ON "inspection_group_units" ("group_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_24a0d776c570f4458d25294239" ON "inspection_group_units" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "measure_feedback_problems" (
                "measure_id" uuid NOT NULL,
                "feedback_problem_id" uuid NOT NULL,
                CONSTRAINT "PK_bb7b63ed8488f5adcb7a8aad413" PRIMARY KEY ("measure_id", "feedback_problem_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_259d83a4c5b688354d73f3296d" ON "measure_feedback_problems" ("measure_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a66da8556cefa93be7efb2e8af" ON "measure_feedback_problems" ("feedback_problem_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "finding_measures" (
                "finding_id" uuid NOT NULL,
                "measure_id" uuid NOT NULL,
                CONSTRAINT "PK_c024abcab2f993151346e56a993" PRIMARY KEY ("finding_id", "measure_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_be10ff493605f3f3827521899a" ON "finding_measures" ("finding_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c23e99de1e6da739f06dde2e5c" ON "finding_measures" ("measure_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_batches"
            ADD CONSTRAINT "FK_31a537401ca2bdd0b0b20e5af5f" FOREIGN KEY ("inspection_id") REFERENCES "inspections"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "units"
            ADD CONSTRAINT "FK_e0d04b0849a3cde857ececa8adb" FOREIGN KEY ("parent_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_b94ecc6be926a5d23aa7791ec8a" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_groups"
            ADD CONSTRAINT "FK_0038afd54231b503c6d7dfdfd76" FOREIGN KEY ("inspection_id") REFERENCES "inspections"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_groups"
            ADD CONSTRAINT "FK_d763cbef9057b5c8031b25b8eeb" FOREIGN KEY ("batch_id") REFERENCES "inspection_batches"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_groups"
            ADD CONSTRAINT "FK_2e3df26a4135c401d70fc2f6f46" FOREIGN KEY ("leader_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "feedback_problems"
            ADD CONSTRAINT "FK_2d28d9d8a4b7ec3720619f2f1eb" FOREIGN KEY ("inspection_id") REFERENCES "inspections"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_plans"
            ADD CONSTRAINT "FK_4c444aa9f9f16e97312bc2ffd8e" FOREIGN KEY ("inspection_id") REFERENCES "inspections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "measures"
            ADD CONSTRAINT "FK_94c7421cc5576fe30c1b792c1f7" FOREIGN KEY ("plan_id") REFERENCES "rectification_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "findings"
            ADD CONSTRAINT "FK_16631a786e93d0f142f069263ea" FOREIGN KEY ("inspection_id") REFERENCES "inspections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "findings"
            ADD CONSTRAINT "FK_f0abec387bebf179514cdb3c69f" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "findings"
            ADD CONSTRAINT "FK_7ecfe9efb3c55911893d6bd3e65" FOREIGN KEY ("group_id") REFERENCES "inspection_groups"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "findings"
            ADD CONSTRAINT "FK_cd824010be5ffb2b332c0569dac" FOREIGN KEY ("batch_id") REFERENCES "inspection_batches"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "FK_0126e0684357c7a1976dc7589e1" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "FK_768d15f7874b58c50644075720d" FOREIGN KEY ("responsible_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items"
            ADD CONSTRAINT "FK_2b8d9c5e95116f7f3ced1616a2e" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "item_evidence"
            ADD CONSTRAINT "FK_c8aaf13c2738a30f8ffe1f1df7b" FOREIGN KEY ("item_id") REFERENCES "rectification_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "item_extensions"
            ADD CONSTRAINT "FK_45890646a8cdbae8890ab2d4be2" FOREIGN KEY ("item_id") REFERENCES "rectification_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "item_progress_updates"
            ADD CONSTRAINT "FK_05bfce732e11bb00f001e8635ef" FOREIGN KEY ("item_id") REFERENCES "rectification_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_members"
            ADD CONSTRAINT "FK_98c1e8ecce6513bc5e2808e6b11" FOREIGN KEY ("group_id") REFERENCES "inspection_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_members"
            ADD CONSTRAINT "FK_cd8ef34cda4081bfbe0722598c0" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_units"
            ADD CONSTRAINT "FK_74d35c31fc075a901ec98a3f4dc" FOREIGN KEY ("group_id") REFERENCES "inspection_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_units"
            ADD CONSTRAINT "FK_24a0d776c570f4458d25294239e" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "measure_feedback_problems"
            ADD CONSTRAINT "FK_259d83a4c5b688354d73f3296d4" FOREIGN KEY ("measure_id") REFERENCES "measures"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "measure_feedback_problems"
            ADD CONSTRAINT "FK_a66da8556cefa93be7efb2e8afa" FOREIGN KEY ("feedback_problem_id") REFERENCES "feedback_problems"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "finding_measures"
            ADD CONSTRAINT "FK_be10ff493605f3f3827521899a9" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    await queryRunner.query(`
            ALTER TABLE "finding_measures"
            ADD CONSTRAINT "FK_c23e99de1e6da739f06dde2e5c6" FOREIGN KEY ("measure_id") REFERENCES "measures"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "finding_measures" DROP CONSTRAINT "FK_c23e99de1e6da739f06dde2e5c6"
        `);
    await queryRunner.query(`
            ALTER TABLE "finding_measures" DROP CONSTRAINT "FK_be10ff493605f3f3827521899a9"
        `);
    await queryRunner.query(`
            ALTER TABLE "measure_feedback_problems" DROP CONSTRAINT "FK_a66da8556cefa93be7efb2e8afa"
        `);
    await queryRunner.query(`
            ALTER TABLE "measure_feedback_problems" DROP CONSTRAINT "FK_259d83a4c5b688354d73f3296d4"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_units" DROP CONSTRAINT "FK_24a0d776c570f4458d25294239e"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_units" DROP CONSTRAINT "FK_74d35c31fc075a901ec98a3f4dc"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_members" DROP CONSTRAINT "FK_cd8ef34cda4081bfbe0722598c0"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_group_members" DROP CONSTRAINT "FK_98c1e8ecce6513bc5e2808e6b11"
        `);
    await queryRunner.query(`
            ALTER TABLE "item_progress_updates" DROP CONSTRAINT "FK_05bfce732e11bb00f001e8635ef"
        `);
    await queryRunner.query(`
            ALTER TABLE "item_extensions" DROP CONSTRAINT "FK_45890646a8cdbae8890ab2d4be2"
        `);
    await queryRunner.query(`
            ALTER TABLE "item_evidence" DROP CONSTRAINT "FK_c8aaf13c2738a30f8ffe1f1df7b"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "FK_2b8d9c5e95116f7f3ced1616a2e"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "FK_768d15f7874b58c50644075720d"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_items" DROP CONSTRAINT "FK_0126e0684357c7a1976dc7589e1"
        `);
    await queryRunner.query(`
            ALTER TABLE "findings" DROP CONSTRAINT "FK_cd824010be5ffb2b332c0569dac"
        `);
    await queryRunner.query(`
            ALTER TABLE "findings" DROP CONSTRAINT "FK_7ecfe9efb3c55911893d6bd3e65"
        `);
    await queryRunner.query(`
            ALTER TABLE "findings" DROP CONSTRAINT "FK_f0abec387bebf179514cdb3c69f"
        `);
    await queryRunner.query(`
            ALTER TABLE "findings" DROP CONSTRAINT "FK_16631a786e93d0f142f069263ea"
        `);
    await queryRunner.query(`
            ALTER TABLE "measures" DROP CONSTRAINT "FK_94c7421cc5576fe30c1b792c1f7"
        `);
    await queryRunner.query(`
            ALTER TABLE "rectification_plans" DROP CONSTRAINT "FK_4c444aa9f9f16e97312bc2ffd8e"
        `);
    await queryRunner.query(`
            ALTER TABLE "feedback_problems" DROP CONSTRAINT "FK_2d28d9d8a4b7ec3720619f2f1eb"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_groups" DROP CONSTRAINT "FK_2e3df26a4135c401d70fc2f6f46"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_groups" DROP CONSTRAINT "FK_d763cbef9057b5c8031b25b8eeb"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_groups" DROP CONSTRAINT "FK_0038afd54231b503c6d7dfdfd76"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_b94ecc6be926a5d23aa7791ec8a"
        `);
    await queryRunner.query(`
            ALTER TABLE "units" DROP CONSTRAINT "FK_e0d04b0849a3cde857ececa8adb"
        `);
    await queryRunner.query(`
            ALTER TABLE "inspection_batches" DROP CONSTRAINT "FK_31a537401ca2bdd0b0b20e5af5f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c23e99de1e6da739f06dde2e5c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_be10ff493605f3f3827521899a"
        `);
    await queryRunner.query(`
            DROP TABLE "finding_measures"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a66da8556cefa93be7efb2e8af"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_259d83a4c5b688354d73f3296d"
        `);
    await queryRunner.query(`
            DROP TABLE "measure_feedback_problems"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_24a0d776c570f4458d25294239"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_74d35c31fc075a901ec98a3f4d"
        `);
    await queryRunner.query(`
            DROP TABLE "inspection_group_units"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cd8ef34cda4081bfbe0722598c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_98c1e8ecce6513bc5e2808e6b1"
        `);
    await queryRunner.query(`
            DROP TABLE "inspection_group_members"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_05bfce732e11bb00f001e8635e"
        `);
    await queryRunner.query(`
            DROP TABLE "item_progress_updates"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_item_extensions_one_pending"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_45890646a8cdbae8890ab2d4be"
        `);
    await queryRunner.query(`
            DROP TABLE "item_extensions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c8aaf13c2738a30f8ffe1f1df7"
        `);
    await queryRunner.query(`
            DROP TABLE "item_evidence"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_54d3b4c93764b5d877ea5b71bb"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_items_open_deadline"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f5664a07d0fdf686b1359555e5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2b8d9c5e95116f7f3ced1616a2"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0126e0684357c7a1976dc7589e"
        `);
    await queryRunner.query(`
            DROP TABLE "rectification_items"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f0abec387bebf179514cdb3c69"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_16631a786e93d0f142f069263e"
        `);
    await queryRunner.query(`
            DROP TABLE "findings"
        `);
    await queryRunner.query(`
            DROP TABLE "measures"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4c444aa9f9f16e97312bc2ffd8"
        `);
    await queryRunner.query(`
            DROP TABLE "rectification_plans"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2d28d9d8a4b7ec3720619f2f1e"
        `);
    await queryRunner.query(`
            DROP TABLE "feedback_problems"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0038afd54231b503c6d7dfdfd7"
        `);
    await queryRunner.query(`
            DROP TABLE "inspection_groups"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b94ecc6be926a5d23aa7791ec8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_fe0bb3f6520ee0469504521e71"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e0d04b0849a3cde857ececa8ad"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_47635c1ab22d02fc3ebae3608b"
        `);
    await queryRunner.query(`
            DROP TABLE "units"
        `);
    await queryRunner.query(`
            DROP TABLE "inspection_batches"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bac72880ccc8a75a974d4acbc0"
        `);
    await queryRunner.query(`
            DROP TABLE "inspections"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7b0d63a8cdbcd784424a06e2d1"
        `);
    await queryRunner.query(`
            DROP TABLE "finding_categories"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1094ef41c030dd1b4d2e5a6ccf"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a697054c7eaeda7e892c597ae9"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
  }
}
