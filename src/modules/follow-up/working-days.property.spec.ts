import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from '../../common/dates.js';
import type { CalendarDayKind } from './follow-up.entities.js';
import {
  countWorkingDays,
  isWorkingDay,
  nthWorkingDayAfter,
  workingDaysHorizon,
  workingDaysWindow,
  type WorkingCalendar,
} from './working-days.js';

const day = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2100, 11, 31) / 86_400_000 })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));

/** A calendar of exceptions within ±60 days of an anchor: holidays on any weekday, 调休 on any day. */
const calendarNear = (anchor: string) =>
  fc
    .uniqueArray(fc.tuple(fc.integer({ min: -60, max: 120 }), fc.constantFrom<CalendarDayKind>('holiday', 'workday')), {
      selector: ([offset]) => offset,
      maxLength: 25,
    })
    .map((entries): WorkingCalendar => new Map(entries.map(([offset, kind]) => [addDays(anchor, offset), kind])));

const scenario = day.chain((anchor) => fc.tuple(fc.constant(anchor), calendarNear(anchor), fc.integer({ min: -60, max: 120 })));

/** The slow way: walk the days one by one, deciding each from its weekday name. */
function slowCount(from: string, to: string, calendar: WorkingCalendar): number {
  const sign = to >= from ? 1 : -1;
  const [a, b] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) {
    const kind = calendar.get(d);
    const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
    if (kind === 'workday' || (kind === undefined && weekday !== 'Sat' && weekday !== 'Sun')) n++;
  }
  return sign * n;
}

describe('working-day arithmetic (property-based)', () => {
  it('agrees with a day-by-day count, and is antisymmetric', () => {
    fc.assert(
      fc.property(scenario, ([from, calendar, offset]) => {
        const to = addDays(from, offset);
        expect(countWorkingDays(from, to, calendar)).toBe(slowCount(from, to, calendar));
        expect(countWorkingDays(to, from, calendar) + countWorkingDays(from, to, calendar)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic: a later deadline never has fewer working days left, and each step adds at most one', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 30 }), ([from, calendar, offset], more) => {
        const to = addDays(from, offset);
        const later = addDays(to, more);
        const a = countWorkingDays(from, to, calendar);
        const b = countWorkingDays(from, later, calendar);
        expect(b).toBeGreaterThanOrEqual(a);
        expect(b - a).toBeLessThanOrEqual(more);
        expect(countWorkingDays(from, addDays(to, 1), calendar) - a).toBe(isWorkingDay(addDays(to, 1), calendar) ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('the n-th working day after a date is a working day holding exactly n working days, and grows with n', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 40 }), ([from, calendar], n) => {
        const d = nthWorkingDayAfter(from, n, calendar);
        expect(isWorkingDay(d, calendar)).toBe(true);
        expect(countWorkingDays(from, d, calendar)).toBe(n);
        expect(nthWorkingDayAfter(from, n + 1, calendar) > d).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('working-day arithmetic (examples)', () => {
  const none: WorkingCalendar = new Map();
  // 2026-06-27/28 is an ordinary weekend; 2026-09-20 (Sunday) a 调休 working day; 2027-01-01 a holiday Friday.
  const cal: WorkingCalendar = new Map<string, CalendarDayKind>([
    ['2026-09-20', 'workday'],
    ['2027-01-01', 'holiday'],
  ]);

  it('Saturday and Sunday are off, a holiday is off whatever the weekday, a 调休 Sunday is on', () => {
    expect(['2026-06-26', '2026-06-27', '2026-06-28', '2026-06-29'].map((d) => isWorkingDay(d, none))).toEqual([true, false, false, true]);
    expect(isWorkingDay('2026-09-20', cal)).toBe(true);
    expect(isWorkingDay('2027-01-01', cal)).toBe(false);
    expect(isWorkingDay('2027-01-01', none)).toBe(true);
  });

  it('counts after the first day up to and including the last, across a weekend and the year end', () => {
    expect(countWorkingDays('2026-06-22', '2026-06-22', none)).toBe(0);
    expect(countWorkingDays('2026-06-22', '2026-06-26', none)).toBe(4);
    expect(countWorkingDays('2026-06-22', '2026-06-29', none)).toBe(5);
    expect(countWorkingDays('2026-06-29', '2026-06-22', none)).toBe(-5);
    expect(countWorkingDays('2026-09-14', '2026-09-21', cal)).toBe(6);
    expect(countWorkingDays('2026-12-28', '2027-01-04', cal)).toBe(4);
    expect(nthWorkingDayAfter('2026-12-30', 2, cal)).toBe('2027-01-04');
    expect(nthWorkingDayAfter('2026-06-26', 1, none)).toBe('2026-06-29');
    expect(nthWorkingDayAfter('2026-09-18', 1, cal)).toBe('2026-09-20');
  });

  it('reads the calendar between the earlier and the later date, and only when it counts working days within 1000 days', () => {
    expect(workingDaysWindow('2026-06-22', '2026-07-01', true)).toEqual(['2026-06-22', '2026-07-01']);
    expect(workingDaysWindow('2026-07-01', '2026-06-22', true)).toEqual(['2026-06-22', '2026-07-01']);
    expect(workingDaysWindow('2026-07-01', '2026-07-01', true)).toEqual(['2026-07-01', '2026-07-01']);
    expect(workingDaysWindow('2026-06-22', '2026-07-01', false)).toBeNull();
    // 1000 days either way still count working days; 1001 fall back to calendar days.
    expect(workingDaysWindow('2026-01-01', addDays('2026-01-01', 1000), true)).toEqual(['2026-01-01', addDays('2026-01-01', 1000)]);
    expect(workingDaysWindow(addDays('2026-01-01', 1000), '2026-01-01', true)).toEqual(['2026-01-01', addDays('2026-01-01', 1000)]);
    expect(workingDaysWindow('2026-01-01', addDays('2026-01-01', 1001), true)).toBeNull();
    expect(workingDaysWindow(addDays('2026-01-01', 1001), '2026-01-01', true)).toBeNull();
  });

  it('reads far enough ahead to hold the n-th working day, across the Spring Festival and National Day', () => {
    // The 2027 Spring Festival: eight holidays in a row, then a 调休 Saturday.
    const festival: WorkingCalendar = new Map<string, CalendarDayKind>([
      ...Array.from({ length: 8 }, (_, i): [string, CalendarDayKind] => [addDays('2027-02-06', i), 'holiday']),
      ['2027-02-20', 'workday'],
      ...Array.from({ length: 8 }, (_, i): [string, CalendarDayKind] => [addDays('2026-10-01', i), 'holiday']),
    ]);
    for (const from of ['2027-02-05', '2026-09-30', '2026-12-31']) {
      for (const n of [1, 2, 5, 10, 30, 100]) {
        const nth = nthWorkingDayAfter(from, n, festival);
        expect(nth > from && nth <= workingDaysHorizon(from, n)).toBe(true);
      }
    }
  });
});
