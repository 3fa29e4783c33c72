import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_POLICY, escalationLevel, reminderStep } from '../modules/follow-up/follow-up-policy.js';
import { addDays, calendarDateIn, daysBetween, isCalendarDate } from './dates.js';

const day = fc
  .integer({ min: Date.UTC(1950, 0, 1) / 86_400_000, max: Date.UTC(2150, 11, 31) / 86_400_000 })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));

/** Step one day at a time the slow way: the next calendar date by its parts. */
function nextDay(d: string): string {
  let [y, m, dd] = d.split('-').map(Number);
  const last = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  dd++;
  if (dd > last) {
    dd = 1;
    m++;
  }
  if (m > 12) {
    m = 1;
    y++;
  }
  return `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

describe('calendar-day arithmetic (property-based)', () => {
  it('addDays agrees with a day-by-day count, and daysBetween inverts it', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (d, n) => {
        let slow = d;
        for (let i = 0; i < n; i++) slow = nextDay(slow);
        expect(addDays(d, n)).toBe(slow);
        expect(daysBetween(d, slow)).toBe(n);
        expect(daysBetween(slow, d) + n).toBe(0);
        expect(addDays(slow, -n)).toBe(d);
        expect(isCalendarDate(slow)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('daysBetween is monotonic in its second argument', () => {
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        const [x, y] = b <= c ? [b, c] : [c, b];
        expect(daysBetween(a, x)).toBeLessThanOrEqual(daysBetween(a, y));
      }),
    );
  });

  it('the Shanghai date of an instant is the UTC date, or the next one from 16:00Z', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true }), (t) => {
        const utc = t.toISOString().slice(0, 10);
        expect(calendarDateIn(t, 'Asia/Shanghai')).toBe(t.getUTCHours() >= 16 ? addDays(utc, 1) : utc);
      }),
    );
  });

  it('reminders and escalations are monotonic: fewer days left never picks a later reminder, more overdue never a lower level', () => {
    const offsets = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(offsets, fc.integer({ min: -5, max: 70 }), fc.integer({ min: 0, max: 70 }), (o, r, delta) => {
        const a = reminderStep(o, r);
        const b = reminderStep(o, r + delta);
        if (a !== null) {
          expect(a).toBeGreaterThanOrEqual(r);
          expect(o).toContain(a);
          // The closest reminder crossed, never a farther one (no offset lies between the days left and it).
          expect(o.filter((x) => x >= r && x < a)).toEqual([]);
        }
        if (b !== null && a !== null) expect(a).toBeLessThanOrEqual(b);
        if (b !== null && r >= 0) expect(a).not.toBeNull();
        const la = escalationLevel(DEFAULT_POLICY.escalationLevels, r)?.level ?? 0;
        const lb = escalationLevel(DEFAULT_POLICY.escalationLevels, r + delta)?.level ?? 0;
        expect(la).toBeLessThanOrEqual(lb);
        if (r <= 0) expect(la).toBe(0);
      }),
    );
  });
});
