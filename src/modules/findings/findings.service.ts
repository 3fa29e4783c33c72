import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { calendarDateIn } from '../../common/dates.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { badRequest, conflict, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { InspectionBatch } from '../inspections/inspection-batch.entity.js';
import { InspectionGroup } from '../inspections/inspection-group.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { Measure } from '../plans/measure.entity.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { FindingCategory } from './finding-category.entity.js';
import { Finding } from './finding.entity.js';
import type { CreateFindingCategoryDto, CreateFindingDto, ListFindingsQuery, UpdateFindingCategoryDto } from './findings.dto.js';
import { activeOfficeUsers, assertUnitsActive } from '../units/units.repository.js';
import { isUnitRole } from '../../common/roles.js';
import { FollowUpMessagesService } from '../follow-up/messages.service.js';

const field = (name: string, message: string) => [{ field: name, messages: [message] }];

export type CategoryView = FindingCategory & { path: string };
const categoryPath = (c: FindingCategory, parent: FindingCategory | undefined) => (parent ? `${parent.name} › ${c.name}` : c.name);

export interface FindingView {
  id: string;
  inspectionId: string;
  unitId: string;
  groupId: string | null;
  batchId: string | null;
  category: string;
  categoryId: string | null;
  description: string;
  severity: string;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  unit: { id: string; code: string; name: string } | null;
  group: { id: string; name: string } | null;
  batch: { id: string; number: number } | null;
  measures: { id: string; number: number; content: string }[];
  /** 问题线索移交: null when not referred, and for unit users always (units never learn of it). */
  clueReferral: { note: string; at: Date; by: { id: string; displayName: string } | null } | null;
}

/** Groups of a round that inspect a unit, with whether a user leads or belongs to them. */
export async function groupsInspecting(m: EntityManager, inspectionId: string, unitId: string, userId: string | null) {
  const rows: { id: string; batch_id: string | null; mine: boolean }[] = await m.query(
    `SELECT g.id, g.batch_id,
            (g.leader_id = $3 OR EXISTS (SELECT 1 FROM inspection_group_members gm WHERE gm.group_id = g.id AND gm.user_id = $3)) AS mine
       FROM inspection_groups g JOIN inspection_group_units gu ON gu.group_id = g.id
      WHERE g.inspection_id = $1 AND gu.unit_id = $2
      ORDER BY g.name`,
    [inspectionId, unitId, userId],
  );
  return rows.map((r) => ({ id: r.id, batchId: r.batch_id, mine: r.mine === true }));
}

/**
 * Problems inspection groups found at units (巡察发现问题), each tied to the plan's measures it
 * serves. Recorded by the office, or by an inspector for a unit their group inspects in that round.
 */
