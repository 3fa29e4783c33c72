import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { PG_ADMIN_URL } from '../../../test/support/test-env.js';
import {
  addFigures,
  CLOSURE_COLUMNS,
  closureFigures,
  emptyFigures,
  FIGURE_COLUMNS,
  figuresRollup,
  figuresSelect,
  overdueSql,
  overviewOf,
  rates,
  ratio,
  toFigureRow,
  type FigureRow,
} from './report-figures.js';

function row(values: Partial<FigureRow>): FigureRow {
  return { ...emptyFigures(), ...values };
}

describe('report figures: the arithmetic', () => {
  it('ratio rounds to four decimals and is null with nothing to divide by', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(2, 3)).toBe(0.6667);
    expect(ratio(0, 5)).toBe(0);
    expect(ratio(5, 5)).toBe(1);
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
  });

  it('rates: closure over total, on time over closed, mean days over closed items with a closing time (one decimal)', () => {
    expect(rates(row({ total: 8, closed: 4, closed_on_time: 3, closed_dated: 3, days_to_close_sum: 10 }))).toEqual({
      closureRate: 0.5,
      onTimeRate: 0.75,
      meanDaysToClose: 3.3,
    });
    expect(rates(row({ total: 3, closed: 2, closed_on_time: 2, closed_dated: 2, days_to_close_sum: 3.35 })).meanDaysToClose).toBe(1.7);
    expect(rates(row({ total: 2 }))).toEqual({ closureRate: 0, onTimeRate: null, meanDaysToClose: null });
    expect(rates(row({ total: 1, closed: 1, closed_dated: 0, days_to_close_sum: 4 })).meanDaysToClose).toBeNull();
  });

  it('a closure row maps each count and rates closed over total', () => {
    expect(closureFigures(row({ total: 10, closed: 4, submitted: 1, in_progress: 2, pending: 3, overdue: 5, due_soon: 7 }))).toEqual({
      total: 10,
      closed: 4,
      submitted: 1,
      inProgress: 2,
      pending: 3,
      overdue: 5,
      closureRate: 0.4,
    });
  });

  it('partial rows add column by column; raw rows read as numbers, missing columns as 0', () => {
    const a = row({ total: 2, closed: 1, days_to_close_sum: 1.5, long_term_total: 1 });
    const b = row({ total: 3, closed: 2, overdue: 1, days_to_close_sum: 2 });
    expect(addFigures(a, b)).toEqual(row({ total: 5, closed: 3, overdue: 1, days_to_close_sum: 3.5, long_term_total: 1 }));
    expect(toFigureRow({ total: '7', closed: 2, days_to_close_sum: '1.25' })).toEqual(
      row({ total: 7, closed: 2, days_to_close_sum: 1.25 }),
    );
    expect(Object.keys(emptyFigures())).toEqual([...FIGURE_COLUMNS]);
    expect(Object.values(emptyFigures()).every((v) => v === 0)).toBe(true);
  });

  it('the overview sums the types, splits long-term out and lists every type in order, absent ones as zero', () => {
    const byType = new Map<string, FigureRow>([
      [
        'time_limited',
        row({
          total: 6,
          closed: 3,
          submitted: 1,
          in_progress: 1,
          pending: 1,
          overdue: 2,
          due_soon: 1,
          closed_on_time: 2,
          closed_dated: 3,
          days_to_close_sum: 9,
        }),
      ],
      [
        'long_term',
        row({
          total: 4,
          closed: 1,
          pending: 3,
          overdue: 1,
          closed_on_time: 1,
          closed_dated: 1,
          days_to_close_sum: 3,
          long_term_total: 4,
          long_term_closed: 1,
        }),
      ],
    ]);
    const o = overviewOf(byType, '2026-06-10');
    expect(o).toEqual({
      total: 10,
      closed: 4,
      submitted: 1,
      inProgress: 1,
      pending: 4,
      overdue: 3,
      dueSoon: 1,
      closedOnTime: 3,
      closedLate: 1,
      closureRate: 0.4,
      onTimeRate: 0.75,
      meanDaysToClose: 3,
      longTerm: { total: 4, closed: 1, closureRate: 0.25 },
      excludingLongTerm: { total: 6, closed: 3, closureRate: 0.5 },
      byType: [
        { type: 'immediate', label: '立行立改', total: 0, closed: 0, overdue: 0, closureRate: null },
        { type: 'time_limited', label: '限期整改', total: 6, closed: 3, overdue: 2, closureRate: 0.5 },
        { type: 'long_term', label: '长期坚持', total: 4, closed: 1, overdue: 1, closureRate: 0.25 },
      ],
      asOf: '2026-06-10',
    });
    expect(overviewOf(new Map(), '2026-01-01')).toMatchObject({
      total: 0,
      closureRate: null,
      excludingLongTerm: { total: 0, closureRate: null },
    });
  });
});

