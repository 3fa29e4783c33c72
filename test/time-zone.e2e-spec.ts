import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { seedItems } from './support/items.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * "Today" is the calendar date in APP_TIMEZONE (Asia/Shanghai, UTC+8), never the UTC date. Between
 * 16:00Z and 24:00Z the Shanghai date is already the next day; on 31 December also the next YEAR.
 * Every date-derived rule runs here with such clocks, so computing today in UTC moves a result.
 */
describe('time zone: today is the Shanghai date (clocks between 16:00Z and 24:00Z, across 31 December)', () => {
  let t: TestApp;
  let org: Org;
  let ids: Record<string, string>;
  /** 2027-01-01 00:30 in Shanghai, still 2026-12-31 in UTC. */
  const NEW_YEAR_NIGHT = '2026-12-31T16:30:00Z';

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NEW_YEAR_NIGHT, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const keys: [string, string, 'pending' | 'submitted'][] = [
      ['due1231', '2026-12-31', 'pending'],
      ['due0101', '2027-01-01', 'pending'],
      ['due0108', '2027-01-08', 'pending'],
      ['toClose', '2027-03-31', 'submitted'],
    ];
    const made = await seedItems(
      t.dataSource,
      keys.map(([title, deadline, status]) => ({ title, deadline, status, unitId: org.units.a, ownerId: org.users.staffA.id })),
    );
    ids = Object.fromEntries(keys.map(([k], i) => [k, made[i]]));
    // One escalation level that issues a 督办单 after one day overdue, so the sweep numbers a notice.
    const admin = t.as(org.adminToken);
    const policy = (await admin.get('/api/v1/follow-up/policy')).body;
    const levels = [{ level: 1, afterDays: 1, recipients: ['owner', 'office'], supervisionNotice: true, interviewRecommended: false }];
    expect((await admin.put('/api/v1/follow-up/policy').send({ ...policy, escalationLevels: levels })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const office = () => t.as(org.users.office.token);

  it('the daily snapshot is dated by the Shanghai day: 23:50 is still 31 December, 00:10 is already 1 January', async () => {
    const overdueOn = async (day: string) =>
      Number((await t.dataSource.query(`SELECT coalesce(sum(overdue), 0) AS n FROM report_snapshots WHERE day = $1`, [day]))[0].n);
    t.clock.set('2026-12-31T15:50:00Z');
    expect((await office().post('/api/v1/reports/snapshots')).body).toMatchObject({ day: '2026-12-31' });
    expect(await overdueOn('2026-12-31')).toBe(0);
    t.clock.set('2026-12-31T16:10:00Z');
    expect((await office().post('/api/v1/reports/snapshots')).body).toMatchObject({ day: '2027-01-01' });
    expect(await overdueOn('2027-01-01')).toBe(1);
  });

  it('overdue, days left and lights count from the Shanghai date (item view and list filters)', async () => {
    t.clock.set(NEW_YEAR_NIGHT);
    const item = async (key: string) => (await office().get(`/api/v1/items/${ids[key]}`)).body;
    expect(await item('due1231')).toMatchObject({ overdue: true, daysOverdue: 1, daysLeft: -1, light: 'red' });
    expect(await item('due0101')).toMatchObject({ overdue: false, daysLeft: 0, light: 'yellow' });
    expect(await item('due0108')).toMatchObject({ overdue: false, daysLeft: 7, light: 'yellow' });
    const listed = async (query: string) => {
      const res = await office().get(`/api/v1/items?${query}`);
      expect(res.status).toBe(200);
      const rows = (res.body.items ?? res.body.data) as { title: string }[];
      return rows.map((r) => r.title).sort();
    };
    expect(await listed('overdue=true')).toEqual(['due1231']);
    expect(await listed('light=yellow')).toEqual(['due0101', 'due0108']);
  });

  it('the sweep’s today is the Shanghai date; its 督办单 is numbered in the Shanghai year', async () => {
    t.clock.set(NEW_YEAR_NIGHT);
    expect((await office().post('/api/v1/follow-up/sweep?wait=true')).status).toBe(200);
    const rows: { title: string; kind: string; step: number }[] = await t.dataSource.query(
      `SELECT i.title, l.kind, l.step FROM reminder_ledger l JOIN rectification_items i ON i.id = l.item_id ORDER BY i.title`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.title, `${r.kind}:${r.step}`]))).toEqual({
      due1231: 'escalation:1',
      due0101: 'reminder:0',
      due0108: 'reminder:7',
    });
    const notices: { number: string; year: number }[] = await t.dataSource.query(`SELECT number, year FROM supervision_notices`);
    expect(notices).toEqual([{ number: '督办〔2027〕1号', year: 2027 }]);
  });

  it('closing at 00:30 Shanghai time on 1 January records closedOn 2027-01-01', async () => {
    t.clock.set(NEW_YEAR_NIGHT);
    const res = await office().post(`/api/v1/items/${ids.toClose}/transitions`).send({ action: 'approve' });
    expect(res.status).toBe(200);
    expect(res.body.closedOn).toBe('2027-01-01');
  });

  it('the weekly bulletin run at 00:30 Tuesday covers the Shanghai yesterday’s week', async () => {
    // Monday 2027-01-04 16:30Z = Tuesday 00:30 in Shanghai: yesterday is Monday, in the week 01-04…01-10.
    t.clock.set('2027-01-04T16:30:00Z');
    const res = await office().post('/api/v1/reports/bulletins');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ weekStart: '2027-01-04', weekEnd: '2027-01-10' });
  });
});
