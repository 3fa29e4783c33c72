import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { DOCUMENT_ISSUERS } from '../../common/labels.js';
import { boundedRows, chineseDate, renderDocx, type DocumentBlock } from '../documents/official-document.js';
import type { ReconciliationMeasureDto } from '../plans/measures.dto.js';
import { MeasuresService } from '../plans/measures.service.js';
import { PlansService, type MeasureView } from '../plans/plans.service.js';
import { ITEM_STATUS_LABELS, type ItemStatus } from '../rectification/item-lifecycle.js';
import { ReportsRepository, type PlanItemRow } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

type Coverage = Awaited<ReturnType<ReportsService['coverage']>>;
type CoverageMeasure = Coverage['measures'][number];

/** A measure's state in the report, from its items. */
export function measureProgress(m: Pick<CoverageMeasure, 'total' | 'closed'>): string {
  if (m.total === 0) return '尚无整改事项';
  if (m.closed === m.total) return '整改事项已全部销号';
  return '正在推进';
}

/** The figures at the head of the 整改情况报告 (the API's coverage figures for the plan's inspection). */
export interface PlanReportFigures {
  asOf: string;
  measureCount: number;
  coveredMeasureCount: number;
  total: number;
  closed: number;
  closureRate: number | null;
  overdue: number;
  institutional: { total: number; closed: number };
}

/**
 * 整改情况报告 to the higher level (GET /plans/:id/report.docx): for each feedback problem, the
 * measures that answer it, each with its progress and its items (unit, deadline, state, closed
 * on); ahead of it the figures — closure rate, overdue, 建章立制 items — in the 公文 layout, addressed
 * to the inspecting body. Its figures are those of GET /reports/coverage?planId= for the same caller.
 */
@Injectable()
export class PlanReportService {
  constructor(
    private readonly plans: PlansService,
    private readonly reports: ReportsService,
    private readonly repo: ReportsRepository,
    private readonly measures: MeasuresService,
  ) {}

  async build(actor: Actor, planId: string): Promise<{ name: string; bytes: Buffer; figures: PlanReportFigures }> {
    const plan = await this.plans.get(actor, planId); // 404 outside the caller's plans
    const coverage = await this.reports.coverage(actor, { planId });
    const items = await this.repo.planItems(await this.reports.context(actor), planId);
    const details = new Map((await this.plans.listMeasures(actor, planId)).map((m) => [m.id, m]));
    const reconciliation = await this.measures.reconciliation(planId, actor);
    const signoffs = new Map(reconciliation.feedbackProblems.flatMap((p) => p.measures).map((m) => [m.id, m]));
    const inspection = coverage.inspections.find((i) => i.id === plan.inspectionId);
    const unique = [...new Map(items.map((i) => [i.id, i])).values()];
    const institutional = unique.filter((i) => i.institutional);
    const figures: PlanReportFigures = {
      asOf: coverage.asOf,
      measureCount: coverage.measures.length,
      coveredMeasureCount: coverage.measures.filter((m) => m.covered).length,
      total: inspection?.total ?? 0,
      closed: inspection?.closed ?? 0,
      closureRate: inspection?.closureRate ?? null,
      overdue: inspection?.overdue ?? 0,
      institutional: { total: institutional.length, closed: institutional.filter((i) => i.status === 'closed').length },
    };
    const body = plan.inspection?.inspectingBody ?? plan.inspection?.title ?? '上级巡视组';
    const bytes = await renderDocx({
      documentNumber: null,
      year: Number(figures.asOf.slice(0, 4)),
      title: `关于${body}反馈意见整改落实情况的报告`,
      addressee: body,
      blocks: PlanReportService.blocks(plan, coverage, details, signoffs, items, figures, body),
      issuer: DOCUMENT_ISSUERS.bureau,
      date: figures.asOf,
    });
    return { name: `整改情况报告-${plan.title}`, bytes, figures };
  }

