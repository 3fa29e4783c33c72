import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.js';
import { createTestDatabase } from './support/test-env.js';
import { schemaDrift } from './support/schema-drift.js';

describe('schema', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('runs every migration on an empty database, and the entities then match it exactly (no drift)', async () => {
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran.length).toBe(ds.migrations.length);
    expect(await schemaDrift(ds)).toEqual([]);
  });

  it('reverts every migration cleanly', async () => {
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration();
    const tables = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
    expect(tables).toEqual([]);
  });
});
