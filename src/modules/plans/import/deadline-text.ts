import { isCalendarDate } from '../../../common/dates.js';
import { MAX_YEAR, MIN_YEAR } from '../../../common/validators.js';
import { normalizeWidth } from '../../inspections/problem-code.js';
import type { RectificationType } from '../measure.entity.js';

/**
 * What a plan or ledger means by its deadline cell: `2019年9月底前`, `12月31日前`, `立行立改`, `每季度`…
 * `immediate` is true when the text says 立行立改 — also when it says 长期坚持 too (`立行立改，长期坚持`):
 * the type is then `long_term` (the lasting part decides how the measure is followed), and the
 * immediate part is kept as this flag and in the original text.
 */
export type DeadlineParse =
  { ok: true; type: RectificationType; immediate: boolean; deadline: string | null; text: string } | { ok: false; message: string };

export interface DeadlineContext {
  /** Year for texts without one (`12月31日前`): the plan's issue year, else the inspection's. */
  defaultYear: number | null;
  /** The date `立行立改` stands for when the text gives none (the plan's issue date), or null. */
  immediateDate: string | null;
  /**
   * The plan's issue date: a text without a year (`9月30日前`) takes `defaultYear`, or the next year
   * when that date would fall before this one (a plan issued in November means next September).
   */
  referenceDate?: string | null;
}

const IMMEDIATE = /立行立改|立即整改|即知即改|立查立改|马上就改/;
const LONG_TERM = /长期坚持|长期|持续推进|持续|常态化|每季度|每月|每半年|每年|定期/;
const QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

const pad = (n: number) => String(n).padStart(2, '0');

function endOfMonth(year: number, month: number): string | null {
  if (month < 1 || month > 12) return null;
  // Date.UTC reads years 0…99 as 1900…1999: set the full year, and write it with four digits, so
  // '0000年2季度' is year 0 (refused by the year range), not a malformed '0-06-30'.
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(d.getUTCDate())}`;
}

function exact(year: number, month: number, day: number): string | null {
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return isCalendarDate(date) ? date : null;
}

type DateFind = { date: string } | { error: string } | null;

/** The first date the text states, or null when it states none. */
function findDate(text: string, ctx: DeadlineContext): DateFind {
  const invalid = { error: `完成时限“${text}”中的日期无效` };
  let m = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(text) ?? /(\d{4})年(\d{1,2})月(\d{1,2})[日号]/.exec(text);
  if (m) {
    const d = exact(+m[1], +m[2], +m[3]);
    return d ? { date: d } : invalid;
  }
  m = /(\d{4})年(\d{1,2})月/.exec(text) ?? /(\d{4})[-/.](\d{1,2})(?![\d])/.exec(text);
  if (m) {
    const d = endOfMonth(+m[1], +m[2]);
    return d ? { date: d } : invalid;
  }
  m = /(\d{4})年(?:第)?([一二三四1-4])季度/.exec(text);
  if (m) return { date: endOfMonth(+m[1], QUARTER[m[2]] * 3)! };
  m = /(\d{4})年上半年/.exec(text);
  if (m) return { date: `${m[1]}-06-30` };
  m = /(\d{4})年(?:底|末|年底|下半年|内|前|$)/.exec(text);
  if (m) return { date: `${m[1]}-12-31` };
  const noYear = /(\d{1,2})月(\d{1,2})[日号]/.exec(text) ?? /(\d{1,2})月(?:底|末|份|前|$)/.exec(text);
  const yearEnd = /(?<![\d一二三四五两半])(?:今年|本年|当年)?年(?:底|末|内)/.test(text);
  if (noYear || yearEnd) {
    if (ctx.defaultYear === null) return { error: `完成时限“${text}”未写年份，且无法从方案印发日期推定` };
    const on = (year: number) =>
      !noYear ? `${year}-12-31` : noYear[2] !== undefined ? exact(year, +noYear[1], +noYear[2]) : endOfMonth(year, +noYear[1]);
    let d = on(ctx.defaultYear);
    if (d && ctx.referenceDate && d < ctx.referenceDate) d = on(ctx.defaultYear + 1);
    return d ? { date: d } : invalid;
  }
  return null;
}

/**
 * Reads a deadline as plans write it. Returns null for an empty cell (the caller decides whether
 * that is allowed). A stated date makes the measure time-limited unless a keyword says otherwise:
 * `立行立改` → immediate (date = the text's, else the plan's issue date), `长期坚持`/`每季度`… →
 * long-term (date only if the text gives one). The original text is always kept.
 */
export function parseDeadlineText(raw: string | null | undefined, ctx: DeadlineContext): DeadlineParse | null {
  const original = (raw ?? '').trim();
  if (!original) return null;
  const text = normalizeWidth(original).replace(/\s+/g, '');
  const found = findDate(text, ctx);
  if (found && 'error' in found) return { ok: false, message: found.error };
  // '0000年底' is a date PostgreSQL refuses at insert (a bare 400 naming no cell) and '2919年' a typo: the API's years.
  const year = found ? Number(found.date.slice(0, 4)) : null;
  if (year !== null && (year < MIN_YEAR || year > MAX_YEAR))
    return { ok: false, message: `完成时限“${original}”的年份须在${MIN_YEAR}—${MAX_YEAR}年之间` };
  const date = found ? found.date : null;
  const immediate = IMMEDIATE.test(text);
  // `立行立改，长期坚持`: keep at it after the immediate fix — followed as long-term, flagged immediate.
  if (immediate && LONG_TERM.test(text.replace(IMMEDIATE, '')))
    return { ok: true, type: 'long_term', immediate, deadline: date, text: original };
  if (immediate) return { ok: true, type: 'immediate', immediate, deadline: date ?? ctx.immediateDate, text: original };
  if (LONG_TERM.test(text)) return { ok: true, type: 'long_term', immediate, deadline: date, text: original };
  if (date) return { ok: true, type: 'time_limited', immediate, deadline: date, text: original };
  return { ok: false, message: `无法识别的完成时限“${original}”（例如：2019年9月底前、2020年6月30日前、立行立改、长期坚持）` };
}

/** `立行立改` / `限期整改` / `长期坚持` (or the English codes) as written in a 整改类型 column. */
export function parseRectificationType(raw: string): RectificationType | null {
  const text = raw.replace(/\s+/g, '');
  if (/^(立行立改|立即整改|immediate)$/i.test(text)) return 'immediate';
  if (/^(限期整改|限时整改|time_limited)$/i.test(text)) return 'time_limited';
  if (/^(长期坚持|长期整改|持续整改|long_term)$/i.test(text)) return 'long_term';
  return null;
}
