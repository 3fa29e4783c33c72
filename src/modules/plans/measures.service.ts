import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { calendarDateIn, isCalendarDate } from '../../common/dates.js';
import { badRequest, conflict, DomainException, ErrorCode, notFound } from '../../common/errors.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { AuditService } from '../audit/audit.service.js';
import { FeedbackProblem } from '../inspections/feedback-problem.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import type { Scope } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { Measure } from './measure.entity.js';
import { MEASURE_STATUS_LABELS, MEASURE_STATUSES, measureStatus, type LinkedItemCounts, type MeasureStatus } from './measure-status.js';
import type {
  MeasureResponseDto,
  ReconciliationMeasureDto,
  ReconciliationResponseDto,
  ReopenMeasureDto,
  SignoffMeasureDto,
  UpdateMeasureDto,
} from './measures.dto.js';
import { MeasuresRepository, type ReconciliationMeasureRow } from './measures.repository.js';
import { RectificationPlan } from './rectification-plan.entity.js';

const field = (name: string, message: string) => [{ field: name, messages: [message] }];
/** Roles that read the 对账 list; anyone else gets 404 as for a plan they may not read. */
const RECONCILIATION_READERS = new Set(['office', 'leadership', 'admin']);

const itemsView = (c: LinkedItemCounts) => ({ total: c.total, closed: c.closed, open: c.total - c.closed, overdue: c.overdue });

/**
 * The plan's measures as work (issue 12): who leads them, their derived status, and the office's
 * 对账销号 — a measure is signed off only when every item linked to it is closed (its own tasks and
 * the items of the findings that answer it); reopening undoes it. A feedback problem is rectified
 * when all its measures are signed off. Counts behind a status cover every linked item, whatever
 * the caller's scope: they describe the measure, and only the office and leadership see figures.
 */
