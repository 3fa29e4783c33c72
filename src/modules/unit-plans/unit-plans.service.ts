import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { calendarDateIn } from '../../common/dates.js';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { boundedRows, renderDocx, type DocumentBlock } from '../documents/official-document.js';
import { isBlankText } from '../../common/text.js';
import { badRequest, conflict, DomainException, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { ObligationsService } from '../obligations/obligations.service.js';
import { ItemAccess } from '../rectification/item-access.service.js';
import { ITEM_STATUS_LABELS, planRelease, type ItemStatus } from '../rectification/item-lifecycle.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { UNIT_PLAN_STATUS_LABELS, UnitPlan } from './unit-plan.entity.js';
import type { CreateUnitPlanDto, DecideUnitPlanDto, ListUnitPlansQuery } from './unit-plans.dto.js';
import { UnitPlansRepository } from './unit-plans.repository.js';

const WHAT = '单位整改方案';
const field = (name: string, message: string) => [{ field: name, messages: [message] }];
const DRAFTERS = ['office', 'unit_manager'];
const stale = () => new DomainException(ErrorCode.StaleVersion, '整改方案已被他人修改，请刷新后重试');

/**
 * A unit's own 整改方案 (主体责任): the unit's manager (or the office on its behalf) opens it for a
 * round, adds draft items (POST /items with unitPlanId), submits it once every finding of the unit
 * in the round has an item; the office approves it — every draft item becomes pending, in one
 * transaction — or returns it with a comment (back to draft). Each decision tells the unit's
 * managers through the notification ledger, in the decision's transaction; an approval also tells
 * each released item's owner.
 */
@Injectable()
export class UnitPlansService {
  constructor(
    private readonly access: ItemAccess,
    private readonly plans: UnitPlansRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly decisions: DecisionNoticesService,
    private readonly obligations: ObligationsService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async create(actor: Actor, dto: CreateUnitPlanDto) {
    if (!DRAFTERS.includes(actor.role)) throw forbidden('只有单位负责人或巡察办可以编制整改方案');
    const plan = await this.access.transaction(actor, async (m) => {
      const scope = await this.access.resolveScope(actor, m);
      if (!ScopeService.includes(scope, dto.unitId) || !(await m.existsBy(Unit, { id: dto.unitId }))) {
        throw badRequest('单位不存在', field('unitId', '单位不存在'));
      }
      const inspection = await m.findOneBy(Inspection, { id: dto.inspectionId });
      if (!inspection) throw badRequest('巡察轮次不存在', field('inspectionId', '巡察轮次不存在'));
      if (inspection.kind !== 'internal_round') {
        throw badRequest('整改方案须针对本级巡察轮次', field('inspectionId', '须为本级巡察轮次'));
      }
      const existing = await m.findOneBy(UnitPlan, { inspectionId: dto.inspectionId, unitId: dto.unitId });
      if (existing) throw new DomainException(ErrorCode.Conflict, '该单位在本轮巡察已有整改方案', { unitPlanId: existing.id });
      const row = await m.save(
        m.create(UnitPlan, { inspectionId: dto.inspectionId, unitId: dto.unitId, status: 'draft', createdById: actor.id }),
      );
      await this.audit.record(m, actor, { action: 'unit_plan.create', entityType: 'unit_plan', entityId: row.id, after: row });
      return row;
    });
    return this.view(plan);
  }

  async list(actor: Actor, q: ListUnitPlansQuery): Promise<Page<ReturnType<UnitPlansService['view']>>> {
    const scope = await this.access.resolveScope(actor);
    const [rows, total] = await this.access.scoped(actor, (m) => this.plans.list(scope, q, m));
    return { data: rows.map((r) => this.view(r)), total, page: q.page, pageSize: q.pageSize };
  }

  /** The plan and its 三张清单: problems (findings), tasks (items), responsibilities (owner, leader). */
  async get(actor: Actor, id: string) {
    return this.access.scoped(actor, async (m) => {
      const plan = await this.readable(actor, id, m);
      const [findings, items, unit, inspection] = await Promise.all([
        this.plans.findings(plan, m),
        this.plans.items(plan, m),
        m.findOneByOrFail(Unit, { id: plan.unitId }),
        m.findOneByOrFail(Inspection, { id: plan.inspectionId }),
      ]);
      return {
        ...this.view(plan),
        unitName: unit.name,
        inspectionTitle: inspection.title,
        problems: findings.map((f) => ({ id: f.id, category: f.category, description: f.description, itemCount: f.item_count })),
        tasks: items.map((i) => ({
          id: i.id,
          findingId: i.finding_id,
          title: i.title,
          actions: i.actions,
          deadline: i.deadline,
          rectificationType: i.rectification_type,
          status: i.status,
          statusLabel: ITEM_STATUS_LABELS[i.status as ItemStatus],
        })),
        responsibilities: items.map((i) => ({
          itemId: i.id,
          title: i.title,
          responsibleUnit: i.responsible_unit,
          owner: i.owner,
          responsibleLeader: i.responsible_leader,
        })),
      };
    });
  }

  /** Draft → submitted; refused (409) while a finding of the unit in the round has no item, naming them. */
  async submit(actor: Actor, id: string) {
    if (!DRAFTERS.includes(actor.role)) throw forbidden('只有单位负责人或巡察办可以报送整改方案');
    const plan = await this.access.transaction(actor, async (m) => {
      const plan = await this.readable(actor, id, m, true);
      if (plan.status !== 'draft') throw conflict(`整改方案${UNIT_PLAN_STATUS_LABELS[plan.status]}，不能报送`, ErrorCode.IllegalTransition);
      const uncovered = (await this.plans.findings(plan, m)).filter((f) => f.item_count === 0);
      if (uncovered.length > 0) {
        throw new DomainException(
          ErrorCode.IllegalTransition,
          `以下问题尚无整改事项，不能报送：${uncovered.map((f) => f.description).join('；')}`,
          { findingsWithoutItems: uncovered.map((f) => ({ id: f.id, description: f.description })) },
        );
      }
      const changes = { status: 'submitted' as const, submittedAt: this.clock.now(), submittedById: actor.id };
      await this.conditionalUpdate(m, plan, changes);
      // The plan owed after feedback is handed in: no more chasing (issue 13's obligations).
      await this.obligations.satisfy(m, { kind: 'unit_plan', inspectionId: plan.inspectionId, unitId: plan.unitId }, actor);
      await this.audit.record(m, actor, {
        action: 'unit_plan.submit',
        entityType: 'unit_plan',
        entityId: plan.id,
        before: { status: plan.status },
        after: changes,
      });
      return { ...plan, ...changes, version: plan.version + 1 };
    });
    return this.view(plan);
  }

  /**
   * The office approves (every draft item of the plan → pending, in this one transaction) or returns
   * it (→ draft, the comment kept and shown). Either way the unit's managers are told.
   */
  async decide(actor: Actor, id: string, dto: DecideUnitPlanDto) {
    if (!dto.approve && isBlankText(dto.comment)) throw badRequest('退回整改方案须填写意见', field('comment', '退回时必填'));
    const { plan, notices } = await this.access.transaction(actor, async (m) => {
      const plan = await this.readable(actor, id, m, true);
      if (plan.status !== 'submitted') {
        throw conflict(`整改方案${UNIT_PLAN_STATUS_LABELS[plan.status]}，不能审核`, ErrorCode.IllegalTransition);
      }
      const now = this.clock.now();
      const changes = dto.approve
        ? { status: 'approved' as const, approvedAt: now, decidedById: actor.id, returnComment: null, returnedAt: null }
        : { status: 'draft' as const, returnComment: dto.comment!, returnedAt: now, decidedById: actor.id };
      const released = dto.approve ? await this.releaseDrafts(m, actor, plan) : [];
      // A returned plan is owed again: chased from where its ladder stood.
      if (!dto.approve)
        await this.obligations.reopen(m, { kind: 'unit_plan', inspectionId: plan.inspectionId, unitId: plan.unitId }, actor);
      await this.conditionalUpdate(m, plan, changes);
      await this.audit.record(m, actor, {
        action: dto.approve ? 'unit_plan.approve' : 'unit_plan.return',
        entityType: 'unit_plan',
        entityId: plan.id,
        before: { status: plan.status },
        after: { ...changes, comment: dto.comment ?? null },
      });
      const [inspection, unit] = await Promise.all([
        m.findOneByOrFail(Inspection, { id: plan.inspectionId }),
        m.findOneByOrFail(Unit, { id: plan.unitId }),
      ]);
      const title = dto.approve ? `整改方案已审定：${inspection.title}` : `整改方案被退回：${inspection.title}`;
      const body = dto.approve
        ? `${unit.name}报送的整改方案已由巡察办审定，方案中的整改事项已转为待整改，请按时限推进。${dto.comment ? `审核意见：${dto.comment}` : ''}`
        : `${unit.name}报送的整改方案被巡察办退回，请按意见修改后重新报送。退回意见：${dto.comment}`;
      const notices = await this.decisions.recordForUnit(m, actor, {
        unitId: plan.unitId,
        key: `unit-plan:${plan.id}:v${plan.version + 1}`,
        title,
        body,
      });
      return { plan: { ...plan, ...changes, version: plan.version + 1 }, notices: [...released, ...notices] };
    });
    await this.decisions.enqueue(notices);
    return this.view(plan);
  }

  /** The plan's 三张清单 as an .xlsx workbook (one sheet per list). */
  /**
   * The 三张清单 as header + rows, written once for both exports (the workbook's three sheets and
   * the Word document's three tables).
   */
  private async threeLists(actor: Actor, id: string) {
    const plan = await this.get(actor, id);
    const typeLabel: Record<string, string> = { immediate: '立行立改', time_limited: '限期整改', long_term: '长期坚持' };
    const problemNo = new Map(plan.problems.map((p, i) => [p.id, i + 1]));
    const lists: { name: string; headers: string[]; rows: (string | number | null)[][] }[] = [
      {
        name: '问题清单',
        headers: ['序号', '问题类别', '问题描述', '整改事项数'],
        rows: plan.problems.map((p, i) => [i + 1, p.category, p.description, p.itemCount]),
      },
      {
        name: '任务清单',
        headers: ['序号', '对应问题序号', '整改事项', '整改措施', '整改时限', '整改类型', '状态'],
        rows: plan.tasks.map((t, i) => [
          i + 1,
          problemNo.get(t.findingId) ?? null,
          t.title,
          t.actions,
          t.deadline,
          typeLabel[t.rectificationType] ?? t.rectificationType,
          t.statusLabel,
        ]),
      },
      {
        name: '责任清单',
        headers: ['序号', '整改事项', '责任单位', '责任人', '责任领导'],
        rows: plan.responsibilities.map((r, i) => [i + 1, r.title, r.responsibleUnit, r.owner, r.responsibleLeader]),
      },
    ];
    return { plan, lists };
  }

  async xlsx(actor: Actor, id: string): Promise<{ name: string; content: Buffer }> {
    const { plan, lists } = await this.threeLists(actor, id);
    const wb = new ExcelJS.Workbook();
    for (const list of lists) {
      const ws = wb.addWorksheet(list.name);
      ws.addRow(list.headers).font = { bold: true };
      list.rows.forEach((r) => ws.addRow(r));
      ws.columns.forEach((c) => (c.width = 24));
    }
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    return { name: `${plan.unitName}整改方案（三张清单）.xlsx`, content };
  }

  /** The same 三张清单 as a Word document in the 公文 layout (the unit files it with its 整改方案). */
  async docx(actor: Actor, id: string): Promise<{ name: string; content: Buffer }> {
    const { plan, lists } = await this.threeLists(actor, id);
    const today = calendarDateIn(this.clock.now(), this.config.get('APP_TIMEZONE', { infer: true }));
    const blocks: DocumentBlock[] = [
      {
        kind: 'paragraph',
        text: `根据${plan.inspectionTitle}反馈意见，${plan.unitName}制定本整改方案，列明问题清单、任务清单和责任清单如下。整改方案状态：${plan.statusLabel}。`,
      },
    ];
    for (const list of lists) {
      const bounded = boundedRows(list.rows.map((r) => r.map((c) => c ?? '')));
      blocks.push({ kind: 'heading', level: 1, text: list.name }, { kind: 'table', headers: list.headers, ...bounded });
    }
    const content = await renderDocx({
      year: Number(today.slice(0, 4)),
      documentNumber: null,
      title: `${plan.unitName}整改方案`,
      blocks,
      issuer: plan.unitName,
      date: today,
    });
    return { name: `${plan.unitName}整改方案（三张清单）`, content };
  }

  view(plan: UnitPlan) {
    return {
      id: plan.id,
      inspectionId: plan.inspectionId,
      unitId: plan.unitId,
      status: plan.status,
      statusLabel: UNIT_PLAN_STATUS_LABELS[plan.status],
      returnComment: plan.status === 'draft' ? plan.returnComment : null,
      returnedAt: plan.status === 'draft' ? plan.returnedAt : null,
      submittedAt: plan.submittedAt,
      approvedAt: plan.approvedAt,
      version: plan.version,
      createdAt: plan.createdAt,
    };
  }

  /** The plan if in the caller's scope (404 otherwise); `lock` for the decisions that change it. */
  private async readable(actor: Actor, id: string, m: EntityManager, lock = false): Promise<UnitPlan> {
    const plan = await m.findOne(UnitPlan, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    const scope = await this.access.resolveScope(actor, m);
    if (!plan || !ScopeService.includes(scope, plan.unitId)) throw notFound(WHAT);
    return plan;
  }

  /**
   * Every draft item of the plan → pending (the lifecycle's planRelease decides), one audit entry
   * each; the owner of each is told the item is now theirs to rectify (decision_assign, the owner
   * only: the managers get the plan's one message). Returns the deliveries to enqueue after commit.
   */
  private async releaseDrafts(m: EntityManager, actor: Actor, plan: UnitPlan): Promise<string[]> {
    const notices: string[] = [];
    for (const item of await this.plans.lockDrafts(plan.id, m)) {
      const release = planRelease(item.status);
      if (!release.ok) throw conflict(release.message, ErrorCode.IllegalTransition);
      await m.query(`UPDATE rectification_items SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status = $3`, [
        item.id,
        release.to,
        release.from,
      ]);
      await this.audit.record(m, actor, {
        action: 'item.release',
        entityType: 'rectification_item',
        entityId: item.id,
        subjectId: item.id,
        before: { status: release.from, version: item.version },
        after: { status: release.to, version: item.version + 1, unitPlanId: plan.id },
      });
      if (item.owner_id) {
        notices.push(
          ...(await this.decisions.record(m, actor, {
            itemId: item.id,
            kind: 'decision_assign',
            note: item.owner_name,
            audience: 'owner',
          })),
        );
      }
    }
    return notices;
  }

  private async conditionalUpdate(m: EntityManager, plan: UnitPlan, changes: Partial<UnitPlan>): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(UnitPlan)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: plan.id, version: plan.version })
      .execute();
    if (!res.affected) throw stale();
  }
}