@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly messages: FollowUpMessagesService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** Every category, parents before their children, each with its `path` (政治建设 › 政治纪律). */
  async listCategories(): Promise<CategoryView[]> {
    const all = await this.dataSource.getRepository(FindingCategory).find({ order: { sortOrder: 'ASC', name: 'ASC' } });
    const byId = new Map(all.map((c) => [c.id, c]));
    const view = (c: FindingCategory): CategoryView => ({ ...c, path: categoryPath(c, byId.get(c.parentId ?? '')) });
    const top = all.filter((c) => !c.parentId || !byId.has(c.parentId));
    return top.flatMap((p) => [view(p), ...all.filter((c) => c.parentId === p.id).map(view)]);
  }

  createCategory(actor: Actor, dto: CreateFindingCategoryDto): Promise<FindingCategory> {
    return this.dataSource.transaction(async (m) => {
      if (await m.existsBy(FindingCategory, { name: dto.name })) throw conflict(`问题类别“${dto.name}”已存在`, ErrorCode.Duplicate);
      if (dto.parentId) {
        const parent = await m.findOneBy(FindingCategory, { id: dto.parentId });
        if (!parent) throw badRequest('上级类别不存在', field('parentId', 'category not found'));
        if (parent.parentId) throw badRequest('问题类别只有两级：上级类别须为一级类别', field('parentId', 'must be a top-level category'));
      }
      const [{ max }] = await m.query(`SELECT COALESCE(MAX(sort_order), 0)::int AS max FROM finding_categories`);
      const category = await m.save(
        m.create(FindingCategory, {
          name: dto.name,
          parentId: dto.parentId ?? null,
          sortOrder: dto.sortOrder ?? Number(max) + 10,
          active: true,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'finding_category.create',
        entityType: 'finding_category',
        entityId: category.id,
        after: category,
      });
      return category;
    });
  }

  updateCategory(actor: Actor, id: string, dto: UpdateFindingCategoryDto): Promise<FindingCategory> {
    return this.dataSource.transaction(async (m) => {
      const category = await m.findOneBy(FindingCategory, { id });
      if (!category) throw notFound('问题类别');
      const before = { ...category };
      if (dto.name !== undefined && dto.name !== category.name) {
        if (await m.existsBy(FindingCategory, { name: dto.name })) throw conflict(`问题类别“${dto.name}”已存在`, ErrorCode.Duplicate);
        category.name = dto.name;
        // Findings carry the name reports group by: they follow the rename.
        await m.query(`UPDATE findings SET category = $2 WHERE category_id = $1`, [id, dto.name]);
      }
      if (dto.sortOrder !== undefined) category.sortOrder = dto.sortOrder;
      if (dto.active !== undefined) category.active = dto.active;
      await m.save(category);
      await this.audit.record(m, actor, {
        action: 'finding_category.update',
        entityType: 'finding_category',
        entityId: id,
        before,
        after: category,
      });
      return category;
    });
  }

  create(actor: Actor, dto: CreateFindingDto): Promise<FindingView> {
    return this.dataSource.transaction(async (m) => {
      const inspection = await m.findOneBy(Inspection, { id: dto.inspectionId });
      if (!inspection) throw notFound('巡察轮次');
      const groups = await groupsInspecting(m, inspection.id, dto.unitId, actor.id);
      const isInspector = actor.role === 'inspector';
      // An inspector learns nothing about units or rounds outside their own groups, nor of a round once it is closed.
      if (isInspector && (inspection.status === 'closed' || !groups.some((g) => g.mine))) throw notFound('单位');
      if (inspection.kind !== 'internal_round')
        throw badRequest('发现问题须登记在本级巡察轮次下', field('inspectionId', 'inspection must be an internal round'));
      if (!isInspector && !(await m.existsBy(Unit, { id: dto.unitId }))) throw notFound('单位');
      await assertUnitsActive(m, [dto.unitId], '新的发现问题');

      let groupId = dto.groupId ?? null;
      if (groupId) {
        const group = groups.find((g) => g.id === groupId);
        if (isInspector && !group?.mine) throw notFound('巡察组');
        if (!group) {
          const belongs = await m.existsBy(InspectionGroup, { id: groupId, inspectionId: inspection.id });
          throw badRequest(
            belongs ? '该巡察组未巡察此单位' : '巡察组不属于该巡察轮次',
            field('groupId', belongs ? 'group does not inspect this unit' : 'group not in this round'),
          );
        }
      } else {
        const candidates = isInspector ? groups.filter((g) => g.mine) : groups;
        if (candidates.length === 1 || isInspector) groupId = candidates[0]?.id ?? null;
      }
      const groupBatch = groupId ? (groups.find((g) => g.id === groupId)?.batchId ?? null) : null;
      let batchId = dto.batchId ?? groupBatch;
      if (dto.batchId) {
        if (!(await m.existsBy(InspectionBatch, { id: dto.batchId, inspectionId: inspection.id }))) {
          throw badRequest('批次不属于该巡察轮次', field('batchId', 'batch not in this round'));
        }
        if (groupBatch && groupBatch !== dto.batchId)
          throw badRequest('批次与巡察组所在批次不一致', field('batchId', 'batch differs from the group batch'));
        batchId = dto.batchId;
      }

      const category = await m.findOneBy(FindingCategory, { name: dto.category, active: true });
      const parent = category?.parentId ? await m.findOneBy(FindingCategory, { id: category.parentId }) : null;
      if (!category || (parent && !parent.active)) {
        throw badRequest(`问题类别“${dto.category}”不存在或已停用`, field('category', 'must be an active finding category'));
      }
      const measures = dto.measureIds.length ? await m.findBy(Measure, { id: In(dto.measureIds) }) : [];
      if (measures.length !== dto.measureIds.length) throw badRequest('整改措施不存在', field('measureIds', 'measures not found'));
      if (inspection.planId && measures.some((x) => x.planId !== inspection.planId)) {
        throw badRequest('整改措施不属于该轮巡察所服务的整改方案', field('measureIds', 'measures must belong to the round plan'));
      }

      const finding = await m.save(
        m.create(Finding, {
          inspectionId: inspection.id,
          unitId: dto.unitId,
          groupId,
          batchId,
          category: category.name,
          categoryId: category.id,
          description: dto.description,
          severity: dto.severity ?? 'general',
          createdById: actor.id,
        }),
      );
      // No measure: a problem beyond the plan, reported under 未对应整改措施.
      if (measures.length) {
        await m
          .createQueryBuilder()
          .insert()
          .into('finding_measures', ['finding_id', 'measure_id'])
          .values(measures.map((x) => ({ finding_id: finding.id, measure_id: x.id })))
          .execute();
      }
      const [view] = await this.views(m, [finding]);
      await this.audit.record(m, actor, { action: 'finding.create', entityType: 'finding', entityId: finding.id, after: view });
      return view;
    });
  }

  async list(actor: Actor, q: ListFindingsQuery): Promise<Page<FindingView>> {
    const scope = await this.scope.resolve(actor);
    const qb = this.dataSource.getRepository(Finding).createQueryBuilder('f').orderBy('f.createdAt', 'DESC').addOrderBy('f.id', 'ASC');
    ScopeService.restrict(qb, scope, 'f.unitId');
    if (q.inspectionId) qb.andWhere('f.inspectionId = :inspectionId', { inspectionId: q.inspectionId });
    if (q.unitId) qb.andWhere('f.unitId = :unitId', { unitId: q.unitId });
    if (q.groupId) qb.andWhere('f.groupId = :groupId', { groupId: q.groupId });
    if (q.category) qb.andWhere('f.category = :category', { category: q.category });
    // Only those who may know of referrals can filter by it; a unit's filter matches nothing it could tell apart.
    if (q.clueReferred !== undefined && !isUnitRole(actor.role)) {
      qb.andWhere(q.clueReferred ? 'f.clueReferralAt IS NOT NULL' : 'f.clueReferralAt IS NULL');
    }
    if (q.measureId) {
      qb.andWhere('EXISTS (SELECT 1 FROM finding_measures fm WHERE fm.finding_id = f.id AND fm.measure_id = :measureId)', {
        measureId: q.measureId,
      });
    }
    const [rows, total] = await qb.skip(q.offset).take(q.pageSize).getManyAndCount();
    return { data: await this.views(this.dataSource.manager, rows, actor), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<FindingView> {
    const finding = await this.dataSource.getRepository(Finding).findOneBy({ id });
    const scope = await this.scope.resolve(actor);
    if (!finding || !ScopeService.includes(scope, finding.unitId)) throw notFound('发现问题');
    const [view] = await this.views(this.dataSource.manager, [finding], actor);
    return view;
  }

  /**
   * 问题线索移交: the office, or a member (leader or not) of the group that recorded the finding while
   * the finding is in their scope, marks a clue for transfer — once (409 the second time). A unit
   * user, or an inspector of another group, gets 404 as for any finding they cannot see. The office's
   * active accounts are told through the notification ledger, in the same transaction.
   */
  async referClue(actor: Actor, id: string, note: string): Promise<FindingView> {
    if (actor.role !== 'office' && actor.role !== 'inspector' && !isUnitRole(actor.role)) throw forbidden();
    // Scope is read through the pool: before the transaction, never inside it.
    const scope = await this.scope.resolve(actor);
    const { view, deliveries } = await this.dataSource.transaction(async (m) => {
      const finding = await m.findOne(Finding, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!finding || isUnitRole(actor.role) || !ScopeService.includes(scope, finding.unitId)) throw notFound('发现问题');
      if (actor.role === 'inspector') {
        const [row]: { mine: boolean }[] = finding.groupId
          ? await m.query(
              `SELECT (g.leader_id = $2 OR EXISTS (SELECT 1 FROM inspection_group_members gm WHERE gm.group_id = g.id AND gm.user_id = $2)) AS mine
                 FROM inspection_groups g WHERE g.id = $1`,
              [finding.groupId, actor.id],
            )
          : [];
        if (row?.mine !== true) throw notFound('发现问题');
      }
      if (finding.clueReferralAt) {
        const on = calendarDateIn(finding.clueReferralAt, this.config.get('APP_TIMEZONE', { infer: true }));
        throw conflict(`该发现问题已于${on}移交问题线索，不能重复移交`, ErrorCode.Duplicate);
      }
      finding.clueReferralNote = note;
      finding.clueReferralAt = this.clock.now();
      finding.clueReferredById = actor.id;
      await m.save(finding);
      const [view] = await this.views(m, [finding], actor);
      await this.audit.record(m, actor, {
        action: 'finding.clue_referral',
        entityType: 'finding',
        entityId: finding.id,
        after: { clueReferral: view.clueReferral },
      });
      const office = await activeOfficeUsers(m, actor.id);
      const where = [view.unit?.name, view.group?.name].filter(Boolean).join('，');
      const deliveries = await this.messages.record(
        m,
        office,
        {
          key: `clue-referral:${finding.id}`,
          title: '问题线索移交',
          body: `${where ? `${where}：` : ''}发现问题“${finding.description.slice(0, 100)}”已标记移交问题线索，移交说明：${note}；请登记问题线索并按规定处置`,
        },
        { kind: 'decision' },
      );
      return { view, deliveries };
    });
    await this.messages.enqueue(deliveries, `clue-referral:${id}`);
    return view;
  }

  /** Findings with unit, group, batch and measures, in a fixed number of queries. */
  private async views(m: EntityManager, findings: Finding[], actor?: Actor): Promise<FindingView[]> {
    if (findings.length === 0) return [];
    // Units never learn a clue was referred: only bureau-side callers see the referral.
    const seesReferral = !!actor && !isUnitRole(actor.role);
    const referrerIds = seesReferral ? [...new Set(findings.map((f) => f.clueReferredById).filter((r): r is string => !!r))] : [];
    const referrers: { id: string; display_name: string }[] = referrerIds.length
      ? await m.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [referrerIds])
      : [];
    const ids = findings.map((f) => f.id);
    const measures: { finding_id: string; id: string; number: number; content: string }[] = await m.query(
      `SELECT fm.finding_id, x.id, x.number, x.content FROM finding_measures fm JOIN measures x ON x.id = fm.measure_id
        WHERE fm.finding_id = ANY($1::uuid[]) ORDER BY x.number`,
      [ids],
    );
    const units = await m.findBy(Unit, { id: In([...new Set(findings.map((f) => f.unitId))]) });
    const groupIds = [...new Set(findings.map((f) => f.groupId).filter((g): g is string => !!g))];
    const batchIds = [...new Set(findings.map((f) => f.batchId).filter((b): b is string => !!b))];
    const groups = groupIds.length ? await m.findBy(InspectionGroup, { id: In(groupIds) }) : [];
    const batches = batchIds.length ? await m.findBy(InspectionBatch, { id: In(batchIds) }) : [];
    return findings.map((f) => {
      const unit = units.find((u) => u.id === f.unitId);
      const group = groups.find((g) => g.id === f.groupId);
      const batch = batches.find((b) => b.id === f.batchId);
      return {
        id: f.id,
        inspectionId: f.inspectionId,
        unitId: f.unitId,
        groupId: f.groupId,
        batchId: f.batchId,
        category: f.category,
        categoryId: f.categoryId,
        description: f.description,
        severity: f.severity,
        createdById: f.createdById,
        createdAt: f.createdAt,
        updatedAt: f.updatedAt,
        unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null,
        group: group ? { id: group.id, name: group.name } : null,
        batch: batch ? { id: batch.id, number: batch.number } : null,
        measures: measures.filter((x) => x.finding_id === f.id).map((x) => ({ id: x.id, number: x.number, content: x.content })),
        clueReferral:
          seesReferral && f.clueReferralAt && f.clueReferralNote !== null
            ? {
                note: f.clueReferralNote,
                at: f.clueReferralAt,
                by: ((r) => (r ? { id: r.id, displayName: r.display_name } : null))(referrers.find((r) => r.id === f.clueReferredById)),
              }
            : null,
      };
    });
  }
}