/**
 * The SQL fragments run on real PostgreSQL over a VALUES list standing for `rectification_items`,
 * so each rule's boundary (today, the warning window, the original deadline) is pinned where the
 * figure is computed. No table is needed: the admin database answers.
 */
describe('report figures: the SQL definitions on PostgreSQL', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  // today = 2026-06-10, warning window up to 2026-06-13.
  const ITEMS = `(VALUES
    -- status,       type,          deadline,     original,     closed_on,    created_at,                    closed_at
    ('pending',     'time_limited', '2026-06-09', '2026-06-09', NULL,         '2026-06-01T00:00:00Z',         NULL),
    ('in_progress', 'time_limited', '2026-06-10', '2026-06-10', NULL,         '2026-06-01T00:00:00Z',         NULL),
    ('pending',     'time_limited', '2026-06-13', '2026-06-13', NULL,         '2026-06-01T00:00:00Z',         NULL),
    ('pending',     'time_limited', '2026-06-14', '2026-06-14', NULL,         '2026-06-01T00:00:00Z',         NULL),
    ('submitted',   'time_limited', '2026-06-01', '2026-06-01', NULL,         '2026-05-01T00:00:00Z',         NULL),
    ('closed',      'immediate',    '2026-06-05', '2026-06-05', '2026-06-05', '2026-06-01T00:00:00Z',         '2026-06-03T12:00:00Z'),
    ('closed',      'time_limited', '2026-06-20', '2026-06-05', '2026-06-06', '2026-06-01T00:00:00Z',         '2026-06-02T00:00:00Z'),
    ('closed',      'long_term',    NULL,         NULL,         NULL,         '2026-06-02T00:00:00Z',         '2026-06-01T00:00:00Z'),
    ('closed',      'time_limited', '2026-05-01', '2026-05-01', '2026-04-30', '2026-04-01T00:00:00Z',         NULL),
    ('in_progress', 'long_term',    '2026-06-01', '2026-06-01', NULL,         '2026-05-01T00:00:00Z',         NULL)
  ) AS v(status, rectification_type, deadline, original_deadline, closed_on, created_at, closed_at)`;
  const TYPED = `(SELECT status, rectification_type, deadline::date, original_deadline::date, closed_on::date,
                         created_at::timestamptz, closed_at::timestamptz FROM ${ITEMS}) AS i`;

  async function figures(columns?: readonly (typeof FIGURE_COLUMNS)[number][]): Promise<Record<string, unknown>> {
    // Literals, not placeholders: a narrowed list may not use both dates.
    const select = figuresSelect({ today: `'2026-06-10'::date`, warnUntil: `'2026-06-13'::date` }, columns);
    const { rows } = await client.query(`SELECT ${select} FROM ${TYPED}`);
    return rows[0];
  }

  it('counts each figure at its boundaries: overdue before today, due soon from today to the warning day, on time by the original deadline', async () => {
    const r = toFigureRow(await figures());
    expect(r).toEqual({
      total: 10,
      closed: 4,
      submitted: 1,
      in_progress: 2,
      pending: 3,
      // Open and past the deadline: 06-09 and the long-term item due 06-01; not the submitted one, not today's.
      overdue: 2,
      // Open with today ≤ deadline ≤ today + warning: 06-10 and 06-13, not 06-14.
      due_soon: 2,
      // Closed on the original deadline, or before: not the one closed after it within the extension.
      closed_on_time: 2,
      closed_dated: 3,
      // 2.5 days, 1 day, and a closing time before creation counts 0.
      days_to_close_sum: 3.5,
      long_term_total: 2,
      long_term_closed: 1,
    });
  });

  it('a narrowed list selects only those columns, in order', async () => {
    const r = await figures(CLOSURE_COLUMNS);
    expect(Object.keys(r)).toEqual([...CLOSURE_COLUMNS]);
    expect(Object.keys(await figures(['due_soon', 'total']))).toEqual(['total', 'due_soon']);
  });

  it('overdueSql is the same rule on its own', async () => {
    const { rows } = await client.query(`SELECT count(*) FILTER (WHERE ${overdueSql('$1::date')})::int AS n FROM ${TYPED}`, ['2026-06-10']);
    expect(rows[0].n).toBe(2);
  });

  it('rollups sum partial rows per column, an empty set as zeros', async () => {
    const parts = `(VALUES (1, 2, 1.5), (3, 4, 2.25)) AS a(total, closed, days_to_close_sum)`;
    const { rows } = await client.query(`SELECT ${figuresRollup('a', ['total', 'closed', 'days_to_close_sum'])} FROM ${parts}`);
    expect(toFigureRow(rows[0])).toEqual(row({ total: 4, closed: 6, days_to_close_sum: 3.75 }));
    const empty = await client.query(`SELECT ${figuresRollup('a', ['total', 'days_to_close_sum'])} FROM ${parts} WHERE false`);
    expect(toFigureRow(empty.rows[0])).toEqual(emptyFigures());
    expect(figuresRollup('a')).toContain('coalesce(sum(a.long_term_closed), 0)::bigint AS long_term_closed');
  });
});
