import { Injectable } from '@nestjs/common';
import type { ItemStatus } from '../rectification/item-lifecycle.js';
import type { OverdueItemDto } from './reports.responses.js';
import { ConfigService } from '@nestjs/config';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { addDays, calendarDateIn } from '../../common/dates.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { MEASURE_STATUS_LABELS } from '../plans/measure-status.js';
import { MeasuresService } from '../plans/measures.service.js';
import { RECTIFICATION_TYPE_LABELS, type RectificationType } from '../plans/measure.entity.js';
import { ScopeService, type Scope } from '../scope/scope.service.js';
import { closureFigures, overviewOf, ratio, toFigureRow, type ClosureFigures, type Overview } from './report-figures.js';
import { UNLINKED_LABEL } from './item-sources.js';
import { ReportsRepository, type ReportContext } from './reports.repository.js';
import type { ClosureQuery, OverdueQuery, PlanReportQuery, ReportFilterQuery, TrendQuery } from './reports.dto.js';

export interface ClosureRow extends ClosureFigures {
  key: string | null;
  label: string;
}

const NONE_LABEL: Record<string, string> = {
  batch: '未分批次',
  group: '未分组',
  unit: '',
  category: '整改措施直接任务',
  type: '',
  month: '',
  measure: UNLINKED_LABEL,
  feedbackProblem: UNLINKED_LABEL,
};