  private static blocks(
    plan: { title: string; documentNo: string | null },
    coverage: Coverage,
    details: Map<string, MeasureView>,
    signoffs: Map<string, ReconciliationMeasureDto>,
    items: PlanItemRow[],
    f: PlanReportFigures,
    body: string,
  ): DocumentBlock[] {
    const open = f.total - f.closed;
    const blocks: DocumentBlock[] = [
      {
        kind: 'paragraph',
        text:
          `根据${body}反馈意见，我局制定了《${plan.title}》${plan.documentNo ? `（${plan.documentNo}）` : ''}，` +
          `明确整改措施${f.measureCount}条，逐条明确牵头部门、责任领导和完成时限。现将截至${chineseDate(f.asOf)}的整改落实情况报告如下。`,
      },
      { kind: 'heading', level: 1, text: '整改工作总体情况' },
      {
        kind: 'paragraph',
        text:
          `${f.measureCount}条整改措施中，已有整改事项落实的${f.coveredMeasureCount}条。整改事项共${f.total}项，已销号${f.closed}项，` +
          `销号率${pct(f.closureRate)}；尚未销号${open}项，其中逾期${f.overdue}项。` +
          `建章立制类事项${f.institutional.total}项，已完成${f.institutional.closed}项。`,
      },
      {
        kind: 'table',
        headers: ['整改措施（条）', '已落实事项的措施（条）', '整改事项（项）', '已销号（项）', '销号率', '逾期（项）', '建章立制（项）'],
        rows: [
          [
            f.measureCount,
            f.coveredMeasureCount,
            f.total,
            f.closed,
            pct(f.closureRate),
            f.overdue,
            `${f.institutional.total}（已完成${f.institutional.closed}）`,
          ],
        ],
      },
      { kind: 'heading', level: 1, text: '反馈问题逐项整改情况' },
    ];
    const byMeasure = new Map<string, PlanItemRow[]>();
    for (const i of items) byMeasure.set(i.measureId, [...(byMeasure.get(i.measureId) ?? []), i]);
    const problems = coverage.inspections.flatMap((i) => i.feedbackProblems);
    for (const p of problems) {
      blocks.push({ kind: 'heading', level: 2, text: `关于“${p.description}”问题（${p.code}）` });
      blocks.push({
        kind: 'paragraph',
        text: `对应整改措施${p.measureNumbers.length}条，整改事项${p.total}项，已销号${p.closed}项，销号率${pct(p.closureRate)}，逾期${p.overdue}项。`,
      });
      for (const m of coverage.measures.filter((x) => x.feedbackProblems.some((fp) => fp.id === p.id))) {
        blocks.push({ kind: 'heading', level: 3, text: `第${m.number}条：${m.content}` });
        const d = details.get(m.id);
        const who = [
          d?.leadDepartment ? `牵头部门：${d.leadDepartment}` : '',
          d?.responsibleLeader ? `责任领导：${d.responsibleLeader}` : '',
          d?.deadlineText ? `完成时限：${d.deadlineText}` : d?.deadline ? `完成时限：${chineseDate(d.deadline)}` : '',
        ].filter(Boolean);
        blocks.push({
          kind: 'paragraph',
          text:
            (who.length ? `${who.join('；')}。` : '') +
            `进展：${measureProgress(m)}（${signoffs.get(m.id)?.statusLabel ?? '—'}）。整改事项${m.total}项，已销号${m.closed}项，未销号${m.total - m.closed}项，逾期${m.overdue}项。` +
            (signoffs.get(m.id)?.signoff ? `\n对账销号意见：${signoffs.get(m.id)!.signoff!.statement}` : ''),
        });
        const mine = byMeasure.get(m.id) ?? [];
        if (mine.length === 0) continue;
        blocks.push({
          kind: 'table',
          headers: ['责任单位', '整改事项', '整改时限', '状态', '销号日期'],
          widths: [20, 40, 14, 12, 14],
          ...boundedRows(
            mine.map((i) => [
              i.unit,
              i.title,
              i.deadline,
              `${ITEM_STATUS_LABELS[i.status as ItemStatus] ?? i.status}${i.overdue ? '（逾期）' : ''}`,
              i.closedOn ?? '',
            ]),
          ),
        });
      }
    }
    blocks.push({ kind: 'heading', level: 1, text: '下一步工作打算' });
    blocks.push({
      kind: 'paragraph',
      text:
        open > 0
          ? `对尚未销号的${open}项整改事项（其中逾期${f.overdue}项），继续实行清单管理、挂账督办，逐项明确时限，完成一项、销号一项；` +
            `对已完成的事项适时开展“回头看”，防止问题反弹，确保整改取得实效。`
          : '整改事项已全部销号。我们将持续巩固整改成果，适时开展“回头看”，防止问题反弹，推动建章立制长效落实。',
    });
    return blocks;
  }
}
