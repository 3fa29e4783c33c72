import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from '../src/common/dates.js';
import type { CalendarDayKind } from '../src/modules/follow-up/follow-up.entities.js';
import {
  addWorkingDays,
  countWorkingDays,
  nthWorkingDayAfter,
  remainingDays,
  type WorkingCalendar,
} from '../src/modules/follow-up/working-days.js';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The working-day rule on random dates against the real calendar (the migration's 2026/2027
 * holidays and 调休 days): the sweep's set-based SQL count and the single-item helpers (which read
 * the calendar's exceptions from the database) both agree with the pure `countWorkingDays`.
 */
describe('working days: the SQL and the database-backed helpers agree with the pure rule', () => {
  let t: TestApp;
  let org: Org;
  let calendar: WorkingCalendar;

  /** Days of 2026 and 2027, the years the calendar covers. */
  const day = fc.integer({ min: 0, max: 729 }).map((n) => addDays('2026-01-01', n));

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-06-21T17:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const admin = t.as(org.adminToken);
    const policy = (await admin.get('/api/v1/follow-up/policy')).body;
    const offsets = Array.from({ length: 20 }, (_, i) => i);
    expect((await admin.put('/api/v1/follow-up/policy').send({ ...policy, reminderOffsets: offsets, countWorkingDays: true })).status).toBe(
      200,
    );
    const rows: { date: string; kind: CalendarDayKind }[] = await t.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM working_calendar`,
    );
    calendar = new Map(rows.map((r) => [r.date, r.kind]));
    // The calendar has both kinds of exception, on weekdays and weekends alike, or the comparison proves little.
    expect([...calendar.values()]).toEqual(expect.arrayContaining(['holiday', 'workday']));
  });
  afterAll(async () => {
    await t.close();
  });

  it('remainingDays and addWorkingDays read the calendar exactly over their span (random dates, both directions)', async () => {
    await fc.assert(
      fc.asyncProperty(day, fc.integer({ min: -45, max: 45 }), fc.integer({ min: 1, max: 25 }), async (today, offset, n) => {
        const deadline = addDays(today, offset);
        const m = t.dataSource.manager;
        expect(await remainingDays(m, today, deadline, true)).toEqual({ days: countWorkingDays(today, deadline, calendar), working: true });
        expect(await remainingDays(m, today, deadline, false)).toEqual({ days: offset, working: false });
        expect(await addWorkingDays(m, today, n)).toBe(nthWorkingDayAfter(today, n, calendar));
      }),
      { numRuns: 150 },
    );
  });

  it('the sweep counts the working days left as the pure rule does (random days, clock at 17:00Z so Shanghai is a day ahead)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 700 }).map((n) => addDays('2026-01-01', n)),
        fc.uniqueArray(fc.integer({ min: 0, max: 28 }), { minLength: 4, maxLength: 8 }),
        async (today, offsets) => {
          const deadlines = offsets.map((o) => addDays(today, o));
          const ids = await seedItems(
            t.dataSource,
            deadlines.map((deadline) => ({
              title: `wd-${today}-${deadline}`,
              deadline,
              unitId: org.units.a,
              ownerId: org.users.staffA.id,
            })),
          );
          // 17:00Z on the day before is already `today` in Shanghai.
          t.clock.set(`${addDays(today, -1)}T17:00:00Z`);
          expect((await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true')).status).toBe(200);
          const rows: { item_id: string; step: number }[] = await t.dataSource.query(
            `SELECT item_id, step FROM reminder_ledger WHERE kind = 'reminder' AND item_id = ANY($1)`,
            [ids],
          );
          const got = deadlines.map((_, i) => rows.find((r) => r.item_id === ids[i])?.step ?? null);
          const want = deadlines.map((d) => {
            const left = countWorkingDays(today, d, calendar);
            return left <= 19 ? left : null;
          });
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 12 },
    );
  });
});
