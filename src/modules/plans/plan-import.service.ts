import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { UploadedSheet } from './import/uploaded-file.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { ErrorCode, notFound } from '../../common/errors.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { FeedbackProblem } from '../inspections/feedback-problem.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { parsePlanSheet, type ParsedMeasure, type ParsedProblem, type PlanSheetResult } from './import/plan-sheet.parser.js';
import type { ImportProblem } from './import/sheet.js';
import { importLimitsFrom } from './import/limits.js';
import { importFailed, listedWarnings, problemList, readUploadedSheets } from './import/upload.js';
import { Measure } from './measure.entity.js';
import { RectificationPlan } from './rectification-plan.entity.js';

/** 各处室, 相关部门…: every department, not one unit to match. */
const COLLECTIVE_DEPARTMENTS = /^(各|相关|有关)(处室|部门|单位|科室)$/;

export interface PlanImportResult {
  dryRun: boolean;
  /** Fed-back problems in the sheet. */
  feedbackProblems: number;
  /** Of those, how many were new (the others already existed on the inspection and were reused). */
  createdFeedbackProblems: number;
  measures: number;
  /** The first 100 warnings; `warningCount` is how many there were. */
  warnings: ImportProblem[];
  warningCount: number;
  /** On a dry run only: what would be imported, for a page to show before the import. */
  preview?: PlanImportPreview;
}

/**
 * The parsed plan as a page shows it before importing: each problem (and whether it is new to the
 * inspection) and each measure with its deadline, type and the problems it answers. A measure
 * written `立行立改，长期坚持` has type `long_term` and `immediate: true`.
 */
export interface PlanImportPreview {
  feedbackProblems: (ParsedProblem & { exists: boolean })[];
  measures: (Omit<ParsedMeasure, 'problemCode' | 'relatedCodes'> & {
    problemCodes: string[];
    /** The unit the 牵头部门 text names (by name or alias), null when none matches (a warning says so). */
    leadUnitId: string | null;
    cooperatingUnitIds: string[];
  })[];
}

/**
 * Imports a plan sheet: everything is parsed and checked first (pure parser), then written in one
 * transaction. Re-importing measure numbers the plan already has is refused with 409: a plan is
 * issued once; corrections go through the measure API, not a silent overwrite. Problems the
 * inspection already has (same code) are reused.
 */
@Injectable()
export class PlanImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async import(actor: Actor, planId: string, file: UploadedSheet | undefined, dryRun: boolean): Promise<PlanImportResult> {
    const plan = await this.dataSource.getRepository(RectificationPlan).findOneBy({ id: planId });
    if (!plan) throw notFound('整改方案');
    const inspection = await this.dataSource.getRepository(Inspection).findOneByOrFail({ id: plan.inspectionId });
    const { sheets, warnings: readWarnings } = readUploadedSheets(file, importLimitsFrom(this.config));
    const existingProblems = await this.dataSource.getRepository(FeedbackProblem).findBy({ inspectionId: inspection.id });
    const yearSource = plan.issuedDate ?? inspection.feedbackDate ?? inspection.endDate;
    const options = {
      defaultYear: yearSource ? Number(yearSource.slice(0, 4)) : null,
      immediateDate: plan.issuedDate,
      referenceDate: plan.issuedDate,
      knownCodes: existingProblems.map((p) => p.code),
    };
    // The first worksheet that carries the plan's header is the plan.
    let parsed: PlanSheetResult | null = null;
    for await (const rows of sheets) {
      const result = parsePlanSheet(rows, options);
      if (!parsed || !(result.errors.length === 1 && result.errors[0].message.startsWith('未找到表头'))) parsed = result;
      if (!(result.errors.length === 1 && result.errors[0].message.startsWith('未找到表头'))) break;
    }
    if (!parsed) throw importFailed([{ row: 0, column: '', message: '文件中没有工作表' }]);
    if (parsed.errors.length) throw importFailed(parsed.errors);
    const sheet = parsed;

    const warnings = [...readWarnings, ...sheet.warnings];
    const unitsOf = await this.matchUnits(sheet.measures, warnings);
    const existingByCode = new Map(existingProblems.map((p) => [p.code, p]));
    for (const p of sheet.problems) {
      const known = existingByCode.get(p.code);
      if (known && known.description !== p.description) {
        warnings.push({ row: p.row, column: '反馈问题', message: `问题${p.code}已存在，沿用已登记的描述` });
      }
    }
    const result = (): PlanImportResult => ({
      dryRun,
      feedbackProblems: sheet.problems.length,
      createdFeedbackProblems: sheet.problems.filter((p) => !existingByCode.has(p.code)).length,
      measures: sheet.measures.length,
      ...listedWarnings(warnings),
    });
    const assertNoDuplicates = (numbers: number[]) => {
      if (numbers.length === 0) return;
      const taken = new Set(numbers);
      const rows = sheet.measures.filter((x) => taken.has(x.number));
      throw problemList(
        ErrorCode.Duplicate,
        `方案中已有第${numbers.slice(0, 10).join('、')}${numbers.length > 10 ? '等' : ''}条整改措施，未导入任何内容（重复导入请先核对方案）`,
        rows.map((x) => ({ row: x.row, column: '序号', message: `整改措施第${x.number}条已存在` })),
      );
    };
    const numbers = sheet.measures.map((x) => x.number);
    const clash = async (m = this.dataSource.manager) =>
      (await m.findBy(Measure, { planId, number: In(numbers) })).map((x) => x.number).sort((a, b) => a - b);

