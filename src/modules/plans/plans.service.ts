import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { isCalendarDate } from '../../common/dates.js';
import { badRequest, conflict, ErrorCode, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { FeedbackProblem } from '../inspections/feedback-problem.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { Measure } from './measure.entity.js';
import type { CreateMeasureDto, CreatePlanDto, ListPlansQuery } from './plans.dto.js';
import { RectificationPlan } from './rectification-plan.entity.js';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from './measure-status.js';
import { MeasuresRepository } from './measures.repository.js';
import { MeasuresService } from './measures.service.js';

const field = (name: string, message: string) => [{ field: name, messages: [message] }];

export interface MeasureView {
  id: string;
  planId: string;
  number: number;
  content: string;
  responsibleLeader: string | null;
  leadDepartment: string | null;
  cooperatingDepartments: string | null;
  deadline: string | null;
  deadlineText: string | null;
  rectificationType: string;
  immediate: boolean;
  longTerm: boolean;
  leadUnitId: string | null;
  cooperatingUnits: { id: string; name: string }[];
  feedbackProblems: { id: string; code: string; category: string; description: string }[];
  /** Findings (in the caller's scope) that serve this measure. */
  findingCount: number;
  /** Rectification items (in the caller's scope): the measure's own tasks and the items under those findings. */
  itemCount: number;
  /** Derived from every linked item and the sign-off (MeasuresService). */
  status: MeasureStatus;
  statusLabel: string;
  signedOffAt: Date | null;
  signoffStatement: string | null;
}

/**
 * The rectification plan (整改落实方案) and its numbered measures. The bureau (admin, office,
 * leadership) reads every plan. Units and inspectors read a plan only where they may read the
 * higher-level inspection it answers (InspectionsService.visibleIds, the rule of /inspections: a
 * unit through the rounds inspecting it, an inspector through its open rounds); anything else is
 * 404 like a plan that does not exist. The finding and item counts under each measure are
 * restricted to the caller's units.
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly inspections: InspectionsService,
    private readonly measures: MeasuresService,
    private readonly measureRepo: MeasuresRepository,
  ) {}

  /** The plan if the caller may read it (see the class comment); 404 otherwise. */
  private async readable(actor: Actor, id: string): Promise<RectificationPlan> {
    const plan = await this.dataSource.getRepository(RectificationPlan).findOne({ where: { id }, relations: { inspection: true } });
    if (!plan) throw notFound('整改方案');
    const visible = await this.inspections.visibleIds(actor);
    if (visible !== 'all' && !visible.includes(plan.inspectionId)) throw notFound('整改方案');
    return plan;
  }

  create(actor: Actor, dto: CreatePlanDto): Promise<RectificationPlan> {
    if (dto.issuedDate !== undefined && !isCalendarDate(dto.issuedDate))
      throw badRequest('印发日期无效', field('issuedDate', 'invalid date'));
    return this.dataSource.transaction(async (m) => {
      const inspection = await m.findOneBy(Inspection, { id: dto.inspectionId });
      if (!inspection) throw badRequest('上级巡视不存在', field('inspectionId', 'inspection not found'));
      if (inspection.kind !== 'higher_level')
        throw badRequest('整改方案须答复上级巡视', field('inspectionId', 'inspection must be higher_level'));
      const plan = await m.save(
        m.create(RectificationPlan, {
          inspectionId: dto.inspectionId,
          title: dto.title,
          documentNo: dto.documentNo || null,
          issuedDate: dto.issuedDate ?? null,
        }),
      );
      await this.audit.record(m, actor, { action: 'plan.create', entityType: 'rectification_plan', entityId: plan.id, after: plan });
      return plan;
    });
  }

  async list(actor: Actor, query: ListPlansQuery): Promise<RectificationPlan[]> {
    const visible = await this.inspections.visibleIds(actor);
    const wanted = query.inspectionId ? [query.inspectionId] : undefined;
    const inspectionIds = visible === 'all' ? wanted : (wanted ?? visible).filter((id) => visible.includes(id));
    if (inspectionIds?.length === 0) return [];
    return this.dataSource.getRepository(RectificationPlan).find({
      where: inspectionIds ? { inspectionId: In(inspectionIds) } : {},
      order: { createdAt: 'DESC' },
    });
  }

  async get(actor: Actor, id: string) {
    const plan = await this.readable(actor, id);
    const [{ count }] = await this.dataSource.query(`SELECT COUNT(*)::int AS count FROM measures WHERE plan_id = $1`, [id]);
    return { ...plan, measureCount: count as number };
  }

  addMeasure(actor: Actor, planId: string, dto: CreateMeasureDto): Promise<MeasureView> {
    if (dto.deadline !== undefined && !isCalendarDate(dto.deadline))
      throw badRequest('完成时限日期无效', field('deadline', 'invalid date'));
    return this.dataSource.transaction(async (m) => {
      const plan = await m
        .getRepository(RectificationPlan)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :planId', { planId })
        .getOne();
      if (!plan) throw notFound('整改方案');
      if (await m.existsBy(Measure, { planId, number: dto.number })) throw conflict(`整改措施第${dto.number}条已存在`, ErrorCode.Duplicate);
      const problems = await m.findBy(FeedbackProblem, { id: In(dto.feedbackProblemIds), inspectionId: plan.inspectionId });
      if (problems.length !== dto.feedbackProblemIds.length) {
        throw badRequest(
          '反馈问题不存在或不属于该方案对应的巡视',
          field('feedbackProblemIds', 'feedback problems must belong to the plan inspection'),
        );
      }
      const measure = await m.save(
        m.create(Measure, {
          planId,
          number: dto.number,
          content: dto.content,
          responsibleLeader: dto.responsibleLeader || null,
          leadDepartment: dto.leadDepartment || null,
          cooperatingDepartments: dto.cooperatingDepartments || null,
          deadline: dto.deadline ?? null,
          deadlineText: dto.deadlineText || null,
          rectificationType: dto.rectificationType,
          immediate: dto.immediate ?? dto.rectificationType === 'immediate',
        }),
      );
      await this.measures.setUnits(m, measure.id, dto.leadUnitId ?? null, dto.cooperatingUnitIds ?? []);
      measure.leadUnitId = dto.leadUnitId ?? null;
      await m
        .createQueryBuilder()
        .insert()
        .into('measure_feedback_problems', ['measure_id', 'feedback_problem_id'])
        .values(problems.map((p) => ({ measure_id: measure.id, feedback_problem_id: p.id })))
        .execute();
      const after = { ...measure, feedbackProblemIds: problems.map((p) => p.id), cooperatingUnitIds: dto.cooperatingUnitIds ?? [] };
      await this.audit.record(m, actor, { action: 'measure.create', entityType: 'measure', entityId: measure.id, after });
      const { plan: _plan, feedbackProblems: _fp, leadUnit: _lu, cooperatingUnits: _cu, ...plain } = measure;
      const units = dto.cooperatingUnitIds?.length ? await m.findBy(Unit, { id: In(dto.cooperatingUnitIds) }) : [];
      return {
        ...plain,
        longTerm: measure.rectificationType === 'long_term',
        cooperatingUnits: units.map((u) => ({ id: u.id, name: u.name })),
        feedbackProblems: problems.map((p) => ({ id: p.id, code: p.code, category: p.category, description: p.description })),
        findingCount: 0,
        itemCount: 0,
        status: 'not_started',
        statusLabel: MEASURE_STATUS_LABELS.not_started,
      };
    });
  }

  /** Measures by number with their problems and counts, in three queries whatever the plan's size. */
  async listMeasures(actor: Actor, planId: string): Promise<MeasureView[]> {
    await this.readable(actor, planId);
    const measures = await this.dataSource.getRepository(Measure).find({ where: { planId }, order: { number: 'ASC' } });
    if (measures.length === 0) return [];
    const ids = measures.map((x) => x.id);
    const links: { measure_id: string; id: string; code: string; category: string; description: string }[] = await this.dataSource.query(
      `SELECT mfp.measure_id, fp.id, fp.code, fp.category, fp.description
         FROM measure_feedback_problems mfp JOIN feedback_problems fp ON fp.id = mfp.feedback_problem_id
        WHERE mfp.measure_id = ANY($1::uuid[])
        ORDER BY fp.sort_order, fp.code`,
      [ids],
    );
    const scope = await this.scope.resolve(actor);
    const params: unknown[] = [ids];
    const findingScope = ScopeService.sqlClause(scope, 'f.unit_id', params);
    const itemScope = ScopeService.sqlClause(scope, 'i.responsible_unit_id', params);
    const counts: { measure_id: string; findings: number; items: number }[] = await this.dataSource.query(
      `SELECT x.measure_id, sum(x.findings)::int AS findings, sum(x.items)::int AS items FROM (
         SELECT fm.measure_id, COUNT(DISTINCT f.id) AS findings, COUNT(DISTINCT i.id) AS items
           FROM finding_measures fm
           JOIN findings f ON f.id = fm.finding_id AND ${findingScope}
           LEFT JOIN rectification_items i ON i.finding_id = f.id AND i.status <> 'draft' AND ${itemScope}
          WHERE fm.measure_id = ANY($1::uuid[])
          GROUP BY fm.measure_id
         UNION ALL
         SELECT i.measure_id, 0, COUNT(*) FROM rectification_items i
          WHERE i.measure_id = ANY($1::uuid[]) AND i.status <> 'draft' AND ${itemScope} GROUP BY i.measure_id
       ) x GROUP BY x.measure_id`,
      params,
    );
    const [statuses, cooperating] = await Promise.all([this.measures.statuses(measures, scope), this.measureRepo.cooperatingUnits(ids)]);
    const problemsOf = new Map<string, MeasureView['feedbackProblems']>();
    for (const l of links) {
      const list = problemsOf.get(l.measure_id) ?? [];
      list.push({ id: l.id, code: l.code, category: l.category, description: l.description });
      problemsOf.set(l.measure_id, list);
    }
    const countOf = new Map(counts.map((c) => [c.measure_id, c]));
    return measures.map(({ plan: _plan, feedbackProblems: _fp, leadUnit: _lu, cooperatingUnits: _cu, signedOffById: _by, ...measure }) => {
      const status = statuses.get(measure.id)!.status;
      // A unit learns the lead and cooperating units only where they are its own.
      const mine = (unitId: string) => ScopeService.includes(scope, unitId);
      return {
        ...measure,
        leadUnitId: measure.leadUnitId && mine(measure.leadUnitId) ? measure.leadUnitId : null,
        longTerm: measure.rectificationType === 'long_term',
        cooperatingUnits: (cooperating.get(measure.id) ?? []).filter((u) => mine(u.id)),
        feedbackProblems: problemsOf.get(measure.id) ?? [],
        findingCount: countOf.get(measure.id)?.findings ?? 0,
        itemCount: countOf.get(measure.id)?.items ?? 0,
        status,
        statusLabel: MEASURE_STATUS_LABELS[status],
      };
    });
  }
}