@Injectable()
export class MeasuresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: MeasuresRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly decisions: DecisionNoticesService,
  ) {}

  /**
   * The measure's lead and cooperating units are told of its 对账销号 and of its undoing (their
   * managers, through the ledger, in the decision's transaction), each in its own part.
   */
  private async tellUnits(m: EntityManager, actor: Actor, measure: Measure, signedOff: boolean, text: string): Promise<string[]> {
    const cooperating = (await this.repo.cooperatingUnits([measure.id], m)).get(measure.id)?.map((u) => u.id) ?? [];
    const parts: [string, 'lead' | 'coop'][] = [
      ...(measure.leadUnitId ? [[measure.leadUnitId, 'lead'] as [string, 'lead']] : []),
      ...cooperating.filter((u) => u !== measure.leadUnitId).map((u) => [u, 'coop'] as [string, 'coop']),
    ];
    const out: string[] = [];
    for (const [unitId, part] of parts) {
      const role = part === 'lead' ? '牵头' : '配合';
      out.push(
        ...(await this.decisions.recordForUnit(m, actor, {
          unitId,
          // Unique per decision and unit (a sign-off, its undoing and a new one may share a clock tick).
          key: `measure:${measure.id}:${signedOff ? 'signoff' : 'reopen'}:${randomUUID()}`,
          title: signedOff ? `整改措施第${measure.number}条已对账销号` : `整改措施第${measure.number}条对账销号已撤销`,
          body: signedOff
            ? `巡察办已对本单位${role}的整改措施第${measure.number}条对账销号。销号说明：${text}`
            : `巡察办撤销了本单位${role}的整改措施第${measure.number}条的对账销号，请继续落实。撤销理由：${text}`,
        })),
      );
    }
    return out;
  }

  /**
   * A PATCH that changes who leads or cooperates on a measure, or its deadline, tells each unit
   * concerned (its managers, in the change's transaction, kind decision) of its own part only: a
   * unit added, removed or switched between lead and cooperating learns its new part (and the
   * deadline); a unit that keeps its part learns a new deadline. One message per unit; other units
   * are never named.
   */
  private async tellUnitChanges(
    m: EntityManager,
    actor: Actor,
    before: Measure,
    cooperatingBefore: string[],
    leadAfter: string | null,
    cooperatingAfter: string[],
    deadlineAfter: string | null,
  ): Promise<string[]> {
    const partOf = (lead: string | null, cooperating: string[]) => (unitId: string) =>
      unitId === lead ? 'lead' : cooperating.includes(unitId) ? 'coop' : null;
    const [was, is] = [partOf(before.leadUnitId, cooperatingBefore), partOf(leadAfter, cooperatingAfter)];
    const units = [...new Set([before.leadUnitId, ...cooperatingBefore, leadAfter, ...cooperatingAfter])].filter((u): u is string => !!u);
    const n = before.number;
    const deadlineChanged = deadlineAfter !== before.deadline;
    const oldDeadline = before.deadlineText ?? before.deadline ?? '未设定';
    const newDeadline = deadlineChanged ? (deadlineAfter ?? '未设定') : oldDeadline;
    const excerpt = before.content.length > 60 ? `${before.content.slice(0, 60)}…` : before.content;
    const out: string[] = [];
    for (const unitId of units) {
      const [from, to] = [was(unitId), is(unitId)];
      let title: string;
      let body: string;
      if (from !== to) {
        title = `整改措施第${n}条${(to ?? from) === 'lead' ? '牵头' : '配合'}单位调整`;
        if (to === 'lead') {
          body = `${from === 'coop' ? '本单位由配合单位调整为' : '本单位已被确定为'}整改措施第${n}条（${excerpt}）的牵头单位，完成时限：${newDeadline}，请抓好落实。`;
        } else if (to === 'coop') {
          body = `${from === 'lead' ? '本单位不再牵头、调整为' : '本单位已被确定为'}整改措施第${n}条（${excerpt}）的配合单位，完成时限：${newDeadline}，请抓好落实。`;
        } else {
          body = `本单位不再${from === 'lead' ? '牵头' : '配合'}整改措施第${n}条（${excerpt}）。`;
          title = `整改措施第${n}条${from === 'lead' ? '牵头' : '配合'}单位调整`;
        }
      } else if (to && deadlineChanged) {
        title = `整改措施第${n}条完成时限调整`;
        body = `本单位${to === 'lead' ? '牵头' : '配合'}的整改措施第${n}条（${excerpt}）完成时限已由“${oldDeadline}”调整为“${newDeadline}”。`;
      } else {
        continue;
      }
      out.push(
        ...(await this.decisions.recordForUnit(m, actor, { unitId, key: `measure-units:${before.id}:${randomUUID()}`, title, body })),
      );
    }
    return out;
  }

  today(): string {
    return calendarDateIn(this.clock.now(), this.config.get('APP_TIMEZONE', { infer: true }));
  }

  /**
   * Status and linked-item counts of measures (for every list of measures). For a unit caller
   * (`scope` restricted) only the items in its scope count: a measure's status must not tell a unit
   * how other units' items stand. The sign-off is the bureau's, shown to all.
   */
  async statuses(
    measures: Pick<Measure, 'id' | 'signedOffAt'>[],
    scope: Scope = { all: true },
  ): Promise<Map<string, { status: MeasureStatus; counts: LinkedItemCounts }>> {
    const counts = await this.repo.linkedItemCounts(
      measures.map((x) => x.id),
      this.today(),
      undefined,
      scope,
    );
    return new Map(
      measures.map((x) => {
        const c = this.repo.countsOf(counts, x.id);
        return [x.id, { status: measureStatus(c, x.signedOffAt !== null), counts: c }];
      }),
    );
  }

  /** Units given for a measure must exist (the lead and the cooperating ones). */
  private async assertUnits(m: EntityManager, ids: string[], name: string): Promise<void> {
    if (ids.length === 0) return;
    const found = await m.countBy(Unit, { id: In(ids) });
    if (found !== new Set(ids).size) throw badRequest('单位不存在', field(name, 'unit not found'));
  }

  /** Set the lead unit and cooperating units (replacing them) within the measure's transaction. */
  async setUnits(
    m: EntityManager,
    measureId: string,
    leadUnitId: string | null | undefined,
    cooperating: string[] | undefined,
  ): Promise<void> {
    if (leadUnitId) await this.assertUnits(m, [leadUnitId], 'leadUnitId');
    if (leadUnitId !== undefined) await m.update(Measure, { id: measureId }, { leadUnitId });
    if (cooperating === undefined) return;
    await this.assertUnits(m, cooperating, 'cooperatingUnitIds');
    await m.query(`DELETE FROM measure_cooperating_units WHERE measure_id = $1`, [measureId]);
    if (cooperating.length) {
      await m.query(`INSERT INTO measure_cooperating_units (measure_id, unit_id) SELECT $1, unnest($2::uuid[])`, [measureId, cooperating]);
    }
  }

  async update(actor: Actor, id: string, dto: UpdateMeasureDto): Promise<MeasureResponseDto> {
    if (Object.keys(dto).length === 0) throw badRequest('没有要修改的内容', field('body', '至少提供一个可修改字段'));
    if (typeof dto.deadline === 'string' && !isCalendarDate(dto.deadline))
      throw badRequest('完成时限日期无效', field('deadline', 'invalid date'));
    const notices = await this.dataSource.transaction(async (m) => {
      const before = await this.locked(m, id);
      const cooperatingBefore = (await this.repo.cooperatingUnits([id], m)).get(id)?.map((u) => u.id) ?? [];
      const changes: Partial<Measure> = {};
      if (dto.responsibleLeader !== undefined) changes.responsibleLeader = dto.responsibleLeader || null;
      if (dto.deadline !== undefined) changes.deadline = dto.deadline;
      // A new deadline replaces the plan's wording (年底前, 2026年6月底前…) everywhere it was shown: the
      // board, the lists, the Word report. The wording stays on record in this audit entry's before.
      if (dto.deadline !== undefined && dto.deadline !== before.deadline) changes.deadlineText = null;
      if (dto.rectificationType !== undefined) changes.rectificationType = dto.rectificationType;
      if (dto.immediate !== undefined) changes.immediate = dto.immediate;
      if (Object.keys(changes).length) await m.update(Measure, { id }, changes);
      await this.setUnits(m, id, dto.leadUnitId, dto.cooperatingUnitIds);
      await this.audit.record(m, actor, {
        action: 'measure.update',
        entityType: 'measure',
        entityId: id,
        before: { ...pick(before, Object.keys(changes)), leadUnitId: before.leadUnitId, cooperatingUnitIds: cooperatingBefore },
        after: {
          ...changes,
          leadUnitId: dto.leadUnitId ?? before.leadUnitId,
          cooperatingUnitIds: dto.cooperatingUnitIds ?? cooperatingBefore,
        },
      });
      return this.tellUnitChanges(
        m,
        actor,
        before,
        cooperatingBefore,
        dto.leadUnitId === undefined ? before.leadUnitId : dto.leadUnitId,
        dto.cooperatingUnitIds ?? cooperatingBefore,
        dto.deadline === undefined ? before.deadline : dto.deadline,
      );
    });
    await this.decisions.enqueue(notices);
    return this.view(id);
  }

  /**
   * 对账销号 (office): 409 while any linked item is not closed (naming up to five), or when the
   * measure has no item at all (nothing to reconcile against), or is already signed off. The
   * measure row is locked: a task added meanwhile (which takes a share lock on it) waits.
   */
  async signoff(actor: Actor, id: string, dto: SignoffMeasureDto): Promise<MeasureResponseDto> {
    const notices = await this.dataSource.transaction(async (m) => {
      const measure = await this.locked(m, id);
      if (measure.signedOffAt) throw conflict(`整改措施第${measure.number}条已对账销号`, ErrorCode.IllegalTransition);
      const counts = this.repo.countsOf(await this.repo.linkedItemCounts([id], this.today(), m), id);
      if (counts.total === 0) {
        throw conflict(`整改措施第${measure.number}条尚无整改事项，无法对账销号`, ErrorCode.IllegalTransition);
      }
      if (counts.closed < counts.total) {
        const open = await this.repo.openLinkedItems(id, 5, m);
        throw new DomainException(
          ErrorCode.IllegalTransition,
          `整改措施第${measure.number}条尚有${counts.total - counts.closed}项整改事项未销号（${open.map((i) => `“${i.title}”`).join('、')}${counts.total - counts.closed > open.length ? '等' : ''}），不能对账销号`,
          { openItems: open },
        );
      }
      const now = this.clock.now();
      await m.update(Measure, { id }, { signedOffAt: now, signedOffById: actor.id, signoffStatement: dto.statement });
      await this.audit.record(m, actor, {
        action: 'measure.signoff',
        entityType: 'measure',
        entityId: id,
        before: { signedOffAt: null },
        after: { signedOffAt: now, signedOffById: actor.id, statement: dto.statement, items: counts },
      });
      return this.tellUnits(m, actor, measure, true, dto.statement);
    });
    await this.decisions.enqueue(notices);
    return this.view(id);
  }

  /** Undo a sign-off (office), reason required; 409 if it is not signed off. */
  async reopen(actor: Actor, id: string, dto: ReopenMeasureDto): Promise<MeasureResponseDto> {
    const notices = await this.dataSource.transaction(async (m) => {
      const measure = await this.locked(m, id);
      if (!measure.signedOffAt) throw conflict(`整改措施第${measure.number}条尚未对账销号`, ErrorCode.IllegalTransition);
      await m.update(Measure, { id }, { signedOffAt: null, signedOffById: null, signoffStatement: null });
      await this.audit.record(m, actor, {
        action: 'measure.reopen',
        entityType: 'measure',
        entityId: id,
        before: { signedOffAt: measure.signedOffAt, signedOffById: measure.signedOffById, statement: measure.signoffStatement },
        after: { signedOffAt: null, reason: dto.reason },
      });
      return this.tellUnits(m, actor, measure, false, dto.reason);
    });
    await this.decisions.enqueue(notices);
    return this.view(id);
  }

  private async locked(m: EntityManager, id: string): Promise<Measure> {
    const measure = await m
      .getRepository(Measure)
      .createQueryBuilder('x')
      .setLock('pessimistic_write')
      .where('x.id = :id', { id })
      .getOne();
    if (!measure) throw notFound('整改措施');
    return measure;
  }

  /** One measure as the measure endpoints return it. */
  async view(id: string): Promise<MeasureResponseDto> {
    const measure = await this.dataSource.getRepository(Measure).findOneBy({ id });
    if (!measure) throw notFound('整改措施');
    const [status, cooperating, signer] = await Promise.all([
      this.statuses([measure]),
      this.repo.cooperatingUnits([id]),
      measure.signedOffById
        ? this.dataSource.query(`SELECT id, display_name AS name FROM users WHERE id = $1`, [measure.signedOffById])
        : [],
    ]);
    const s = status.get(id)!;
    return {
      id: measure.id,
      planId: measure.planId,
      number: measure.number,
      content: measure.content,
      responsibleLeader: measure.responsibleLeader,
      leadDepartment: measure.leadDepartment,
      cooperatingDepartments: measure.cooperatingDepartments,
      leadUnitId: measure.leadUnitId,
      cooperatingUnits: cooperating.get(id) ?? [],
      deadline: measure.deadline,
      deadlineText: measure.deadlineText,
      rectificationType: measure.rectificationType,
      immediate: measure.immediate,
      longTerm: measure.rectificationType === 'long_term',
      status: s.status,
      statusLabel: MEASURE_STATUS_LABELS[s.status],
      signoff: signoffOf({ ...measure, signedOffByName: (signer as { name: string }[])[0]?.name ?? null }),
      items: itemsView(s.counts),
    };
  }

  /**
   * The 对账 list of a plan: per feedback problem of the inspection it answers, its measures with
   * status, lead unit, linked items (open, closed, overdue) and sign-off; a problem is rectified
   * when it has measures and all are signed off. Office, leadership and admin only (404 for the
   * others, as for a plan they may not read). Other modules (the Word report) build on this.
   */
  async reconciliation(planId: string, actor: Actor): Promise<ReconciliationResponseDto> {
    if (!RECONCILIATION_READERS.has(actor.role)) throw notFound('整改方案');
    const plan = await this.dataSource.getRepository(RectificationPlan).findOneBy({ id: planId });
    if (!plan) throw notFound('整改方案');
    const inspection = await this.dataSource.getRepository(Inspection).findOneByOrFail({ id: plan.inspectionId });
    const today = this.today();
    const rows = await this.repo.planMeasures(planId);
    const ids = rows.map((r) => r.id);
    const [counts, totalItems, problems, cooperating] = await Promise.all([
      this.repo.linkedItemCounts(ids, today),
      this.repo.distinctLinkedItemCounts(ids, today),
      this.dataSource
        .getRepository(FeedbackProblem)
        .find({ where: { inspectionId: inspection.id }, order: { sortOrder: 'ASC', code: 'ASC' } }),
      this.repo.cooperatingUnits(ids),
    ]);
    const measures = rows.map((r) => {
      const c = this.repo.countsOf(counts, r.id);
      const status = measureStatus(c, r.signedOffAt !== null);
      return { row: r, view: reconciliationMeasure(r, status, c, cooperating.get(r.id) ?? []) };
    });
    const byStatus = Object.fromEntries(MEASURE_STATUSES.map((s) => [s, 0])) as Record<MeasureStatus, number>;
    for (const x of measures) byStatus[x.view.status]++;
    const feedbackProblems = problems.map((p) => {
      const mine = measures.filter((x) => x.row.problemIds.includes(p.id)).map((x) => x.view);
      return {
        id: p.id,
        code: p.code,
        category: p.category,
        description: p.description,
        rectified: mine.length > 0 && mine.every((x) => x.status === 'signed_off'),
        measures: mine,
      };
    });
    return {
      planId: plan.id,
      title: plan.title,
      documentNo: plan.documentNo,
      issuedDate: plan.issuedDate,
      inspection: {
        id: inspection.id,
        title: inspection.title,
        inspectingBody: inspection.inspectingBody,
        feedbackDate: inspection.feedbackDate,
      },
      asOf: today,
      totals: {
        feedbackProblems: feedbackProblems.length,
        rectifiedProblems: feedbackProblems.filter((p) => p.rectified).length,
        measures: measures.length,
        byStatus,
        items: itemsView(totalItems),
      },
      feedbackProblems,
      unlinkedMeasures: measures.filter((x) => x.row.problemIds.length === 0).map((x) => x.view),
    };
  }
}

