/**
 * THE definitions of every report figure, written once (README, "Reports"). Every endpoint, the
 * snapshot job and the bulletin build their SQL from these fragments, and their rates from
 * `rates()`, so a figure means the same thing everywhere.
 *
 * Over items `i` (rectification_items), with `today` = calendar date of the Clock in APP_TIMEZONE:
 *  - total              every item in scope and filters (long_term included);
 *  - closed             status = 'closed' (已销号);
 *  - closureRate        closed / total (null when total = 0);
 *  - overdue            status IN ('pending','in_progress') AND deadline < today (domain.md);
 *  - dueSoon            open AND today <= deadline <= today + WARNING_DAYS (黄灯);
 *  - onTimeRate         closed with closed_on <= original_deadline / closed (extensions do not help);
 *  - meanDaysToClose    mean of (closed_at − created_at) in days over closed items (never negative;
 *                       plain epoch arithmetic, no per-row time-zone conversion);
 *  - longTerm           the same total/closed/closureRate over long_term (长期坚持) items only;
 *    `excludingLongTerm` is the complement, so completion is shown with and without them.
 */
import { RECTIFICATION_TYPES, RECTIFICATION_TYPE_LABELS, type RectificationType } from '../plans/measure.entity.js';

/** The counted columns, in order. Each is a plain sum, so partial results roll up by summing. */
export const FIGURE_COLUMNS = [
  'total',
  'closed',
  'submitted',
  'in_progress',
  'pending',
  'overdue',
  'due_soon',
  'closed_on_time',
  'closed_dated',
  'days_to_close_sum',
  'long_term_total',
  'long_term_closed',
] as const;
export type FigureColumn = (typeof FIGURE_COLUMNS)[number];
export type FigureRow = Record<FigureColumn, number>;

const OPEN = `i.status IN ('pending', 'in_progress')`;

/** SQL condition for "overdue" on alias `i`, given the placeholder holding today. */
export function overdueSql(today: string): string {
  return `(${OPEN} AND i.deadline < ${today})`;
}

/**
 * The aggregate select list over alias `i`. `today`, `warnUntil` and `tz` are SQL placeholders
 * (e.g. `$1`) holding today's date, today + WARNING_DAYS and APP_TIMEZONE.
 */
export function figuresSelect(p: { today: string; warnUntil: string }, columns: readonly FigureColumn[] = FIGURE_COLUMNS): string {
  const all = [
    `count(*)::bigint AS total`,
    `count(*) FILTER (WHERE i.status = 'closed')::bigint AS closed`,
    `count(*) FILTER (WHERE i.status = 'submitted')::bigint AS submitted`,
    `count(*) FILTER (WHERE i.status = 'in_progress')::bigint AS in_progress`,
    `count(*) FILTER (WHERE i.status = 'pending')::bigint AS pending`,
    `count(*) FILTER (WHERE ${overdueSql(p.today)})::bigint AS overdue`,
    `count(*) FILTER (WHERE ${OPEN} AND i.deadline >= ${p.today} AND i.deadline <= ${p.warnUntil})::bigint AS due_soon`,
    `count(*) FILTER (WHERE i.status = 'closed' AND i.closed_on <= i.original_deadline)::bigint AS closed_on_time`,
    `count(*) FILTER (WHERE i.status = 'closed' AND i.closed_at IS NOT NULL)::bigint AS closed_dated`,
    `coalesce(sum(greatest(date_part('epoch', i.closed_at) - date_part('epoch', i.created_at), 0)) FILTER (WHERE i.status = 'closed'), 0) / 86400.0 AS days_to_close_sum`,
    `count(*) FILTER (WHERE i.rectification_type = 'long_term')::bigint AS long_term_total`,
    `count(*) FILTER (WHERE i.rectification_type = 'long_term' AND i.status = 'closed')::bigint AS long_term_closed`,
  ];
  return all.filter((_, k) => columns.includes(FIGURE_COLUMNS[k])).join(',\n       ');
}

