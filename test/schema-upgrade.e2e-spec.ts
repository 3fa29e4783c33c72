import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { createTestDatabase } from './support/test-env.js';
import { schemaDrift } from './support/schema-drift.js';

/**
 * An upgrade from the previous release (every migration up to and including FollowUpChase, the
 * set on commit a970804) to ALL current migrations (migrations/index.ts, so migrations added later
 * are covered too), over data shaped like real use loaded with the old schema.
 */
const PREVIOUS_RELEASE_LAST = 'FollowUpChase1795810412164';

describe('schema upgrade from the previous release keeps the data', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let old: DataSource;
  let current: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    const cut = MIGRATIONS.findIndex((m) => m.name === PREVIOUS_RELEASE_LAST);
    expect(cut).toBeGreaterThan(0);
    old = new DataSource({ ...dataSourceOptions(db.url), migrations: MIGRATIONS.slice(0, cut + 1) });
    await old.initialize();
  });
  afterAll(async () => {
    if (old?.isInitialized) await old.destroy();
    if (current?.isInitialized) await current.destroy();
    await db.drop();
  });

  const ROLLUPS = ['report_item_rollup', 'report_month_rollup'];
  // Rows as JSON without the columns later releases add (measure_id: the nil UUID for every old item).
  const snapshot = async (ds: DataSource, table: string) =>
    ds.query(
      `SELECT md5(coalesce(string_agg((to_jsonb(t) - 'measure_id')::text, E'\\n' ORDER BY (to_jsonb(t) - 'measure_id')::text), '')) AS h,
              count(*)::int AS n FROM "${table}" t`,
    );

  it('runs the old migrations, loads old-shaped data, upgrades, and the data and rollups are right', async () => {
    const ranOld = await old.runMigrations({ transaction: 'each' });
    expect(ranOld.at(-1)?.name).toBe(PREVIOUS_RELEASE_LAST);
    await old.query(`
      INSERT INTO units (id, code, name, parent_id) VALUES
        ('00000000-0000-0000-0000-00000000a000', 'A', '甲单位', NULL),
        ('00000000-0000-0000-0000-00000000a001', 'A1', '甲单位一科', '00000000-0000-0000-0000-00000000a000'),
        ('00000000-0000-0000-0000-00000000a002', 'A2', '甲单位二科', '00000000-0000-0000-0000-00000000a000'),
        ('00000000-0000-0000-0000-00000000b000', 'B', '乙单位', NULL);
      INSERT INTO users (id, username, password_hash, display_name, role, unit_id) VALUES
        ('00000000-0000-0000-0000-0000000000e1', 'office1', '$2b$10$abcdefghijklmnopqrstuuN3yQ5gGzU9Zk1r3a0pS7mX8yQvR8wS', '办公室', 'office', NULL),
        ('00000000-0000-0000-0000-0000000000e2', 'staffA', '$2b$10$abcdefghijklmnopqrstuuN3yQ5gGzU9Zk1r3a0pS7mX8yQvR8wS', '甲单位联络员', 'unit_staff', '00000000-0000-0000-0000-00000000a000');
      INSERT INTO inspections (id, kind, title, start_date, end_date) VALUES
        ('00000000-0000-0000-0000-0000000000c1', 'internal', '2025年第一轮巡察', '2025-03-01', '2025-04-30');
      INSERT INTO findings (id, inspection_id, unit_id, category, description, created_by_id) VALUES
        ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-00000000a000', '中央八项规定精神', '公务用车管理不规范', '00000000-0000-0000-0000-0000000000e1'),
        ('00000000-0000-0000-0000-0000000000f2', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-00000000b000', '组织建设', '学习记录补记', '00000000-0000-0000-0000-0000000000e1');
      INSERT INTO rectification_items (id, finding_id, title, responsible_unit_id, owner_id, deadline, original_deadline, deadline_version,
                                       rectification_type, status, progress_percent, submitted_at, closed_at, closed_on, created_by_id, version, created_at) VALUES
        ('00000000-0000-0000-0000-000000000101', '00000000-0000-0000-0000-0000000000f1', '清理公务用车', '00000000-0000-0000-0000-00000000a000', '00000000-0000-0000-0000-0000000000e2',
         '2025-06-30', '2025-06-30', 0, 'time_limited', 'pending', 0, NULL, NULL, NULL, '00000000-0000-0000-0000-0000000000e1', 1, '2025-05-01T02:00:00Z'),
        ('00000000-0000-0000-0000-000000000102', '00000000-0000-0000-0000-0000000000f1', '建立用车登记制度', '00000000-0000-0000-0000-00000000a001', NULL,
         '2025-09-30', '2025-07-31', 1, 'time_limited', 'in_progress', 40, NULL, NULL, NULL, '00000000-0000-0000-0000-0000000000e1', 3, '2025-05-01T02:00:00Z'),
        ('00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-0000000000f1', '追责问责', '00000000-0000-0000-0000-00000000a002', NULL,
         '2025-05-31', '2025-05-31', 0, 'immediate', 'submitted', 100, '2025-05-20T03:00:00Z', NULL, NULL, '00000000-0000-0000-0000-0000000000e1', 4, '2025-05-01T02:00:00Z'),
        ('00000000-0000-0000-0000-000000000104', '00000000-0000-0000-0000-0000000000f2', '规范学习记录', '00000000-0000-0000-0000-00000000b000', NULL,
         '2025-06-30', '2025-06-30', 0, 'time_limited', 'closed', 100, '2025-06-10T03:00:00Z', '2025-06-20T17:00:00Z', '2025-06-21', '00000000-0000-0000-0000-0000000000e1', 5, '2025-05-01T02:00:00Z'),
        ('00000000-0000-0000-0000-000000000105', '00000000-0000-0000-0000-0000000000f2', '常态化检查', '00000000-0000-0000-0000-00000000b000', NULL,
         '2026-12-31', '2026-12-31', 0, 'long_term', 'in_progress', 20, NULL, NULL, NULL, '00000000-0000-0000-0000-0000000000e1', 2, '2025-05-01T02:00:00Z');
      INSERT INTO item_progress_updates (item_id, author_id, note, percent) VALUES
        ('00000000-0000-0000-0000-000000000102', '00000000-0000-0000-0000-0000000000e2', '已起草制度', 40),
        ('00000000-0000-0000-0000-000000000104', '00000000-0000-0000-0000-0000000000e2', '已完成', 100);
    `);
    await old.query(`
      INSERT INTO audit_entries (actor_id, actor_name, actor_role, action, entity_type, entity_id, subject_id, after) VALUES
        ('00000000-0000-0000-0000-0000000000e1', 'office1', 'office', 'item.create', 'rectification_item', '00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-000000000103', '{"title":"追责问责"}'),
        ('00000000-0000-0000-0000-0000000000e1', 'office1', 'office', 'item.submit', 'rectification_item', '00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-000000000103', '{"status":"submitted"}'),
        ('00000000-0000-0000-0000-0000000000e2', 'staffA', 'unit_staff', 'item.submit', 'rectification_item', '00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-000000000103', '{"status":"submitted"}'),
        ('00000000-0000-0000-0000-0000000000e2', 'staffA', 'unit_staff', 'item.submit', 'rectification_item', '00000000-0000-0000-0000-000000000104', '00000000-0000-0000-0000-000000000104', '{"status":"submitted"}')`);
    const audits = await old.query(`SELECT id, action, entity_id, after FROM audit_entries ORDER BY id`);
    const before = {
      items: await old.query(
        `SELECT id, status, deadline::text, original_deadline::text, closed_on::text, progress_percent FROM rectification_items ORDER BY id`,
      ),
      progress: await old.query(`SELECT item_id, note, percent FROM item_progress_updates ORDER BY item_id`),
      units: await old.query(`SELECT id, code, parent_id FROM units ORDER BY id`),
    };
    const rollupsBefore = await Promise.all(ROLLUPS.map((r) => snapshot(old, r)));
    expect(rollupsBefore[0][0].n).toBeGreaterThan(0);
    await old.destroy();

    current = new DataSource(dataSourceOptions(db.url));
    await current.initialize();
    const ranNew = await current.runMigrations({ transaction: 'each' });
    expect(ranNew.length).toBe(MIGRATIONS.length - (MIGRATIONS.findIndex((m) => m.name === PREVIOUS_RELEASE_LAST) + 1));
    // The schema the entities want is the one the upgrade produced.
    expect(await schemaDrift(current)).toEqual([]);

    expect(
      await current.query(
        `SELECT id, status, deadline::text, original_deadline::text, closed_on::text, progress_percent FROM rectification_items ORDER BY id`,
      ),
    ).toEqual(before.items);
    expect(await current.query(`SELECT item_id, note, percent FROM item_progress_updates ORDER BY item_id`)).toEqual(before.progress);
    expect(await current.query(`SELECT id, code, parent_id FROM units ORDER BY id`)).toEqual(before.units);

    // Rollups kept by triggers equal a fresh recompute from the items.
    const kept = await Promise.all(ROLLUPS.map((r) => snapshot(current, r)));
    const [{ anchor }] = await current.query(`SELECT anchor::text AS anchor FROM report_rollup_state WHERE id = 1`);
    await current.query(`SELECT report_rollup_rebuild($1::date)`, [anchor]);
    const recomputed = await Promise.all(ROLLUPS.map((r) => snapshot(current, r)));
    expect(kept).toEqual(recomputed);
    expect(kept).toEqual(rollupsBefore);

    expect(await current.query(`SELECT id, action, entity_id, after FROM audit_entries ORDER BY id`)).toEqual(audits);
    // 销号's four eyes: a pending submission's submitter comes from its latest item.submit entry; a
    // closed item has none pending. A round of the old release is open.
    expect(await current.query(`SELECT id, submitted_by_id FROM rectification_items WHERE submitted_by_id IS NOT NULL`)).toEqual([
      { id: '00000000-0000-0000-0000-000000000103', submitted_by_id: '00000000-0000-0000-0000-0000000000e2' },
    ]);
    expect(await current.query(`SELECT status, closed_at FROM inspections`)).toEqual([{ status: 'open', closed_at: null }]);

    // Columns added since the previous release have sensible values for the old rows: none is null
    // where the current schema forbids it (the migration would have failed), and old items are still
    // readable through the entity.
    const items = await current.getRepository('RectificationItem').find();
    expect(items).toHaveLength(5);
  });
});
