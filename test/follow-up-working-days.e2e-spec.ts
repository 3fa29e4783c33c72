import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { seedItems } from './support/items.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Reminder offsets counted in working days (countWorkingDays): with one offset per day 0…19 the
 * step a reminder is recorded at IS the number of working days left, so each case reads the
 * arithmetic directly. The cases are built so that each way of getting it wrong moves a number:
 * a plain weekend that is no holiday (Saturday counted as a working day), a 调休 Sunday that is a
 * working day, and a deadline in the next year, across the next year's 元旦 holidays.
 */
describe('follow-up: working-day arithmetic (weekends, 调休, the year boundary)', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-06-22T02:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const admin = t.as(org.adminToken);
    const policy = (await admin.get('/api/v1/follow-up/policy')).body;
    const offsets = Array.from({ length: 20 }, (_, i) => i);
    const res = await admin.put('/api/v1/follow-up/policy').send({ ...policy, reminderOffsets: offsets, countWorkingDays: true });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Sweeps at 10:00 Shanghai time on `today` and returns the working days left per deadline. */
  async function workingDaysLeft(today: string, deadlines: string[]): Promise<Record<string, number | null>> {
    const ids = await seedItems(
      t.dataSource,
      deadlines.map((deadline) => ({ title: `wd-${today}-${deadline}`, deadline, unitId: org.units.a, ownerId: org.users.staffA.id })),
    );
    t.clock.set(`${today}T02:00:00Z`);
    expect((await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true')).status).toBe(200);
    const rows: { item_id: string; step: number }[] = await t.dataSource.query(
      `SELECT item_id, step FROM reminder_ledger WHERE kind = 'reminder' AND item_id = ANY($1)`,
      [ids],
    );
    return Object.fromEntries(deadlines.map((d, i) => [d, rows.find((r) => r.item_id === ids[i])?.step ?? null]));
  }

  it('skips a weekend that is no holiday (Saturday and Sunday are not working days)', async () => {
    // Monday 2026-06-22, after 端午; 06-27/28 is an ordinary weekend.
    expect(
      await workingDaysLeft('2026-06-22', ['2026-06-22', '2026-06-26', '2026-06-27', '2026-06-28', '2026-06-29', '2026-07-03']),
    ).toEqual({
      '2026-06-22': 0,
      '2026-06-26': 4,
      '2026-06-27': 4,
      '2026-06-28': 4,
      '2026-06-29': 5,
      '2026-07-03': 9,
    });
  });

  it('counts a 调休 weekend day as a working day and a holiday weekday as none', async () => {
    // Monday 2026-09-14: Sunday 09-20 is 国庆节调休上班; 09-25 (Friday) starts 中秋节.
    expect(await workingDaysLeft('2026-09-14', ['2026-09-19', '2026-09-20', '2026-09-21', '2026-09-24', '2026-09-28'])).toEqual({
      '2026-09-19': 4,
      '2026-09-20': 5,
      '2026-09-21': 6,
      '2026-09-24': 9,
      '2026-09-28': 10,
    });
  });

  it('counts across 31 December into the next year’s calendar (元旦 2027 is a holiday Friday)', async () => {
    // Monday 2026-12-28: 29, 30, 31 December, then 2027-01-01…03 off, then Monday 4 January.
    expect(await workingDaysLeft('2026-12-28', ['2026-12-31', '2027-01-01', '2027-01-04', '2027-01-08', '2027-01-11'])).toEqual({
      '2026-12-31': 3,
      '2027-01-01': 3,
      '2027-01-04': 4,
      '2027-01-08': 8,
      '2027-01-11': 9,
    });
  });
});
