import { describe, expect, it } from '@jest/globals';
import { addMonths, isCalendarDate } from './dates.js';

describe('addMonths', () => {
  it('keeps the day of the month, across the year end and backwards', () => {
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2026-06-10', 6)).toBe('2026-12-10');
    expect(addMonths('2026-11-20', 3)).toBe('2027-02-20');
    expect(addMonths('2026-03-05', -3)).toBe('2025-12-05');
    expect(addMonths('2026-04-30', 0)).toBe('2026-04-30');
  });

  it('clamps to the end of a shorter month, leap years included', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-05-31', -1)).toBe('2026-04-30');
    expect(addMonths('2026-02-28', 1)).toBe('2026-03-28');
  });
});

describe('isCalendarDate', () => {
  it('accepts real YYYY-MM-DD dates only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-1-5', '2026-02-30', '2027-02-29', '26-01-05', '2026-01-05T00:00', ' 2026-01-05', '', 'today']) {
      expect({ bad, ok: isCalendarDate(bad) }).toEqual({ bad, ok: false });
    }
  });
});
