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

/** The calendar's exceptions after `from` up to and including `to`. */
async function calendarBetween(m: EntityManager, from: CalendarDate, to: CalendarDate): Promise<WorkingCalendar> {
  // Stryker disable next-line StringLiteral: the query's bounds are pinned on PostgreSQL by test/working-days.e2e-spec.ts.
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
  const calendar = daysBetween(today, deadline);
  if (!inWorkingDays || Math.abs(calendar) > MAX_SPAN_DAYS) return { days: calendar, working: false };
  const [from, to] = calendar >= 0 ? [today, deadline] : [deadline, today];
  return { days: countWorkingDays(today, deadline, await calendarBetween(m, from, to)), working: true };
}

/** The `n`-th working day after `from` (n ≥ 1). */
export async function addWorkingDays(m: EntityManager, from: CalendarDate, n: number): Promise<CalendarDate> {
  // At most two weekend days per five, plus holidays: n * 3 + 60 days always hold n working days.
  return nthWorkingDayAfter(from, n, await calendarBetween(m, from, addDays(from, n * 3 + 60)));
}
