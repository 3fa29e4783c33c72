import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * `GET /items` filters and order added for the items page (issue 14): by inspection group, by a
 * deadline range, sorted by a chosen column either way; validated (400, nothing else answered)
 * and never wider than the caller's units.
 */
describe('GET /items: group, deadline range, sort', () => {
  let t: TestApp;
  let org: Org;
  let groups: { g1: string; g2: string };
  const titles = (body: { data: { title: string }[] }) => body.data.map((i) => i.title);

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    const one = async (sql: string, params: unknown[] = []) => (await t.dataSource.query<{ id: string }[]>(sql, params))[0].id;
    const round = await one(
      `INSERT INTO inspections (kind, title, start_date, end_date) VALUES ('internal_round', '测试巡察', '2026-01-01', '2026-02-01') RETURNING id`,
    );
    groups = {
      g1: await one(`INSERT INTO inspection_groups (inspection_id, name) VALUES ($1, '第一巡察组') RETURNING id`, [round]),
      g2: await one(`INSERT INTO inspection_groups (inspection_id, name) VALUES ($1, '第二巡察组') RETURNING id`, [round]),
    };
    const finding = (unitId: string, groupId: string) =>
      one(
        `INSERT INTO findings (inspection_id, unit_id, group_id, category, description) VALUES ($1, $2, $3, '其他', '问题') RETURNING id`,
        [round, unitId, groupId],
      );
    const fA = await finding(org.units.a, groups.g1);
    const fA1 = await finding(org.units.a1, groups.g2);
    const fB = await finding(org.units.b, groups.g1);
    const item = (findingId: string, unitId: string, title: string, deadline: string, percent: number) =>
      t.dataSource.query(
        `INSERT INTO rectification_items (finding_id, title, responsible_unit_id, deadline, original_deadline, rectification_type, status, progress_percent, version)
         VALUES ($1, $2, $3, $4, $4, 'time_limited', 'in_progress', $5, 1)`,
        [findingId, title, unitId, deadline, percent],
      );
    await item(fA, org.units.a, '甲-七月', '2026-07-31', 10);
    await item(fA, org.units.a, '甲-九月', '2026-09-30', 80);
    await item(fA1, org.units.a1, '甲下属-八月', '2026-08-31', 50);
    await item(fB, org.units.b, '乙-八月', '2026-08-15', 30);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('filters by inspection group (the finding’s group) and by deadline range, both ends included', async () => {
    const office = t.as(org.users.office.token);
    const g1 = await office.get(`/api/v1/items?groupId=${groups.g1}`);
    expect(g1.status).toBe(200);
    expect(titles(g1.body)).toEqual(['甲-七月', '乙-八月', '甲-九月']);
    const range = await office.get('/api/v1/items?from=2026-08-15&to=2026-08-31');
    expect(titles(range.body)).toEqual(['乙-八月', '甲下属-八月']);
    const from = await office.get('/api/v1/items?from=2026-08-16');
    expect(titles(from.body)).toEqual(['甲下属-八月', '甲-九月']);
    const both = await office.get(`/api/v1/items?groupId=${groups.g1}&to=2026-08-15`);
    expect(titles(both.body)).toEqual(['甲-七月', '乙-八月']);
  });

  it('sorts by the chosen column either way, pages staying in that order', async () => {
    const office = t.as(org.users.office.token);
    expect(titles((await office.get('/api/v1/items?sort=progressPercent&order=desc')).body)).toEqual([
      '甲-九月',
      '甲下属-八月',
      '乙-八月',
      '甲-七月',
    ]);
    expect(titles((await office.get('/api/v1/items?sort=deadline&order=desc')).body)).toEqual([
      '甲-九月',
      '甲下属-八月',
      '乙-八月',
      '甲-七月',
    ]);
    // By unit (code A, A1, B), then deadline within a unit.
    expect(titles((await office.get('/api/v1/items?sort=unit')).body)).toEqual(['甲-七月', '甲-九月', '甲下属-八月', '乙-八月']);
    const page2 = await office.get('/api/v1/items?sort=progressPercent&order=desc&page=2&pageSize=3');
    expect(titles(page2.body)).toEqual(['甲-七月']);
    expect(page2.body.total).toBe(4);
  });

  it('stays within the caller’s units', async () => {
    const mb = await t.as(org.users.managerB.token).get(`/api/v1/items?groupId=${groups.g2}`);
    expect(mb.body.total).toBe(0);
    const all = await t.as(org.users.managerA.token).get(`/api/v1/items?groupId=${groups.g1}&sort=unit&order=desc`);
    expect(titles(all.body)).toEqual(['甲-七月', '甲-九月']);
  });

  it('refuses a bad filter or order with 400', async () => {
    const office = t.as(org.users.office.token);
    for (const q of [
      'groupId=x',
      'from=2026-02-30',
      'to=tomorrow',
      'from=2026-09-01&to=2026-08-01',
      'sort=password_hash',
      'sort=deadline;DROP TABLE units',
      'order=up',
    ]) {
      const res = await office.get(`/api/v1/items?${q}`);
      expect([q, res.status]).toEqual([q, 400]);
    }
  });
});
