import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { calendarDateIn, isCalendarDate } from '../../common/dates.js';
import { auditActionLabel } from '../../common/labels.js';
import { badRequest, conflict, DomainException, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { itemUrl } from '../follow-up/digest-text.js';
import { Finding } from '../findings/finding.entity.js';
import { EvidenceService } from './evidence.service.js';
import { ItemAccess, ITEM_WHAT } from './item-access.service.js';
import type { ItemListQuery } from './item-filters.js';
import { mayEditDraft, planTransition } from './item-lifecycle.js';
import { ScopeService } from '../scope/scope.service.js';
import { UNIT_PLAN_STATUS_LABELS, UnitPlan } from '../unit-plans/unit-plan.entity.js';
import type { CreateItemDto, ProgressDto, TransitionDto, UpdateItemDto } from './rectification.dto.js';
import { RectificationItem } from './rectification-item.entity.js';
import { RectificationItemsRepository, type ItemReturn, type ProgressRow } from './rectification-items.repository.js';
import { activeUnitManagers, assertUnitsActive } from '../units/units.repository.js';

const field = (name: string, message: string) => [{ field: name, messages: [message] }];
/** The list marks an item sent back (已退回) with its reason until it is resubmitted. */
const stillReturned = (r: ItemReturn | undefined) =>
  r?.returned ? { returned: true, latestReturn: r.latestReturn } : { returned: false, latestReturn: null };
const staleVersion = () => new DomainException(ErrorCode.StaleVersion, '事项已被他人修改，请刷新后重试');

/** Items: create, read, edit, progress and lifecycle moves. Extensions and evidence have their own services. */
@Injectable()
export class RectificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly items: RectificationItemsRepository,
    private readonly access: ItemAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly decisions: DecisionNoticesService,
    private readonly evidence: EvidenceService,
  ) {}

  /**
   * The office creates items directly (status pending). With `unitPlanId`, an item of a unit's own
   * 整改方案, drafted by that unit's manager (or the office on its behalf): status draft, for a
   * finding of the plan's unit in the plan's round, while the plan is still a draft.
   *
   * An item the office puts in force (pending) is its decision on the unit: the owner it names is
   * told (decision_assign, with the unit's managers), or, with no owner yet, the unit's managers are
   * told to name one — in the creating transaction. A draft tells nobody: it is not in force, and
   * the plan's approval tells its owners.
   */
  async create(actor: Actor, dto: CreateItemDto) {
    if (!isCalendarDate(dto.deadline)) throw badRequest('整改时限不是有效日期', field('deadline', '无效日期'));
    if (!dto.unitPlanId && actor.role !== 'office') throw forbidden('单位负责人只能在本单位整改方案中添加事项（须提供 unitPlanId）');
    const { saved, notices } = await this.access.transaction(actor, async (m) => {
      if (dto.findingId && dto.measureId) {
        throw badRequest('整改事项只能归属一个发现问题或一条整改措施', field('measureId', '不能与 findingId 同时提供'));
      }
      if (dto.measureId && dto.unitPlanId) {
        throw badRequest('单位整改方案中的事项须对应本单位的发现问题', field('measureId', '不能与 unitPlanId 同时提供'));
      }
      const plan = dto.unitPlanId ? await this.editablePlan(actor, dto.unitPlanId, m) : null;
      if (dto.measureId) await this.assertMeasureUnit(dto.measureId, dto.responsibleUnitId, m);
      else {
        const finding = await m.findOneBy(Finding, { id: dto.findingId });
        if (!finding) throw badRequest('巡察发现问题不存在', field('findingId', '问题不存在'));
        if (plan && (finding.inspectionId !== plan.inspectionId || finding.unitId !== plan.unitId)) {
          throw badRequest('该问题不是本整改方案所属单位在该轮巡察中的问题', field('findingId', '不属于本整改方案'));
        }
        const findingUnits = await this.items.unitSubtree(finding.unitId, m);
        if (!findingUnits.includes(dto.responsibleUnitId)) {
          throw badRequest('责任单位须为问题所在单位或其下属单位', field('responsibleUnitId', '不是问题所在单位或其下属单位'));
        }
      }
      if (dto.ownerId) await this.assertOwnerFits(dto.ownerId, dto.responsibleUnitId, m);
      await assertUnitsActive(m, [dto.responsibleUnitId], '新的整改事项');
      const item = m.create(RectificationItem, {
        findingId: dto.findingId ?? null,
        measureId: dto.measureId ?? null,
        title: dto.title,
        actions: dto.actions ?? null,
        responsibleUnitId: dto.responsibleUnitId,
        ownerId: dto.ownerId ?? null,
        responsibleLeader: dto.responsibleLeader ?? null,
        institutional: dto.institutional ?? false,
        deadline: dto.deadline,
        originalDeadline: dto.deadline,
        rectificationType: dto.rectificationType,
        status: plan ? 'draft' : 'pending',
        unitPlanId: plan?.id ?? null,
        createdById: actor.id,
      });
      const row = await m.save(item);
      await this.audit.record(m, actor, {
        action: 'item.create',
        entityType: 'rectification_item',
        entityId: row.id,
        subjectId: row.id,
        after: row,
      });
      return { saved: row, notices: row.status === 'pending' ? await this.announceNewItem(m, actor, row) : [] };
    });
    await this.decisions.enqueue(notices);
    return this.access.view(saved);
  }

  /** A new item in force: its owner (and the unit's managers) told of the assignment, or the managers asked to name one. */
  private async announceNewItem(m: EntityManager, actor: Actor, item: RectificationItem): Promise<string[]> {
    if (item.ownerId) {
      const [owner]: { display_name: string }[] = await m.query(`SELECT display_name FROM users WHERE id = $1`, [item.ownerId]);
      return this.decisions.record(m, actor, { itemId: item.id, kind: 'decision_assign', note: owner?.display_name ?? null });
    }
    return this.decisions.recordForUnit(m, actor, {
      unitId: item.responsibleUnitId,
      key: `item-new:${item.id}`,
      title: `【整改交办】${item.title}`,
      body: `巡察办交办新的整改事项“${item.title}”，整改时限${item.deadline}，请指定责任人并按期整改。详情：${this.itemLink(item.id)}`,
    });
  }

  private itemLink(itemId: string): string {
    return itemUrl(this.config.get('PUBLIC_BASE_URL', { infer: true }), itemId);
  }

  /**
   * Deletes a draft item of a unit's 整改方案 (its unit's manager or the office, while the plan is
   * a draft); any other item is never deleted (409).
   */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.access.transaction(actor, async (m) => {
      const item = await this.access.readable(actor, id, m);
      this.assertDraftEditable(actor, item);
      await this.editablePlan(actor, item.unitPlanId!, m);
      const res = await m.delete(RectificationItem, { id: item.id, version: item.version, status: 'draft' });
      if (!res.affected) throw staleVersion();
      await this.audit.record(m, actor, {
        action: 'item.delete',
        entityType: 'rectification_item',
        entityId: item.id,
        subjectId: item.id,
        before: item,
      });
    });
  }

  async list(actor: Actor, query: ItemListQuery): Promise<Page<ReturnType<ItemAccess['view']>>> {
    if (query.from && query.to && query.from > query.to) {
      throw badRequest('整改时限的起始日期晚于截止日期', field('to', '早于 from'));
    }
    const scope = await this.access.resolveScope(actor);
    const today = this.access.today();
    const { rows, total } = await this.access.scoped(actor, (m) =>
      this.items.list(scope, query, { today, warningDays: this.access.warningDays(), timeZone: this.access.timeZone() }, m),
    );
    const returns = await this.items.returnsOf(rows.map((r) => r.id));
    return {
      data: rows.map((r) => ({
        ...this.access.view(r, today),
        ...stillReturned(returns.get(r.id)),
        finding: r.finding ? { id: r.finding.id, category: r.finding.category, description: r.finding.description } : null,
        measure: r.measure ? { id: r.measure.id, number: r.measure.number, content: r.measure.content } : null,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(actor: Actor, id: string) {
    // One read of the item, with its relations, then the scope check (404 either way).
    const { detail, progress, evidence, extensions } = await this.access.scoped(actor, async (m) => {
      const detail = await this.access.visible(actor, await this.items.findDetail(id, m));
      return {
        detail,
        progress: await this.items.progressOf(id, 50, m),
        evidence: await this.evidence.entriesOf(actor, detail, m),
        extensions: await this.items.extensionsOf(id, m),
      };
    });
    const returns = await this.items.returnsOf([id]);
    const f = detail.finding;
    const ret = returns.get(id);
    return {
      ...this.access.view(detail),
      /** Sent back (已退回) and not yet resubmitted. */
      returned: ret?.returned ?? false,
      /** The latest 退回 with its reason, shown at the top of the item page. */
      latestReturn: ret?.latestReturn ?? null,
      finding: f
        ? {
            id: f.id,
            inspectionId: f.inspectionId,
            unitId: f.unitId,
            batchId: f.batchId,
            groupId: f.groupId,
            category: f.category,
            description: f.description,
          }
        : null,
      measure: detail.measure
        ? { id: detail.measure.id, planId: detail.measure.planId, number: detail.measure.number, content: detail.measure.content }
        : null,
      availableActions: this.access.actionsFor(actor, detail),
      canWork: this.access.canWork(actor, detail),
      progress,
      evidence,
      extensions,
    };
  }

  /**
   * Office edits anything but the deadline; a unit_manager only (re)assigns the owner. The
   * version must be the current one; the write is a conditional UPDATE on it.
   */
  async update(actor: Actor, id: string, dto: UpdateItemDto) {
    const changes: QueryDeepPartialEntity<RectificationItem> = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.actions !== undefined) changes.actions = dto.actions;
    if (dto.responsibleLeader !== undefined) changes.responsibleLeader = dto.responsibleLeader;
    if (dto.institutional !== undefined) changes.institutional = dto.institutional;
    if (dto.ownerId !== undefined) changes.ownerId = dto.ownerId;
    // The deadline and type of a draft are still the unit's to set; afterwards only an extension moves the deadline.
    if (dto.deadline !== undefined) Object.assign(changes, { deadline: dto.deadline, originalDeadline: dto.deadline });
    if (dto.rectificationType !== undefined) changes.rectificationType = dto.rectificationType;
    if (Object.keys(changes).length === 0) throw badRequest('没有要修改的内容', field('body', '至少提供一个可修改字段'));
    const notices = await this.access.transaction(actor, async (m) => {
      const item = await this.access.readable(actor, id, m);
      if (item.status === 'draft') {
        this.assertDraftEditable(actor, item);
        await this.editablePlan(actor, item.unitPlanId!, m);
      } else if (dto.deadline !== undefined || dto.rectificationType !== undefined) {
        throw conflict('整改时限和整改类型只能在整改方案草稿中修改；此后整改时限须通过延期申请变更', ErrorCode.IllegalTransition);
      } else if (actor.role === 'unit_manager') {
        if (Object.keys(changes).some((k) => k !== 'ownerId')) throw forbidden('单位负责人只能指派责任人');
      } else if (actor.role !== 'office') {
        throw forbidden('当前角色无权修改整改事项');
      }
      if (item.version !== dto.version) throw staleVersion();
      if (dto.ownerId) await this.assertOwnerFits(dto.ownerId, item.responsibleUnitId, m);
      await this.conditionalUpdate(m, item, changes);
      const before = Object.fromEntries(Object.keys(changes).map((k) => [k, item[k as keyof RectificationItem]]));
      await this.audit.record(m, actor, {
        action: dto.ownerId !== undefined && Object.keys(changes).length === 1 ? 'item.assign' : 'item.update',
        entityType: 'rectification_item',
        entityId: item.id,
        subjectId: item.id,
        before,
        after: changes,
      });
      // A draft's owner is told when the plan is approved and the item comes into force.
      if (dto.ownerId === undefined || dto.ownerId === item.ownerId || item.status === 'draft') return [];
      return this.announceOwnerChange(m, actor, item, dto.ownerId, (changes.title as string | undefined) ?? item.title);
    });
    await this.decisions.enqueue(notices);
    return this.get(actor, id);
  }

  /**
   * An owner assigned, changed or removed: the new owner (and the unit's managers) get the
   * assignment (decision_assign); the previous owner is told they no longer answer for the item;
   * with nobody left, the unit's managers are asked to name someone. Never the person who did it.
   */
  private async announceOwnerChange(
    m: EntityManager,
    actor: Actor,
    item: RectificationItem,
    newOwnerId: string | null,
    title: string,
  ): Promise<string[]> {
    const names: { id: string; display_name: string }[] = await m.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [
      [item.ownerId, newOwnerId].filter((id): id is string => id !== null),
    ]);
    const nameOf = (id: string | null) => names.find((n) => n.id === id)?.display_name ?? null;
    const key = `item-owner:${item.id}:v${item.version + 1}`;
    const notices: string[] = [];
    if (newOwnerId) {
      notices.push(...(await this.decisions.record(m, actor, { itemId: item.id, kind: 'decision_assign', note: nameOf(newOwnerId) })));
    }
    const link = `详情：${this.itemLink(item.id)}`;
    if (item.ownerId) {
      const now = newOwnerId ? `已调整为${nameOf(newOwnerId) ?? '他人'}` : '已撤销';
      notices.push(
        ...(await this.decisions.recordForPeople(m, actor, [item.ownerId], {
          key: `${key}:relieved`,
          title: `【责任人变更】${title}`,
          body: `整改事项“${title}”的责任人${now}，您不再负责该事项。${link}`,
        })),
      );
    }
    if (!newOwnerId) {
      const managers = (await activeUnitManagers(m, item.responsibleUnitId, actor.id)).filter((id) => id !== item.ownerId);
      const was = nameOf(item.ownerId);
      notices.push(
        ...(await this.decisions.recordForPeople(m, actor, managers, {
          key: `${key}:unassigned`,
          title: `【责任人变更】${title}`,
          body: `整改事项“${title}”的责任人${was ? `（原为${was}）` : ''}已撤销，请重新指定责任人并督促按期整改。${link}`,
        })),
      );
    }
    return notices;
  }

  /**
   * A progress report: the caller's scope (once per request) and the item are read first, outside
   * any transaction; the write is one statement (row, percent, audit; see the repository).
   */
  async addProgress(actor: Actor, id: string, dto: ProgressDto): Promise<ProgressRow> {
    const closed = () => conflict('事项已销号，不能再报送进展', ErrorCode.IllegalTransition);
    // For a unit user both run in one transaction bound to their scope (row-level security).
    const row = await this.access.scoped(actor, async (m) => {
      const item = await this.access.workable(actor, id, m);
      if (item.status === 'closed') throw closed();
      this.access.assertNotDraft(item);
      const progress = { itemId: item.id, authorId: actor.id, note: dto.note, percent: dto.percent ?? null };
      return this.items.addProgress(progress, AuditService.actorColumns(actor), m);
    });
    if (row) return row;
    if (!(await this.items.findById(id))) throw notFound(ITEM_WHAT);
    throw closed();
  }

  /**
   * A lifecycle move. Who may and from which status comes from `planTransition` only. The write is
   * `UPDATE … WHERE id AND version AND status`, so two concurrent moves cannot both pass.
   */
  async transition(actor: Actor, id: string, dto: TransitionDto) {
    const notices = await this.access.transaction(actor, (m) => this.transitionIn(m, actor, id, dto));
    await this.decisions.enqueue(notices);
    return this.get(actor, id);
  }

  /**
   * The same move inside the caller's transaction (e.g. a failed 回头看 reopening its item with the
   * re-check): same rules, same audit and notices; returns the notices to enqueue after commit.
   * `context.noticeNote` words the notice's reason when the caller knows more (the 回头看).
   */
  async transitionIn(
    m: EntityManager,
    actor: Actor,
    id: string,
    dto: TransitionDto,
    context: { noticeNote?: string } = {},
  ): Promise<string[]> {
    const item = await this.access.readable(actor, id, m);
    const written = dto.action === 'submit' ? dto.explanation || dto.reason || null : (dto.reason ?? null);
    const plan = planTransition(item.status, dto.action, actor.role, written, { actorId: actor.id, submittedById: item.submittedById });
    if (!plan.ok) {
      if (plan.reason === 'forbidden') throw forbidden(plan.message);
      if (plan.reason === 'illegal') throw conflict(plan.message, ErrorCode.IllegalTransition);
      throw badRequest(plan.message, field('reason', '必填'));
    }
    this.access.assertCanWork(actor, item);
    if (dto.version !== undefined && dto.version !== item.version) throw staleVersion();
    if (dto.action === 'submit') {
      // The lock a deletion of evidence takes too (EvidenceService.remove): the count below and a
      // concurrent deletion cannot interleave. The version check of the UPDATE still guards the rest.
      await m.query(`SELECT 1 FROM rectification_items WHERE id = $1 FOR UPDATE`, [item.id]);
      const counts = await this.items.countChildren(item.id, m);
      const missing: string[] = [];
      if (counts.progress === 0) missing.push('至少一条整改进展');
      if (counts.evidence === 0 && !written) missing.push('佐证材料或书面说明（explanation）');
      if (missing.length > 0) {
        throw new DomainException(ErrorCode.IllegalTransition, `申请销号前须先提交${missing.join('和')}`, {
          progressCount: counts.progress,
          evidenceCount: counts.evidence,
        });
      }
    }
    const now = this.clock.now();
    const changes: QueryDeepPartialEntity<RectificationItem> = { status: plan.to };
    if (dto.action === 'submit') Object.assign(changes, { submittedAt: now, submittedById: actor.id });
    if (dto.action === 'reject') Object.assign(changes, { submittedAt: null, submittedById: null });
    if (dto.action === 'approve') {
      changes.closedAt = now;
      changes.closedOn = calendarDateIn(now, this.config.get('APP_TIMEZONE', { infer: true }));
    }
    if (dto.action === 'reopen') {
      changes.closedAt = null;
      changes.closedOn = null;
      changes.submittedAt = null;
      changes.submittedById = null;
    }
    await this.conditionalUpdate(m, item, changes, true);
    await this.audit.record(m, actor, {
      action: `item.${dto.action}`,
      entityType: 'rectification_item',
      entityId: item.id,
      subjectId: item.id,
      before: { status: item.status, version: item.version },
      after: {
        ...changes,
        version: item.version + 1,
        ...(written ? { [dto.action === 'submit' ? 'explanation' : 'reason']: written } : {}),
      },
    });
    if (dto.action === 'reject') return this.decisions.record(m, actor, { itemId: item.id, kind: 'decision_reject', note: written });
    if (dto.action === 'approve') {
      const late = changes.closedOn !== undefined && String(changes.closedOn) > item.originalDeadline;
      return this.decisions.record(m, actor, { itemId: item.id, kind: 'decision_close', note: late ? '超期销号' : null });
    }
    if (dto.action === 'reopen') {
      return this.decisions.record(m, actor, { itemId: item.id, kind: 'decision_reopen', note: context.noticeNote ?? written });
    }
    return [];
  }

  async trace(actor: Actor, id: string) {
    const item = await this.access.readable(actor, id);
    const t = await this.items.trace(item.id);
    if (!t) throw notFound(ITEM_WHAT);
    const f = t.item.finding;
    const { finding: _f, ...itemOnly } = t.item;
    return {
      item: this.access.view(itemOnly),
      finding: f
        ? { id: f.id, category: f.category, description: f.description, severity: f.severity, unitId: f.unitId, createdAt: f.createdAt }
        : null,
      inspection: f?.inspection ?? null,
      batch: f?.batch ?? null,
      group: f?.group ? { id: f.group.id, name: f.group.name, batchId: f.group.batchId, leaderId: f.group.leaderId } : null,
      unit: t.item.responsibleUnit
        ? { id: t.item.responsibleUnit.id, code: t.item.responsibleUnit.code, name: t.item.responsibleUnit.name }
        : null,
      findingUnit: f?.unit ? { id: f.unit.id, code: f.unit.code, name: f.unit.name } : null,
      measures: t.measures,
    };
  }

  async history(actor: Actor, id: string) {
    const item = await this.access.readable(actor, id);
    const entries = await this.audit.historyOf(item.id);
    return entries.map((e) => ({
      id: e.id,
      at: e.createdAt,
      actor: { id: e.actorId, username: e.actorName, role: e.actorRole },
      action: e.action,
      actionLabel: auditActionLabel(e.action),
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before,
      after: e.after,
    }));
  }

  /** A draft item is edited or deleted by its unit's manager (in scope: readable checked it) or the office. */
  private assertDraftEditable(actor: Actor, item: RectificationItem): void {
    if (!mayEditDraft(item.status, actor.role)) {
      if (item.status !== 'draft') throw conflict('只有整改方案中的草稿事项可以删除', ErrorCode.IllegalTransition);
      throw forbidden('只有单位负责人或巡察办可以修改整改方案草稿');
    }
  }

  /**
   * The unit plan an item is drafted in, if the caller may change it now: 404 out of scope, 403 for
   * a role other than the office and the unit's manager, 409 once submitted or approved.
   */
  private async editablePlan(actor: Actor, planId: string, m: EntityManager): Promise<UnitPlan> {
    const plan = await m.findOneBy(UnitPlan, { id: planId });
    const scope = await this.access.resolveScope(actor, m);
    if (!plan || !ScopeService.includes(scope, plan.unitId)) throw badRequest('整改方案不存在', field('unitPlanId', '整改方案不存在'));
    if (actor.role !== 'office' && actor.role !== 'unit_manager') throw forbidden('只有单位负责人或巡察办可以编制整改方案');
    if (plan.status !== 'draft') {
      throw conflict(`整改方案${UNIT_PLAN_STATUS_LABELS[plan.status]}，不能再修改其事项`, ErrorCode.IllegalTransition);
    }
    return plan;
  }

  /**
   * A task under a measure is done by the measure's lead unit or one of its cooperating units; a
   * measure already signed off takes no new task (reopen it first).
   */
  private async assertMeasureUnit(measureId: string, unitId: string, m: EntityManager): Promise<void> {
    const [measure]: { number: number; lead_unit_id: string | null; signed_off_at: Date | null; units: string[] }[] = await m.query(
      `SELECT x.number, x.lead_unit_id, x.signed_off_at,
              array(SELECT cu.unit_id::text FROM measure_cooperating_units cu WHERE cu.measure_id = x.id) AS units
         FROM measures x WHERE x.id = $1 FOR SHARE`,
      [measureId],
    );
    if (!measure) throw badRequest('整改措施不存在', field('measureId', '措施不存在'));
    if (measure.signed_off_at)
      throw conflict(`整改措施第${measure.number}条已对账销号，须先撤销销号再新增任务`, ErrorCode.IllegalTransition);
    if (unitId !== measure.lead_unit_id && !measure.units.includes(unitId)) {
      throw badRequest(
        `责任单位须为整改措施第${measure.number}条的牵头单位或配合单位`,
        field('responsibleUnitId', measure.lead_unit_id ? '不是该措施的牵头单位或配合单位' : '该措施尚未指定牵头单位或配合单位'),
      );
    }
  }

  /** An owner must be an active user of the responsible unit or a unit under it. */
  private async assertOwnerFits(ownerId: string, unitId: string, m: EntityManager): Promise<void> {
    const units = await this.items.unitSubtree(unitId, m);
    const user = await this.items.activeUserIn(ownerId, units, m);
    if (!user) throw badRequest('责任人须为责任单位（或其下属单位）的在用账号', field('ownerId', '不是责任单位的在用账号'));
  }

  /** `UPDATE … WHERE id = :id AND version = :version` (and the status read, for moves); 0 rows → 409. */
  private async conditionalUpdate(
    m: EntityManager,
    item: RectificationItem,
    changes: QueryDeepPartialEntity<RectificationItem>,
    checkStatus = false,
  ): Promise<void> {
    const qb = m
      .createQueryBuilder()
      .update(RectificationItem)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: item.id, version: item.version });
    if (checkStatus) qb.andWhere('status = :status', { status: item.status });
    const res = await qb.execute();
    if (!res.affected) throw staleVersion();
  }
}