    if (dryRun) {
      assertNoDuplicates(await clash());
      return {
        ...result(),
        preview: {
          feedbackProblems: sheet.problems.map((p) => ({ ...p, exists: existingByCode.has(p.code) })),
          measures: sheet.measures.map(({ problemCode, relatedCodes, ...x }) => ({
            ...x,
            problemCodes: [problemCode, ...relatedCodes],
            leadUnitId: unitsOf.get(x.number)?.lead ?? null,
            cooperatingUnitIds: unitsOf.get(x.number)?.cooperating ?? [],
          })),
        },
      };
    }

    return this.dataSource.transaction(async (m) => {
      // One import at a time per plan; the clash check below then sees every committed measure.
      await m
        .getRepository(RectificationPlan)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :planId', { planId })
        .getOne();
      await m
        .getRepository(Inspection)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.id = :id', { id: inspection.id })
        .getOne();
      assertNoDuplicates(await clash(m));

      const problemId = new Map<string, string>();
      for (const p of await m.findBy(FeedbackProblem, { inspectionId: inspection.id })) problemId.set(p.code, p.id);
      const [{ max }] = await m.query(`SELECT COALESCE(MAX(sort_order), 0)::int AS max FROM feedback_problems WHERE inspection_id = $1`, [
        inspection.id,
      ]);
      let sort = Number(max);
      const newProblems = sheet.problems.filter((p) => !problemId.has(p.code));
      for (const p of newProblems) {
        const problem = await m.save(
          m.create(FeedbackProblem, {
            inspectionId: inspection.id,
            code: p.code,
            category: p.category,
            description: p.description,
            sortOrder: ++sort,
          }),
        );
        problemId.set(p.code, problem.id);
        await this.audit.record(m, actor, {
          action: 'feedback_problem.import',
          entityType: 'feedback_problem',
          entityId: problem.id,
          after: problem,
        });
      }
      for (const x of sheet.measures) {
        const measure = await m.save(
          m.create(Measure, {
            planId,
            number: x.number,
            content: x.content,
            responsibleLeader: x.responsibleLeader,
            leadDepartment: x.leadDepartment,
            cooperatingDepartments: x.cooperatingDepartments,
            deadline: x.deadline,
            deadlineText: x.deadlineText,
            rectificationType: x.rectificationType,
            immediate: x.immediate,
            leadUnitId: unitsOf.get(x.number)?.lead ?? null,
          }),
        );
        const cooperatingUnitIds = unitsOf.get(x.number)?.cooperating ?? [];
        if (cooperatingUnitIds.length) {
          await m.query(`INSERT INTO measure_cooperating_units (measure_id, unit_id) SELECT $1, unnest($2::uuid[])`, [
            measure.id,
            cooperatingUnitIds,
          ]);
        }
        const problemIds = [x.problemCode, ...x.relatedCodes].map((code) => problemId.get(code)!);
        await m
          .createQueryBuilder()
          .insert()
          .into('measure_feedback_problems', ['measure_id', 'feedback_problem_id'])
          .values(problemIds.map((id) => ({ measure_id: measure.id, feedback_problem_id: id })))
          .execute();
        const { plan: _p, feedbackProblems: _f, ...after } = measure;
        await this.audit.record(m, actor, {
          action: 'measure.import',
          entityType: 'measure',
          entityId: measure.id,
          after: { ...after, feedbackProblemIds: problemIds, cooperatingUnitIds },
        });
      }
      const summary = result();
      await this.audit.record(m, actor, {
        action: 'plan.import',
        entityType: 'rectification_plan',
        entityId: planId,
        after: { fileName: file?.originalname ?? null, ...summary, warnings: summary.warningCount },
      });
      return summary;
    });
  }

  /**
   * The 牵头部门 and 配合部门 texts matched to units by name or alias (exact, after trimming);
   * several departments in one cell are split at 、，,；; and spaces; 各处室 and the like name no one
   * unit and are skipped. A text no unit answers to is
   * a warning (the measure keeps the text and gets no unit), never an error.
   */
  private async matchUnits(
    measures: ParsedMeasure[],
    warnings: ImportProblem[],
  ): Promise<Map<number, { lead: string | null; cooperating: string[] }>> {
    const units: { id: string; name: string; aliases: string[] }[] = await this.dataSource.query(`SELECT id, name, aliases FROM units`);
    const byName = new Map<string, string>();
    for (const u of units) for (const n of [u.name, ...u.aliases]) if (!byName.has(n.trim())) byName.set(n.trim(), u.id);
    const split = (text: string | null) =>
      (text ?? '')
        .split(/[、，,；;\s]+/)
        .map((t) => t.trim())
        .filter((t) => t && !COLLECTIVE_DEPARTMENTS.test(t));
    const out = new Map<number, { lead: string | null; cooperating: string[] }>();
    for (const x of measures) {
      const unknown: string[] = [];
      const leads = split(x.leadDepartment);
      const lead = leads.length ? (byName.get(leads[0]) ?? null) : null;
      for (const t of leads) if (!byName.has(t)) unknown.push(t);
      if (leads.length > 1) {
        warnings.push({ row: x.row, column: '牵头部门', message: `第${x.number}条措施有多个牵头部门，以“${leads[0]}”为牵头单位` });
      }
      const cooperating = [
        ...new Set([...leads.slice(1), ...split(x.cooperatingDepartments)].map((t) => byName.get(t)).filter((id): id is string => !!id)),
      ];
      for (const t of split(x.cooperatingDepartments)) if (!byName.has(t)) unknown.push(t);
      if (unknown.length) {
        warnings.push({
          row: x.row,
          column: '牵头部门',
          message: `第${x.number}条措施的部门“${unknown.join('、')}”未匹配到单位（可在单位别名中补充后修改措施）`,
        });
      }
      out.set(x.number, { lead, cooperating: cooperating.filter((id) => id !== lead) });
    }
    return out;
  }
}
