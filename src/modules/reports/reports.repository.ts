import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ScopeService, type Scope } from '../scope/scope.service.js';
import { unitSubtreeSql } from '../units/units.repository.js';
import { SOURCE_MEASURES, sourceIdOf } from './item-sources.js';
import { ROLLUP_NONE } from './report-rollup.entities.js';
import {
  CLOSURE_COLUMNS,
  FIGURE_COLUMNS,
  figuresRollup,
  figuresSelect,
  overdueSql,
  toFigureRow,
  type FigureColumn,
  type FigureRow,
} from './report-figures.js';

const SNAPSHOT_COLUMNS: readonly FigureColumn[] = ['total', 'closed', 'overdue', 'closed_on_time', 'long_term_total', 'long_term_closed'];
import type { ClosureGroup, ReportFilterQuery } from './reports.dto.js';

/** What every report query needs besides the filters: the caller's scope and "today". */
export interface ReportContext {
  scope: Scope;
  today: string;
  warnUntil: string;
  warningDays: number;
  timeZone: string;
}

/** A parameterised WHERE over alias `i` plus the placeholders of the shared figures. */
class Sql {
  readonly params: unknown[] = [];
  add(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

export interface GroupedFigures {
  key: string | null;
  label: string;
  sort: string | number | null;
  figures: FigureRow;
}

/**
 * The report SQL. Items are aggregated in ONE pass with the shared figure list; groupings that are
 * attributes of the finding (batch, group, category, measure, feedback problem, higher-level
 * inspection) first aggregate items per finding and then roll those partial rows up, which keeps
 * every report at the cost of one scan of the items however many measures a finding serves.
 */
/** Items that count in reports: all but drafts (item-lifecycle `isCounted`). */
const COUNTED = `i.status <> 'draft'`;

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The WHERE clause over items `i` for scope + filters; appends its parameters to `sql`. */
  private where(sql: Sql, ctx: ReportContext, f: ReportFilterQuery): string {
    const parts = [ScopeService.sqlClause(ctx.scope, 'i.responsible_unit_id', sql.params)];
    if (f.unitId) {
      parts.push(`i.responsible_unit_id IN ${unitSubtreeSql(sql.add(f.unitId))}`);
    }
    const findingConds: string[] = [];
    if (f.inspectionId) findingConds.push(`f.inspection_id = ${sql.add(f.inspectionId)}`);
    if (f.batchId) findingConds.push(`f.batch_id = ${sql.add(f.batchId)}`);
    if (f.groupId) findingConds.push(`f.group_id = ${sql.add(f.groupId)}`);
    if (findingConds.length) parts.push(`i.finding_id IN (SELECT f.id FROM findings f WHERE ${findingConds.join(' AND ')})`);
    // A measure's own items count under it as well as the items of the findings that answer it.
    if (f.measureId) {
      const id = sql.add(f.measureId);
      parts.push(`(i.measure_id = ${id} OR i.finding_id IN (SELECT fm.finding_id FROM finding_measures fm WHERE fm.measure_id = ${id}))`);
    }
    if (f.feedbackProblemId) {
      const id = sql.add(f.feedbackProblemId);
      parts.push(`(i.finding_id IN (SELECT fm.finding_id FROM finding_measures fm
           JOIN measure_feedback_problems mfp ON mfp.measure_id = fm.measure_id
          WHERE mfp.feedback_problem_id = ${id})
        OR i.measure_id IN (SELECT mfp.measure_id FROM measure_feedback_problems mfp WHERE mfp.feedback_problem_id = ${id}))`);
    }
    if (f.type) parts.push(`i.rectification_type = ${sql.add(f.type)}`);
    if (f.from) parts.push(`i.deadline >= ${sql.add(f.from)}::date`);
    if (f.to) parts.push(`i.deadline <= ${sql.add(f.to)}::date`);
    return parts.join(' AND ');
  }

  /** The shared figure list; `columns` narrows it to what the report shows (closure tables need six). */
  private figures(sql: Sql, ctx: ReportContext, columns?: readonly FigureColumn[]): string {
    const needsWarn = !columns || columns.includes('due_soon');
    return figuresSelect(
      { today: `${sql.add(ctx.today)}::date`, warnUntil: needsWarn ? `${sql.add(ctx.warnUntil)}::date` : 'NULL::date' },
      columns,
    );
  }

  /**
   * Whether the maintained rollups can answer: they keep everything but the exact deadline, so a
   * deadline range (`from`/`to`) always reads the items; the month rollup has no finding either,
   * so closure by month with a finding-level filter (round, batch, group, measure, problem) too.
   */
  static rollupServes(f: ReportFilterQuery, byMonth = false): boolean {
    if (f.from || f.to) return false;
    return !byMonth || !(f.inspectionId || f.batchId || f.groupId || f.measureId || f.feedbackProblemId);
  }

  /**
   * Figures grouped by `keys` (expressions over alias `i` with their output names), as a SELECT.
   * Served from the rollups when `rollupServes`, else straight from the items; both give the same
   * numbers (test/reports-rollup.e2e-spec.ts). On the rollup path `i` is a row of the rollup or a
   * correction row from the items: open items whose deadline lies between the rollup's anchor and
   * today (added to or taken from `overdue`) and, when due_soon is wanted, open items due within
   * WARNING_DAYS — both read through idx_items_open_deadline, a few days of open items at most.
   * For the month table the keys see `i.deadline_month` (first day of the deadline's month).
   */
  private grouped(
    sql: Sql,
    ctx: ReportContext,
    f: ReportFilterQuery,
    keys: [string, string][],
    columns: readonly FigureColumn[] = FIGURE_COLUMNS,
    byMonth = false,
  ): string {
    const keyList = keys.map(([expr, name]) => `${expr} AS ${name}`);
    const groupBy = keys.length ? ` GROUP BY ${keys.map((_, k) => k + 1).join(', ')}` : '';
    if (!ReportsRepository.rollupServes(f, byMonth)) {
      const where = this.where(sql, ctx, f);
      const select = this.figures(sql, ctx, columns);
      // Drafts of a unit's 整改方案 not yet approved are not counted (like the rollups, see isCounted).
      const items = byMonth
        ? `(SELECT i.*, i.deadline - (extract(day FROM i.deadline)::int - 1) AS deadline_month FROM rectification_items i WHERE ${COUNTED}) i`
        : `(SELECT i.* FROM rectification_items i WHERE ${COUNTED}) i`;
      return `SELECT ${[...keyList, select].join(', ')} FROM ${items} WHERE ${where}${groupBy}`;
    }
    const needsWarn = columns.includes('due_soon');
    const today = `${sql.add(ctx.today)}::date`;
    const warnUntil = needsWarn ? `${sql.add(ctx.warnUntil)}::date` : 'NULL::date';
    const anchor = `(SELECT s.anchor FROM report_rollup_state s WHERE s.id = 1)`;
    const dims = byMonth
      ? 'i.responsible_unit_id, i.rectification_type, i.deadline_month'
      : 'i.finding_id, i.measure_id, i.responsible_unit_id, i.rectification_type';
    // The correction rows come from the items, where the absent source column is NULL, not nil.
    const itemDims = byMonth
      ? dims
      : `coalesce(i.finding_id, '${ROLLUP_NONE}'::uuid), coalesce(i.measure_id, '${ROLLUP_NONE}'::uuid), i.responsible_unit_id, i.rectification_type`;
    const table = byMonth ? 'report_month_rollup' : 'report_item_rollup';
    const rollupWhere = this.where(sql, ctx, f);
    const itemsWhere = this.where(sql, ctx, f);
    const upper = needsWarn ? `greatest(${anchor} - 1, ${warnUntil})` : `greatest(${anchor}, ${today}) - 1`;
    const sums = columns.map((c) =>
      c === 'days_to_close_sum'
        ? `coalesce(sum(i.days_to_close_seconds), 0) / 86400.0 AS ${c}`
        : `coalesce(sum(i.${c}), 0)::bigint AS ${c}`,
    );
    return `SELECT ${[...keyList, ...sums].join(', ')} FROM (
        SELECT ${dims}, i.total, i.closed, i.submitted, i.in_progress, i.pending, i.overdue_at_anchor AS overdue, 0 AS due_soon,
               i.closed_on_time, i.closed_dated, i.days_to_close_seconds,
               CASE WHEN i.rectification_type = 'long_term' THEN i.total ELSE 0 END AS long_term_total,
               CASE WHEN i.rectification_type = 'long_term' THEN i.closed ELSE 0 END AS long_term_closed
          FROM ${table} i WHERE i.total > 0 AND ${rollupWhere}
        UNION ALL
        SELECT ${itemDims}, 0, 0, 0, 0, 0,
               count(*) FILTER (WHERE i.deadline >= ${anchor} AND i.deadline < ${today})
                 - count(*) FILTER (WHERE i.deadline >= ${today} AND i.deadline < ${anchor}),
               ${needsWarn ? `count(*) FILTER (WHERE i.deadline >= ${today} AND i.deadline <= ${warnUntil})` : '0'},
               0, 0, 0, 0, 0
          FROM (SELECT i.*, i.deadline - (extract(day FROM i.deadline)::int - 1) AS deadline_month FROM rectification_items i
                 WHERE i.status IN ('pending', 'in_progress') AND i.deadline >= least(${anchor}, ${today}) AND i.deadline <= ${upper}) i
         WHERE ${itemsWhere}
         GROUP BY ${itemDims}
      ) i${groupBy}`;
  }

  /** Figures grouped by a column of the items themselves. */
  private async byItemColumn(ctx: ReportContext, f: ReportFilterQuery, column: string): Promise<Map<string, FigureRow>> {
    const sql = new Sql();
    const rows: Record<string, unknown>[] = await this.dataSource.query(this.grouped(sql, ctx, f, [[column, 'key']]), sql.params);
    return new Map(rows.map((r) => [String(r.key), toFigureRow(r)]));
  }

  async byType(ctx: ReportContext, f: ReportFilterQuery): Promise<Map<string, FigureRow>> {
    return this.byItemColumn(ctx, f, 'i.rectification_type');
  }

  /**
   * Per source — finding, or measure for a measure's own items — (CTE `pf`, column `source_id`),
   * then rolled up by `rollup`: a SQL tail that joins `pf` and groups.
   */
  private async perFinding(
    ctx: ReportContext,
    f: ReportFilterQuery,
    columns: readonly FigureColumn[],
    rollup: (sql: Sql) => string,
  ): Promise<Record<string, unknown>[]> {
    const sql = new Sql();
    return this.dataSource.query(
      `WITH pf AS MATERIALIZED (${this.grouped(sql, ctx, f, [[sourceIdOf('i'), 'source_id']], columns)}) ${rollup(sql)}`,
      sql.params,
    );
  }

  async closure(ctx: ReportContext, f: ReportFilterQuery, groupBy: ClosureGroup): Promise<GroupedFigures[]> {
    const map = (rows: Record<string, unknown>[]): GroupedFigures[] =>
      rows.map((r) => ({
        key: (r.key as string | null) ?? null,
        label: typeof r.label === 'string' ? r.label : '',
        sort: (r.sort as string | number | null) ?? null,
        figures: toFigureRow(r),
      }));
    /** Levels a finding (not an item) belongs to: per-finding figures, rolled up by `rollup`. */
    const byFinding = async (rollup: string) => map(await this.perFinding(ctx, f, CLOSURE_COLUMNS, () => rollup));
    switch (groupBy) {
      case 'unit': {
        const sql = new Sql();
        const rows = await this.dataSource.query(
          `SELECT u.id AS key, u.name AS label, u.code AS sort, g.* FROM (
             ${this.grouped(sql, ctx, f, [['i.responsible_unit_id', 'unit_id']], CLOSURE_COLUMNS)}
           ) g JOIN units u ON u.id = g.unit_id ORDER BY u.code`,
          sql.params,
        );
        return map(rows);
      }
      case 'type': {
        const sql = new Sql();
        const rows = await this.dataSource.query(
          `${this.grouped(sql, ctx, f, [['i.rectification_type', 'key']], CLOSURE_COLUMNS)} ORDER BY array_position(ARRAY['immediate', 'time_limited', 'long_term']::varchar[], i.rectification_type)`,
          sql.params,
        );
        return map(rows);
      }
      case 'month': {
        const sql = new Sql();
        const rows = await this.dataSource.query(
          `${this.grouped(sql, ctx, f, [[`to_char(i.deadline_month, 'YYYY-MM')`, 'key']], CLOSURE_COLUMNS, true)} ORDER BY 1`,
          sql.params,
        );
        return map(rows);
      }
      case 'batch':
        return byFinding(`SELECT b.id AS key, b.number AS sort, ins.title AS label, ${figuresRollup('pf', CLOSURE_COLUMNS)}
                     FROM pf LEFT JOIN findings f ON f.id = pf.source_id
                     LEFT JOIN inspection_batches b ON b.id = f.batch_id
                     LEFT JOIN inspections ins ON ins.id = b.inspection_id
                    GROUP BY b.id, b.number, ins.title ORDER BY ins.title NULLS LAST, b.number NULLS LAST`);
      case 'group':
        return byFinding(`SELECT g.id AS key, g.name AS label, g.name AS sort, ${figuresRollup('pf', CLOSURE_COLUMNS)}
                     FROM pf LEFT JOIN findings f ON f.id = pf.source_id
                     LEFT JOIN inspection_groups g ON g.id = f.group_id
                    GROUP BY g.id, g.name ORDER BY g.name NULLS LAST`);
      case 'category':
        return byFinding(`SELECT f.category AS key, f.category AS label, f.category AS sort, ${figuresRollup('pf', CLOSURE_COLUMNS)}
                     FROM pf LEFT JOIN findings f ON f.id = pf.source_id GROUP BY f.category ORDER BY f.category NULLS LAST`);
      case 'measure':
        // Findings that answer no measure fall in the bucket with key null (未对应整改措施).
        return byFinding(`SELECT m.id AS key, m.number AS sort, m.content AS label, ${figuresRollup('pf', CLOSURE_COLUMNS)}
                     FROM pf LEFT JOIN ${SOURCE_MEASURES} sm ON sm.source_id = pf.source_id
                     LEFT JOIN measures m ON m.id = sm.measure_id
                    GROUP BY m.id ORDER BY m.plan_id NULLS LAST, m.number`);
      case 'feedbackProblem':
        return byFinding(`SELECT p.id AS key, p.code AS sort, p.description AS label, ${figuresRollup('pf', CLOSURE_COLUMNS)}
                     FROM pf LEFT JOIN (SELECT DISTINCT sm.source_id, mfp.feedback_problem_id
                                     FROM ${SOURCE_MEASURES} sm JOIN measure_feedback_problems mfp ON mfp.measure_id = sm.measure_id) fp
                       ON fp.source_id = pf.source_id
                     LEFT JOIN feedback_problems p ON p.id = fp.feedback_problem_id
                    GROUP BY p.id ORDER BY p.inspection_id NULLS LAST, p.sort_order, p.code`);
    }
  }

  /**
   * Coverage of plans: every measure (also those with no item), every feedback problem and every
   * higher-level inspection, each with the figures of the items under it (an item counts once
   * per measure, once per problem, once per inspection). One scan of the items for all three levels.
   */
  async coverage(
    ctx: ReportContext,
    f: ReportFilterQuery,
    planId: string | undefined,
    /** The inspections the caller may read (InspectionsService.visibleIds): plans, measures and problems of others stay out. */
    visible: 'all' | string[],
    levels: 'measures' | 'all' = 'all',
  ): Promise<{
    measures: Record<string, unknown>[];
    problems: Record<string, unknown>[];
    inspections: Record<string, unknown>[];
    unlinked: Record<string, unknown>;
  }> {
    const figures = await this.perFinding(
      ctx,
      f,
      CLOSURE_COLUMNS,
      (sql) => `, fm AS (SELECT sm.source_id, sm.measure_id, m.plan_id FROM ${SOURCE_MEASURES} sm JOIN measures m ON m.id = sm.measure_id)
             SELECT 'measure' AS kind, fm.measure_id AS id, ${figuresRollup('pf', CLOSURE_COLUMNS)}
               FROM pf JOIN fm ON fm.source_id = pf.source_id GROUP BY fm.measure_id
             UNION ALL
             SELECT 'unlinked', NULL, ${figuresRollup('pf', CLOSURE_COLUMNS)}
               FROM pf JOIN findings f ON f.id = pf.source_id
              WHERE NOT EXISTS (SELECT 1 FROM finding_measures x WHERE x.finding_id = f.id)
                ${planId ? `AND f.inspection_id IN (SELECT ri.id FROM inspections ri WHERE ri.plan_id = ${sql.add(planId)})` : ''}
             ${
               levels === 'measures'
                 ? ''
                 : `UNION ALL
             SELECT 'problem', fp.feedback_problem_id, ${figuresRollup('pf', CLOSURE_COLUMNS)}
               FROM pf JOIN (SELECT DISTINCT fm.source_id, mfp.feedback_problem_id
                               FROM fm JOIN measure_feedback_problems mfp ON mfp.measure_id = fm.measure_id) fp
                 ON fp.source_id = pf.source_id
              GROUP BY fp.feedback_problem_id
             UNION ALL
             SELECT 'inspection', x.inspection_id, ${figuresRollup('pf', CLOSURE_COLUMNS)}
               FROM pf JOIN (SELECT DISTINCT fm.source_id, pl.inspection_id FROM fm JOIN rectification_plans pl ON pl.id = fm.plan_id) x
                 ON x.source_id = pf.source_id
              GROUP BY x.inspection_id`
             }`,
    );
    const byKind = new Map<string, Map<string, Record<string, unknown>>>([
      ['measure', new Map()],
      ['problem', new Map()],
      ['inspection', new Map()],
      ['unlinked', new Map()],
    ]);
    for (const r of figures) byKind.get(r.kind as string)!.set(r.id as string, r);
    const unlinked = await this.unlinkedFindings(ctx, planId, byKind.get('unlinked')!.get(null as unknown as string) ?? {});
    const merge = (kind: string, rows: Record<string, unknown>[]) => rows.map((r) => ({ ...byKind.get(kind)!.get(r.id as string), ...r }));
    const params: unknown[] = planId ? [planId] : [];
    let readable = (_column: string) => 'TRUE';
    if (visible !== 'all') {
      params.push(visible);
      const at = params.length;
      readable = (column: string) => `${column} = ANY($${at}::uuid[])`;
    }
    const measures: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT m.id, m.number, m.content, m.plan_id, pl.inspection_id, m.lead_unit_id, lu.name AS lead_unit_name,
              m.signed_off_at, m.signoff_statement,
              coalesce((SELECT json_agg(json_build_object('id', p.id, 'code', p.code, 'description', p.description) ORDER BY p.sort_order, p.code)
                          FROM measure_feedback_problems mfp JOIN feedback_problems p ON p.id = mfp.feedback_problem_id
                         WHERE mfp.measure_id = m.id), '[]'::json) AS feedback_problems
         FROM measures m JOIN rectification_plans pl ON pl.id = m.plan_id
         LEFT JOIN units lu ON lu.id = m.lead_unit_id
        WHERE ${planId ? 'm.plan_id = $1' : 'TRUE'} AND ${readable('pl.inspection_id')}
        ORDER BY pl.created_at, m.plan_id, m.number`,
      params,
    );
    if (levels === 'measures') return { measures: merge('measure', measures), problems: [], inspections: [], unlinked };
    const problems: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT p.id, p.code, p.category, p.description, p.inspection_id,
              (SELECT coalesce(array_agg(m.number ORDER BY m.number), '{}') FROM measure_feedback_problems mfp JOIN measures m ON m.id = mfp.measure_id
                WHERE mfp.feedback_problem_id = p.id) AS measure_numbers
         FROM feedback_problems p
        WHERE ${planId ? 'p.inspection_id = (SELECT inspection_id FROM rectification_plans WHERE id = $1)' : 'TRUE'}
          AND ${readable('p.inspection_id')}
        ORDER BY p.inspection_id, p.sort_order, p.code`,
      params,
    );
    const inspections: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ins.id, ins.title, ins.inspecting_body, ins.feedback_date FROM inspections ins
        WHERE ins.kind = 'higher_level' AND ${planId ? 'ins.id = (SELECT inspection_id FROM rectification_plans WHERE id = $1)' : 'TRUE'}
          AND ${readable('ins.id')}
        ORDER BY ins.start_date, ins.title`,
      params,
    );
    return {
      measures: merge('measure', measures),
      problems: merge('problem', problems),
      inspections: merge('inspection', inspections),
      unlinked,
    };
  }

  /**
   * The findings in scope that answer no measure (of the plan's rounds when `planId`), counted
   * whether or not they have items yet, with the figures of their items.
   */
  private async unlinkedFindings(ctx: ReportContext, planId: string | undefined, figures: Record<string, unknown>) {
    const params: unknown[] = [];
    const scope = ScopeService.sqlClause(ctx.scope, 'f.unit_id', params);
    if (planId) params.push(planId);
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM findings f
        WHERE ${scope} AND NOT EXISTS (SELECT 1 FROM finding_measures x WHERE x.finding_id = f.id)
          ${planId ? `AND f.inspection_id IN (SELECT ri.id FROM inspections ri WHERE ri.plan_id = $${params.length})` : ''}`,
      params,
    );
    return { ...figures, findings: n };
  }

  /** Overdue items, most overdue first, a page at a time (uses the partial index on open items). */
  async overdue(
    ctx: ReportContext,
    f: ReportFilterQuery,
    page: { offset: number; limit: number },
  ): Promise<{ rows: Record<string, unknown>[]; total: number }> {
    const sql = new Sql();
    const today = `${sql.add(ctx.today)}::date`;
    const where = `${this.where(sql, ctx, f)} AND ${overdueSql(today)}`;
    const countParams = [...sql.params];
    const count = new Sql();
    const [{ n }] = ReportsRepository.rollupServes(f)
      ? await this.dataSource.query(`SELECT overdue::int AS n FROM (${this.grouped(count, ctx, f, [], ['overdue'])}) t`, count.params)
      : await this.dataSource.query(`SELECT count(*)::int AS n FROM rectification_items i WHERE ${where}`, countParams);
    const rows = await this.dataSource.query(
      `SELECT i.id, i.title, i.status, i.deadline::text AS deadline, i.original_deadline::text AS original_deadline,
              i.rectification_type, i.escalation_level, (${today} - i.deadline) AS days_overdue,
              u.id AS unit_id, u.name AS unit_name, o.id AS owner_id, o.display_name AS owner_name,
              (SELECT coalesce(array_agg(m.number ORDER BY m.number), '{}') FROM measures m
                WHERE m.id = i.measure_id OR m.id IN (SELECT fm.measure_id FROM finding_measures fm WHERE fm.finding_id = i.finding_id)) AS measure_numbers
         FROM rectification_items i
         JOIN units u ON u.id = i.responsible_unit_id
         LEFT JOIN users o ON o.id = i.owner_id
        WHERE ${where}
        ORDER BY i.deadline, i.id
        LIMIT ${sql.add(page.limit)} OFFSET ${sql.add(page.offset)}`,
      sql.params,
    );
    return { rows, total: n };
  }

  /** Today's figures per responsible unit into report_snapshots; idempotent per (day, unit). */
  async takeSnapshot(ctx: Omit<ReportContext, 'scope'>, takenAt: Date): Promise<number> {
    // Re-anchor the rollups to today first (daily): keeps the overdue correction window short.
    await this.dataSource.query(`SELECT report_rollup_rebuild($1::date)`, [ctx.today]);
    const sql = new Sql();
    const figures = this.grouped(sql, { ...ctx, scope: { all: true } }, {}, [['i.responsible_unit_id', 'unit_id']], SNAPSHOT_COLUMNS);
    const day = sql.add(ctx.today);
    const at = sql.add(takenAt);
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO report_snapshots (day, unit_id, total, closed, overdue, closed_on_time, long_term_total, long_term_closed, taken_at)
       SELECT ${day}::date, g.unit_id, g.total, g.closed, g.overdue, g.closed_on_time, g.long_term_total, g.long_term_closed, ${at}::timestamptz
         FROM (${figures}) g
       ON CONFLICT (day, unit_id) DO UPDATE SET total = EXCLUDED.total, closed = EXCLUDED.closed, overdue = EXCLUDED.overdue,
         closed_on_time = EXCLUDED.closed_on_time, long_term_total = EXCLUDED.long_term_total,
         long_term_closed = EXCLUDED.long_term_closed, taken_at = EXCLUDED.taken_at
       RETURNING 1`,
      sql.params,
    );
    // A unit whose items all disappeared keeps no stale row for today.
    await this.dataSource.query(
      `DELETE FROM report_snapshots s WHERE s.day = $1::date
          AND NOT EXISTS (SELECT 1 FROM rectification_items i WHERE i.responsible_unit_id = s.unit_id)`,
      [ctx.today],
    );
    return rows.length;
  }

  /** The last snapshot of each period, summed over the units in scope (and the unit filter's subtree). */
  async trend(
    scope: Scope,
    q: { interval: 'day' | 'week' | 'month'; unitId?: string; from?: string; to?: string },
  ): Promise<Record<string, unknown>[]> {
    const sql = new Sql();
    const parts = [ScopeService.sqlClause(scope, 's.unit_id', sql.params)];
    if (q.unitId) {
      parts.push(`s.unit_id IN ${unitSubtreeSql(sql.add(q.unitId))}`);
    }
    if (q.from) parts.push(`s.day >= ${sql.add(q.from)}::date`);
    if (q.to) parts.push(`s.day <= ${sql.add(q.to)}::date`);
    const period =
      q.interval === 'day'
        ? `to_char(d.day, 'YYYY-MM-DD')`
        : q.interval === 'week'
          ? `to_char(d.day, 'IYYY-"W"IW')`
          : `to_char(d.day, 'YYYY-MM')`;
    return this.dataSource.query(
      `WITH d AS (
         SELECT s.day, sum(s.total)::bigint AS total, sum(s.closed)::bigint AS closed, sum(s.overdue)::bigint AS overdue,
                sum(s.closed_on_time)::bigint AS closed_on_time, sum(s.long_term_total)::bigint AS long_term_total,
                sum(s.long_term_closed)::bigint AS long_term_closed
           FROM report_snapshots s WHERE ${parts.join(' AND ')} GROUP BY s.day
       )
       SELECT DISTINCT ON (${period}) ${period} AS period, d.day::text AS day, d.total, d.closed, d.overdue, d.closed_on_time,
              d.long_term_total, d.long_term_closed
         FROM d ORDER BY ${period}, d.day DESC`,
      sql.params,
    );
  }

  /**
   * The items under each measure of a plan (in the caller's scope), for the 整改情况报告: its own
   * tasks and the items of findings answering it, one row per measure and item, in measure order, then unit and deadline. `overdue` as of ctx.today;
   * `institutional` marks a 建章立制 item (see PLAN_REPORT_INSTITUTIONAL).
   */
  async planItems(ctx: ReportContext, planId: string): Promise<PlanItemRow[]> {
    const sql = new Sql();
    const plan = sql.add(planId);
    const today = sql.add(ctx.today);
    const pattern = sql.add(INSTITUTIONAL_PATTERN);
    return this.dataSource.query(
      `SELECT fm.measure_id AS "measureId", i.id, i.title, u.name AS unit, i.status, i.rectification_type AS "rectificationType",
              to_char(i.deadline, 'YYYY-MM-DD') AS deadline, to_char(i.closed_on, 'YYYY-MM-DD') AS "closedOn",
              (i.status IN ('pending', 'in_progress') AND i.deadline < ${today}::date) AS overdue,
              (i.title ~ ${pattern} OR coalesce(i.actions, '') ~ ${pattern}) AS institutional
         FROM (SELECT fm.measure_id, i.id AS item_id FROM finding_measures fm JOIN rectification_items i ON i.finding_id = fm.finding_id
               UNION SELECT i.measure_id, i.id FROM rectification_items i WHERE i.measure_id IS NOT NULL) fm
         JOIN measures m ON m.id = fm.measure_id AND m.plan_id = ${plan}
         JOIN rectification_items i ON i.id = fm.item_id
         JOIN units u ON u.id = i.responsible_unit_id
        WHERE ${ScopeService.sqlClause(ctx.scope, 'i.responsible_unit_id', sql.params)}
        ORDER BY m.number, u.code, i.deadline, i.id`,
      sql.params,
    );
  }
}

/** 建章立制: an item whose title or actions speak of rules and systems (no item type or tag says it yet). */
export const INSTITUTIONAL_PATTERN = '建章立制|(建立|健全|完善|修订|制定|出台).{0,12}(制度|办法|细则|机制)';

export interface PlanItemRow {
  measureId: string;
  id: string;
  title: string;
  unit: string;
  status: string;
  rectificationType: string;
  deadline: string;
  closedOn: string | null;
  overdue: boolean;
  institutional: boolean;
}
