import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { seedItems } from './support/items.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * "On time" is judged against the ORIGINAL deadline (domain.md: an approved extension does not make
 * a closure on time). Five closed items, all extended from 2026-06-10 to 2026-06-30, closed before,
 * on, between, on the extended, and after both deadlines; one never-extended item closed late. Every
 * place the rule shows must agree: /reports/overview (rollups and the direct SQL), the ledger's
 * 超期销号 and the item's derived closedLate.
 */
describe('on-time rule: closed against the original deadline, not the extended one', () => {
  let t: TestApp;
  let org: Org;
  const ids: Record<string, string> = {};
  const cases: [key: string, original: string, deadline: string, closedOn: string, late: boolean][] = [
    ['before', '2026-06-10', '2026-06-30', '2026-06-05', false],
    ['onOriginal', '2026-06-10', '2026-06-30', '2026-06-10', false],
    ['between', '2026-06-10', '2026-06-30', '2026-06-20', true],
    ['onExtended', '2026-06-10', '2026-06-30', '2026-06-30', true],
    ['after', '2026-06-10', '2026-06-30', '2026-07-05', true],
    ['lateUnextended', '2026-06-10', '2026-06-10', '2026-06-11', true],
  ];

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-07-10T02:00:00Z' });
    org = await seedOrg(t);
    const made = await seedItems(
      t.dataSource,
      cases.map(([key, original]) => ({ title: key, deadline: original, unitId: org.units.a, status: 'closed' as const })),
    );
    for (const [i, [key, original, deadline, closedOn]] of cases.entries()) {
      ids[key] = made[i];
      await t.dataSource.query(
        `UPDATE rectification_items SET original_deadline = $2, deadline = $3, closed_on = $4,
                closed_at = ($4::date + time '10:00') AT TIME ZONE 'Asia/Shanghai', progress_percent = 100 WHERE id = $1`,
        [made[i], original, deadline, closedOn],
      );
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const onTime = cases.filter((c) => !c.at(-1)).length;

  it('overview onTimeRate counts only closures on or before the original deadline (rollup and direct SQL agree)', async () => {
    const office = t.as(org.users.office.token);
    const viaRollups = await office.get('/api/v1/reports/overview');
    expect(viaRollups.status).toBe(200);
    expect(viaRollups.body).toMatchObject({ total: cases.length, closed: cases.length });
    // Rates come rounded to four places.
    expect(viaRollups.body.onTimeRate).toBeCloseTo(onTime / cases.length, 4);
    const direct = await office.get('/api/v1/reports/overview?from=2026-01-01&to=2026-12-31');
    expect(direct.status).toBe(200);
    expect(direct.body.onTimeRate).toBeCloseTo(onTime / cases.length, 4);
  });

  it('the ledger marks 超期销号 exactly on the late closures', async () => {
    const res = await t.as(org.users.office.token).get('/api/v1/reports/ledger.xlsx?format=csv').buffer(true);
    expect(res.status).toBe(200);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0].split(',');
    const at = (name: string) => header.indexOf(name);
    const remarks = Object.fromEntries(
      lines.slice(1).map((l) => {
        const cells = l.split(',');
        return [cells[at('事项编号')], cells[at('备注')]];
      }),
    );
    for (const [key, , , , late] of cases) expect([key, remarks[ids[key]].includes('超期销号')]).toEqual([key, late]);
  });

  it('the item’s derived closedLate follows the original deadline', async () => {
    for (const [key, , , , late] of cases) {
      const res = await t.as(org.users.office.token).get(`/api/v1/items/${ids[key]}`);
      expect(res.status).toBe(200);
      expect([key, res.body.closedLate]).toEqual([key, late]);
    }
  });
});
