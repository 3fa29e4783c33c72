import type { EntityManager } from 'typeorm';
import { addDays, daysBetween, type CalendarDate } from '../../common/dates.js';
import type { CalendarDayKind } from './follow-up.entities.js';

/**
 * Working-day arithmetic over the calendar (Monday–Friday, minus holidays, plus 调休 working days),
 * for single items (a chase, a decision, a 督办单's reply deadline). The rule is the pure functions
 * below; the database only supplies the calendar's exceptions. The sweep counts the same way in its
 * set-based statement (test/working-days.e2e-spec.ts pins both against these functions). Runs on the
 * caller's manager, so it is safe inside a transaction.
 */

/** The calendar's exceptions to the Monday–Friday week, by date. */
export type WorkingCalendar = ReadonlyMap<CalendarDate, CalendarDayKind>;

/** Beyond this span the count falls back to calendar days (as the sweep's calendar window does). */
const MAX_SPAN_DAYS = 1000;

/** A holiday is off and a 调休 day is on whatever the weekday; otherwise Monday–Friday work. */
export function isWorkingDay(date: CalendarDate, calendar: WorkingCalendar): boolean {
  const kind = calendar.get(date);
  if (kind !== undefined) return kind === 'workday';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Working days after `from` up to and including `to`; negative (the days after `to` up to `from`) when `to` is earlier. */
export function countWorkingDays(from: CalendarDate, to: CalendarDate, calendar: WorkingCalendar): number {
  const span = daysBetween(from, to);
  const start = span >= 0 ? from : to;
  let n = 0;
  for (let i = 1; i <= Math.abs(span); i++) if (isWorkingDay(addDays(start, i), calendar)) n++;
  return span >= 0 ? n : -n;
}

/** The `n`-th working day after `from` (n ≥ 1). */
export function nthWorkingDayAfter(from: CalendarDate, n: number, calendar: WorkingCalendar): CalendarDate {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) left--;
  }
  return day;
}

/**
 * The stretch of the calendar that counting from `today` to `deadline` in working days needs
 * (earlier date first), or null when the count is in calendar days: the policy counts calendar days,
 * or the span is beyond MAX_SPAN_DAYS (as the sweep's calendar window).
 */
export function workingDaysWindow(
  today: CalendarDate,
  deadline: CalendarDate,
  inWorkingDays: boolean,
): [CalendarDate, CalendarDate] | null {
  const span = daysBetween(today, deadline);
  if (!inWorkingDays || Math.abs(span) > MAX_SPAN_DAYS) return null;
  return span < 0 ? [deadline, today] : [today, deadline];
}

/**
 * The last day of the calendar stretch that always holds `n` working days after `from`: at most two
 * weekend days in any five, plus up to sixty holidays (the longest run of them in a year is far less).
 */
export function workingDaysHorizon(from: CalendarDate, n: number): CalendarDate {
  return addDays(from, n * 3 + 60);
}

// Stryker disable all: the calendar query and the two wrappers over it are glue; their bounds and
// results are pinned on PostgreSQL against the pure functions above by test/working-days.e2e-spec.ts.
/** The calendar's exceptions after `from` up to and including `to`. */
async function calendarBetween(m: EntityManager, [from, to]: [CalendarDate, CalendarDate]): Promise<WorkingCalendar> {
  const rows: { date: string; kind: CalendarDayKind }[] = await m.query(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM working_calendar WHERE date > $1::date AND date <= $2::date`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.date, r.kind]));
}

/** Days from `today` to `deadline` (negative when past), and whether they are working days. */
export async function remainingDays(
  m: EntityManager,
  today: CalendarDate,
  deadline: CalendarDate,
  inWorkingDays: boolean,
): Promise<{ days: number; working: boolean }> {
  const window = workingDaysWindow(today, deadline, inWorkingDays);
  if (!window) return { days: daysBetween(today, deadline), working: false };
  return { days: countWorkingDays(today, deadline, await calendarBetween(m, window)), working: true };
}

/** The `n`-th working day after `from` (n ≥ 1). */
export async function addWorkingDays(m: EntityManager, from: CalendarDate, n: number): Promise<CalendarDate> {
  return nthWorkingDayAfter(from, n, await calendarBetween(m, [from, workingDaysHorizon(from, n)]));
}
// Stryker restore all