function pick<T extends object>(o: T, keys: string[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k as keyof T]])) as Partial<T>;
}

function signoffOf(r: Pick<ReconciliationMeasureRow, 'signedOffAt' | 'signedOffById' | 'signedOffByName' | 'signoffStatement'>) {
  if (!r.signedOffAt) return null;
  return {
    at: r.signedOffAt,
    by: r.signedOffById ? { id: r.signedOffById, name: r.signedOffByName ?? '' } : null,
    statement: r.signoffStatement ?? '',
  };
}

function reconciliationMeasure(
  r: ReconciliationMeasureRow,
  status: MeasureStatus,
  c: LinkedItemCounts,
  cooperatingUnits: { id: string; name: string }[],
): ReconciliationMeasureDto {
  return {
    id: r.id,
    number: r.number,
    content: r.content,
    status,
    statusLabel: MEASURE_STATUS_LABELS[status],
    leadUnit: r.leadUnitId ? { id: r.leadUnitId, name: r.leadUnitName ?? '' } : null,
    cooperatingUnits,
    leadDepartment: r.leadDepartment,
    responsibleLeader: r.responsibleLeader,
    deadline: r.deadline,
    deadlineText: r.deadlineText,
    rectificationType: r.rectificationType,
    immediate: r.immediate,
    items: itemsView(c),
    signoff: signoffOf(r),
  };
}