@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly scopes: ScopeService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly inspections: InspectionsService,
    private readonly measureStates: MeasuresService,
  ) {}

  today(): string {
    return calendarDateIn(this.clock.now(), this.config.get('APP_TIMEZONE', { infer: true }));
  }

  contextFor(scope: Scope): ReportContext {
    const today = this.today();
    const warningDays = this.config.get('WARNING_DAYS', { infer: true });
    return {
      scope,
      today,
      warningDays,
      warnUntil: addDays(today, warningDays),
      timeZone: this.config.get('APP_TIMEZONE', { infer: true }),
    };
  }

  async context(actor: Actor): Promise<ReportContext> {
    return this.contextFor(await this.scopes.resolve(actor));
  }

  async overview(actor: Actor, f: ReportFilterQuery): Promise<Overview> {
    const ctx = await this.context(actor);
    return overviewOf(await this.repo.byType(ctx, f), ctx.today);
  }

  async overviewForScope(scope: Scope, f: ReportFilterQuery = {}): Promise<Overview> {
    const ctx = this.contextFor(scope);
    return overviewOf(await this.repo.byType(ctx, f), ctx.today);
  }

  async closure(actor: Actor, q: ClosureQuery): Promise<ClosureRow[]> {
    return this.closureForScope(await this.scopes.resolve(actor), q, q.groupBy);
  }

  async closureForScope(scope: Scope, f: ReportFilterQuery, groupBy: ClosureQuery['groupBy']): Promise<ClosureRow[]> {
    const rows = await this.repo.closure(this.contextFor(scope), f, groupBy);
    return rows.map((r) => {
      let label = r.label;
      if (groupBy === 'type') label = RECTIFICATION_TYPE_LABELS[r.key as RectificationType] ?? String(r.key);
      else if (groupBy === 'month' && r.key) label = `${r.key.slice(0, 4)}年${r.key.slice(5, 7)}月`;
      else if (groupBy === 'batch') label = r.key ? `${r.label ? `${r.label} ` : ''}第${r.sort}批` : NONE_LABEL.batch;
      else if (groupBy === 'group' && !r.key) label = NONE_LABEL.group;
      else if (!r.key && NONE_LABEL[groupBy]) label = NONE_LABEL[groupBy];
      else if (groupBy === 'measure') label = `第${r.sort}条 ${r.label}`;
      else if (groupBy === 'feedbackProblem') label = `${r.sort} ${r.label}`;
      return { key: r.key, label, ...closureFigures(r.figures) };
    });
  }

  async overdue(actor: Actor, q: OverdueQuery) {
    const ctx = await this.context(actor);
    const { rows, total } = await this.repo.overdue(ctx, q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return {
      // Raw SQL rows: the response contract test checks these against OverdueItemDto.
      data: rows.map((r): OverdueItemDto => ({
        id: r.id as string,
        title: r.title as string,
        status: r.status as ItemStatus,
        rectificationType: r.rectification_type as RectificationType,
        deadline: r.deadline as string,
        originalDeadline: r.original_deadline as string,
        daysOverdue: Number(r.days_overdue),
        escalationLevel: Number(r.escalation_level),
        unit: { id: r.unit_id as string, name: r.unit_name as string },
        owner: r.owner_id ? { id: r.owner_id as string, displayName: r.owner_name as string } : null,
        measureNumbers: r.measure_numbers as number[],
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
      asOf: ctx.today,
    };
  }

  /**
   * Measure rows with their status (from the linked items in the caller's scope, MeasuresService)
   * and sign-off; the figures are the caller's scope's.
   */
  private async measureRows(rows: Record<string, unknown>[], scope: Scope) {
    const states = await this.measureStates.statuses(
      rows.map((r) => ({ id: r.id as string, signedOffAt: (r.signed_off_at as Date | null) ?? null })),
      scope,
    );
    return rows.map((r) => {
      const status = states.get(r.id as string)!.status;
      const row = ReportsService.measureRow(r);
      // A unit learns the lead unit only when it is one of its own.
      const leadUnit = row.leadUnit && ScopeService.includes(scope, row.leadUnit.id) ? row.leadUnit : null;
      return { ...row, leadUnit, status, statusLabel: MEASURE_STATUS_LABELS[status] };
    });
  }

  private static measureRow(r: Record<string, unknown>) {
    const f = toFigureRow(r);
    return {
      id: r.id as string,
      planId: r.plan_id as string,
      number: Number(r.number),
      content: r.content as string,
      leadUnit: r.lead_unit_id ? { id: r.lead_unit_id as string, name: r.lead_unit_name as string } : null,
      signoff: r.signed_off_at ? { at: r.signed_off_at as Date, statement: r.signoff_statement as string } : null,
      feedbackProblems: r.feedback_problems as { id: string; code: string; description: string }[],
      total: f.total,
      closed: f.closed,
      submitted: f.submitted,
      inProgress: f.in_progress,
      pending: f.pending,
      overdue: f.overdue,
      closureRate: ratio(f.closed, f.total),
      covered: f.total > 0,
    };
  }

  async measures(actor: Actor, q: PlanReportQuery) {
    const ctx = await this.context(actor);
    const { measures } = await this.repo.coverage(ctx, q, q.planId, await this.inspections.visibleIds(actor), 'measures');
    return this.measureRows(measures, ctx.scope);
  }

  /** Measures → feedback problems → higher-level inspections, each with its items' figures. */
  async coverage(actor: Actor, q: PlanReportQuery) {
    const ctx = await this.context(actor);
    const { measures, problems, inspections, unlinked } = await this.repo.coverage(
      ctx,
      q,
      q.planId,
      await this.inspections.visibleIds(actor),
    );
    const measureRows = (await this.measureRows(measures, ctx.scope)).map((m, i) => ({
      ...m,
      inspectionId: measures[i].inspection_id as string,
    }));
    const uncovered = new Set(measureRows.filter((m) => !m.covered).map((m) => m.id));
    const problemRows = problems.map((p) => {
      const f = toFigureRow(p);
      const numbers = (p.measure_numbers as number[]) ?? [];
      const mine = measureRows.filter((m) => m.inspectionId === p.inspection_id && m.feedbackProblems.some((fp) => fp.id === p.id));
      return {
        id: p.id as string,
        inspectionId: p.inspection_id as string,
        code: p.code as string,
        category: p.category as string,
        description: p.description as string,
        measureNumbers: numbers,
        uncoveredMeasureNumbers: mine.filter((m) => uncovered.has(m.id)).map((m) => m.number),
        ...closureFigures(f),
        covered: f.total > 0,
        /** Every measure answering it is signed off (对账销号). */
        rectified: mine.length > 0 && mine.every((m) => m.status === 'signed_off'),
      };
    });
    return {
      asOf: ctx.today,
      inspections: inspections.map((ins) => {
        const f = toFigureRow(ins);
        const ms = measureRows.filter((m) => m.inspectionId === ins.id);
        return {
          id: ins.id as string,
          title: ins.title as string,
          inspectingBody: (ins.inspecting_body as string | null) ?? null,
          ...closureFigures(f),
          measureCount: ms.length,
          coveredMeasureCount: ms.filter((m) => m.covered).length,
          uncoveredMeasureNumbers: ms.filter((m) => !m.covered).map((m) => m.number),
          feedbackProblems: problemRows.filter((p) => p.inspectionId === ins.id),
        };
      }),
      measures: measureRows,
      /** Findings in scope that answer no measure (未对应整改措施): not counted in coverage above. */
      unlinked: { label: UNLINKED_LABEL, findings: Number(unlinked.findings ?? 0), ...closureFigures(toFigureRow(unlinked)) },
    };
  }

  async trend(actor: Actor, q: TrendQuery) {
    const scope = await this.scopes.resolve(actor);
    const rows = await this.repo.trend(scope, q);
    return rows.map((r) => {
      const n = (k: string) => Number(r[k] ?? 0);
      return {
        period: r.period as string,
        day: r.day as string,
        total: n('total'),
        closed: n('closed'),
        overdue: n('overdue'),
        closureRate: ratio(n('closed'), n('total')),
        onTimeRate: ratio(n('closed_on_time'), n('closed')),
        longTerm: {
          total: n('long_term_total'),
          closed: n('long_term_closed'),
          closureRate: ratio(n('long_term_closed'), n('long_term_total')),
        },
      };
    });
  }

  /** The daily snapshot (all units); safe to run any number of times a day. */
  async takeSnapshot(): Promise<{ day: string; units: number }> {
    const ctx = this.contextFor({ all: true });
    const units = await this.repo.takeSnapshot(ctx, this.clock.now());
    return { day: ctx.today, units };
  }
}