/** The figures a closure table shows (api.md); the other columns read as 0 where not selected. */
export const CLOSURE_COLUMNS: readonly FigureColumn[] = ['total', 'closed', 'submitted', 'in_progress', 'pending', 'overdue'];

/** Summing partial figures (alias `a`): how grouped rollups combine pre-aggregated rows. */
export function figuresRollup(alias: string, columns: readonly FigureColumn[] = FIGURE_COLUMNS): string {
  return columns.map((c) => `coalesce(sum(${alias}.${c}), 0)${c === 'days_to_close_sum' ? '' : '::bigint'} AS ${c}`).join(', ');
}

export function toFigureRow(raw: Record<string, unknown>): FigureRow {
  return Object.fromEntries(FIGURE_COLUMNS.map((c) => [c, Number(raw[c] ?? 0)])) as FigureRow;
}

export function emptyFigures(): FigureRow {
  return Object.fromEntries(FIGURE_COLUMNS.map((c) => [c, 0])) as FigureRow;
}

export function addFigures(a: FigureRow, b: FigureRow): FigureRow {
  return Object.fromEntries(FIGURE_COLUMNS.map((c) => [c, a[c] + b[c]])) as FigureRow;
}

/** A ratio rounded to 4 decimals; null when there is nothing to divide by. */
export function ratio(num: number, den: number): number | null {
  return den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null;
}

/** The row of a closure table (api.md): counts by status plus overdue and the closure rate. */
export interface ClosureFigures {
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  closureRate: number | null;
}

export function closureFigures(r: FigureRow): ClosureFigures {
  return {
    total: r.total,
    closed: r.closed,
    submitted: r.submitted,
    inProgress: r.in_progress,
    pending: r.pending,
    overdue: r.overdue,
    closureRate: ratio(r.closed, r.total),
  };
}

export interface Rates {
  closureRate: number | null;
  onTimeRate: number | null;
  meanDaysToClose: number | null;
}

export function rates(r: FigureRow): Rates {
  return {
    closureRate: ratio(r.closed, r.total),
    onTimeRate: ratio(r.closed_on_time, r.closed),
    meanDaysToClose: r.closed_dated > 0 ? Math.round((r.days_to_close_sum / r.closed_dated) * 10) / 10 : null,
  };
}

export interface Overview extends Rates {
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  dueSoon: number;
  closedOnTime: number;
  closedLate: number;
  longTerm: { total: number; closed: number; closureRate: number | null };
  excludingLongTerm: { total: number; closed: number; closureRate: number | null };
  byType: { type: RectificationType; label: string; total: number; closed: number; overdue: number; closureRate: number | null }[];
  asOf: string;
}

export function overviewOf(byType: Map<string, FigureRow>, asOf: string): Overview {
  const sum = [...byType.values()].reduce(addFigures, emptyFigures());
  return {
    total: sum.total,
    closed: sum.closed,
    submitted: sum.submitted,
    inProgress: sum.in_progress,
    pending: sum.pending,
    overdue: sum.overdue,
    dueSoon: sum.due_soon,
    closedOnTime: sum.closed_on_time,
    closedLate: sum.closed - sum.closed_on_time,
    ...rates(sum),
    longTerm: { total: sum.long_term_total, closed: sum.long_term_closed, closureRate: ratio(sum.long_term_closed, sum.long_term_total) },
    excludingLongTerm: {
      total: sum.total - sum.long_term_total,
      closed: sum.closed - sum.long_term_closed,
      closureRate: ratio(sum.closed - sum.long_term_closed, sum.total - sum.long_term_total),
    },
    byType: RECTIFICATION_TYPES.map((type) => {
      const r = byType.get(type) ?? emptyFigures();
      return {
        type,
        label: RECTIFICATION_TYPE_LABELS[type],
        total: r.total,
        closed: r.closed,
        overdue: r.overdue,
        closureRate: ratio(r.closed, r.total),
      };
    }),
    asOf,
  };
}
