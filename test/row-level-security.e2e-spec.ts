import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { ScopeService } from '../src/modules/scope/scope.service.js';
import { applyScope, scopedTransaction } from '../src/modules/scope/scoped-transaction.js';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Row-level security: a unit user's transaction sees no row of another unit even through a query
 * that forgets every scope condition. The application's pool runs as `rectify_app`, which cannot
 * bypass the policies; the owner (migrations, this test's set-up) can.
 */
describe('row-level security', () => {
  let t: TestApp;
  let org: Org;
  let owner: pg.Client;
  let itemA: string;
  let itemB: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    owner = new pg.Client({ connectionString: t.databaseUrl });
    await owner.connect();
    [itemA, itemB] = await seedItems(t.dataSource, [
      { title: '甲单位事项', unitId: org.units.a, deadline: '2026-07-01' },
      { title: '乙单位事项', unitId: org.units.b, deadline: '2026-07-01' },
    ]);
    await seedItems(t.dataSource, [{ title: '甲下属事项', unitId: org.units.a1, deadline: '2026-07-01' }]);
    for (const item of [itemA, itemB]) {
      await t.dataSource.query(`INSERT INTO item_progress_updates (item_id, author_id, note) VALUES ($1, $2, '进展')`, [
        item,
        org.users.office.id,
      ]);
    }
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const unitsOf = (rows: { unit: string }[]) => [...new Set(rows.map((r) => r.unit))].sort();

  it('runs the application as a role that cannot bypass the policies', async () => {
    const [row] = await t.dataSource.query(
      `SELECT current_user AS role, rolsuper AS super, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`,
    );
    expect(row).toEqual({ role: 'rectify_app', super: false, bypass: false });
  });

  it('shows a unit user’s transaction nothing of a sibling unit, even through an unscoped query', async () => {
    const scopeB = { all: false as const, unitIds: [org.units.b] };
    const seen = await scopedTransaction(t.dataSource, scopeB, async (m) => ({
      items: await m.query(`SELECT responsible_unit_id AS unit FROM rectification_items`),
      findings: await m.query(`SELECT unit_id AS unit FROM findings`),
      progress: await m.query(
        `SELECT i.responsible_unit_id AS unit FROM item_progress_updates p JOIN rectification_items i ON i.id = p.item_id`,
      ),
      progressRows: await m.query(`SELECT item_id FROM item_progress_updates`),
      byId: await m.query(`SELECT id FROM rectification_items WHERE id = $1`, [itemA]),
    }));
    expect(unitsOf(seen.items)).toEqual([org.units.b]);
    expect(unitsOf(seen.findings)).toEqual([org.units.b]);
    expect(unitsOf(seen.progress)).toEqual([org.units.b]);
    expect(seen.progressRows).toEqual([{ item_id: itemB }]);
    expect(seen.byId).toEqual([]);

    // The parent unit's scope covers its sub-unit; a unit role with no unit sees nothing.
    const scopeA = { all: false as const, unitIds: [org.units.a, org.units.a1] };
    const rowsA = await scopedTransaction(t.dataSource, scopeA, (m) =>
      m.query(`SELECT responsible_unit_id AS unit FROM rectification_items`),
    );
    expect(unitsOf(rowsA)).toEqual([org.units.a, org.units.a1].sort());
    const none = await scopedTransaction(t.dataSource, { all: false, unitIds: [] }, (m) => m.query(`SELECT id FROM rectification_items`));
    expect(none).toEqual([]);
  });

  it('lets a scoped transaction change nothing of another unit, nor move a row out of its scope', async () => {
    const scopeB = { all: false as const, unitIds: [org.units.b] };
    const changed = await scopedTransaction(t.dataSource, scopeB, async (m) => {
      const [, updated] = await m.query(`UPDATE rectification_items SET title = '改了' WHERE id = $1`, [itemA]);
      const [, deleted] = await m.query(`DELETE FROM item_progress_updates WHERE item_id = $1`, [itemA]);
      return { updated, deleted };
    });
    expect(changed).toEqual({ updated: 0, deleted: 0 });
    await expect(
      scopedTransaction(t.dataSource, scopeB, (m) =>
        m.query(`UPDATE rectification_items SET responsible_unit_id = $2 WHERE id = $1`, [itemB, org.units.a]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      scopedTransaction(t.dataSource, scopeB, (m) =>
        m.query(`INSERT INTO item_progress_updates (item_id, author_id, note) VALUES ($1, $2, '越权')`, [itemA, org.users.managerB.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    const { rows } = await owner.query(`SELECT title FROM rectification_items WHERE id = $1`, [itemA]);
    expect(rows[0].title).toBe('甲单位事项');
  });

  it('leaves bureau roles, workers and anything without a scope unrestricted, and the scope ends with its transaction', async () => {
    const all = await scopedTransaction(t.dataSource, { all: true }, (m) => m.query(`SELECT id FROM rectification_items`));
    expect(all).toHaveLength(3);
    // On one connection: scoped inside the transaction, unrestricted again after it.
    const qr = t.dataSource.createQueryRunner();
    try {
      await qr.startTransaction();
      await applyScope(qr.manager, { all: false, unitIds: [org.units.b] });
      expect(await qr.query(`SELECT id FROM rectification_items`)).toHaveLength(1);
      await qr.commitTransaction();
      expect(await qr.query(`SELECT id FROM rectification_items`)).toHaveLength(3);
    } finally {
      await qr.release();
    }
  });

  it('answers a unit user over HTTP with their own items only', async () => {
    const res = await t.as(org.users.managerB.token).get('/api/v1/items');
    expect(res.status).toBe(200);
    expect(res.body.data.map((i: { id: string }) => i.id)).toEqual([itemB]);
    expect((await t.as(org.users.managerB.token).get(`/api/v1/items/${itemA}`)).status).toBe(404);
  });

  it('still hides another unit’s items from a unit user when the application forgets its own scope check', async () => {
    // The bug: every application-level scope condition and check lets everything through.
    const restrict = jest.spyOn(ScopeService, 'restrict').mockImplementation((qb) => qb);
    const includes = jest.spyOn(ScopeService, 'includes').mockReturnValue(true);
    try {
      const managerB = t.as(org.users.managerB.token);
      const list = await managerB.get('/api/v1/items');
      expect(list.status).toBe(200);
      expect(list.body.data.map((i: { id: string }) => i.id)).toEqual([itemB]);
      expect((await managerB.get(`/api/v1/items/${itemA}`)).status).toBe(404);
      expect((await managerB.post(`/api/v1/items/${itemA}/progress`).send({ note: '越权报送' })).status).toBe(404);
      expect((await managerB.post(`/api/v1/items/${itemA}/transitions`).send({ action: 'start' })).status).toBe(404);
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM item_progress_updates WHERE note = '越权报送'`);
      expect(rows[0].n).toBe(0);
      // Bureau roles are not bound: the office still sees every unit.
      expect((await t.as(org.users.office.token).get('/api/v1/items')).body.total).toBe(3);
    } finally {
      restrict.mockRestore();
      includes.mockRestore();
    }
  });
});
