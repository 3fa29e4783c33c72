import type { EntityManager } from 'typeorm';
import { daysBetween, type CalendarDate } from '../../common/dates.js';

/**
 * Working-day arithmetic over the calendar (Monday–Friday, minus holidays, plus 调休 working days),
 * for single items (a chase, a decision, a 督办单's reply deadline). The sweep does the same in its
 * set-based statement. Runs on the caller's manager, so it is safe inside a transaction.
 */
const WORKING = `CASE wc.kind WHEN 'holiday' THEN false WHEN 'workday' THEN true ELSE extract(isodow FROM d) < 6 END`;
/** Beyond this span the count falls back to calendar days (as the sweep's calendar window does). */
const MAX_SPAN_DAYS = 1000;

/** Days from `today` to `deadline` (negative when past), and whether they are working days. */
export async function remainingDays(
  m: EntityManager,
  today: CalendarDate,
  deadline: CalendarDate,
  countWorkingDays: boolean,
): Promise<{ days: number; working: boolean }> {
  const calendar = daysBetween(today, deadline);
  if (!countWorkingDays || Math.abs(calendar) > MAX_SPAN_DAYS) return { days: calendar, working: false };
  const [from, to] = calendar >= 0 ? [today, deadline] : [deadline, today];
  const [{ n }]: { n: number }[] = await m.query(
    `SELECT count(*) FILTER (WHERE ${WORKING})::int AS n
       FROM generate_series($1::date + 1, $2::date, interval '1 day') AS d
       LEFT JOIN working_calendar wc ON wc.date = d::date`,
    [from, to],
  );
  return { days: calendar >= 0 ? n : -n, working: true };
}

/** The `n`-th working day after `from` (n ≥ 1). */
export async function addWorkingDays(m: EntityManager, from: CalendarDate, n: number): Promise<CalendarDate> {
  const [row]: { day: string }[] = await m.query(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day
       FROM generate_series($1::date + 1, $1::date + ($2::int * 3 + 60), interval '1 day') AS d
       LEFT JOIN working_calendar wc ON wc.date = d::date
      WHERE ${WORKING}
      ORDER BY d OFFSET $2::int - 1 LIMIT 1`,
    [from, n],
  );
  return row.day;
}
