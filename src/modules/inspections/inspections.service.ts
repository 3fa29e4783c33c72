import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { isCalendarDate } from '../../common/dates.js';
import { badRequest, conflict, ErrorCode, notFound } from '../../common/errors.js';
import { BUREAU_ROLES, isUnitRole } from '../../common/roles.js';
import { AuditService } from '../audit/audit.service.js';
import { FollowUpMessagesService } from '../follow-up/messages.service.js';
import { RectificationPlan } from '../plans/rectification-plan.entity.js';
import { ScopeService, type Scope } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { User } from '../users/user.entity.js';
import { FeedbackProblem } from './feedback-problem.entity.js';
import { InspectionBatch } from './inspection-batch.entity.js';
import { InspectionGroup } from './inspection-group.entity.js';
import { Inspection } from './inspection.entity.js';
import type {
  CreateBatchDto,
  CreateFeedbackProblemDto,
  CreateGroupDto,
  CreateInspectionDto,
  ListInspectionsQuery,
} from './inspections.dto.js';
import { normalizeProblemCode } from './problem-code.js';
import { assertUnitsActive } from '../units/units.repository.js';

export interface GroupView {
  id: string;
  inspectionId: string;
  name: string;
  batchId: string | null;
  leader: { id: string; displayName: string } | null;
  members: { id: string; displayName: string }[];
  units: { id: string; code: string; name: string }[];
}

const field = (name: string, message: string) => [{ field: name, messages: [message] }];

function assertDateRange(start: string, end: string): void {
  if (!isCalendarDate(start)) throw badRequest('开始日期无效', field('startDate', 'invalid date'));
  if (!isCalendarDate(end)) throw badRequest('结束日期无效', field('endDate', 'invalid date'));
  if (end < start) throw badRequest('结束日期不能早于开始日期', field('endDate', 'endDate must not be before startDate'));
}

/**
 * Higher-level inspections with their fed-back problems, and the bureau's internal rounds with
 * batches and groups. Group membership written here is what ScopeService reads for inspectors.
 */
@Injectable()
export class InspectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly clock: Clock,
    private readonly messages: FollowUpMessagesService,
  ) {}

  create(actor: Actor, dto: CreateInspectionDto): Promise<Inspection> {
    assertDateRange(dto.startDate, dto.endDate);
    if (dto.feedbackDate !== undefined && !isCalendarDate(dto.feedbackDate)) {
      throw badRequest('反馈日期无效', field('feedbackDate', 'invalid date'));
    }
    if (dto.planId && dto.kind !== 'internal_round') {
      throw badRequest('只有本级巡察轮次可关联整改方案', field('planId', 'planId is only for internal rounds'));
    }
    return this.dataSource.transaction(async (m) => {
      if (dto.planId && !(await m.existsBy(RectificationPlan, { id: dto.planId }))) {
        throw badRequest('整改方案不存在', field('planId', 'plan not found'));
      }
      const inspection = await m.save(
        m.create(Inspection, {
          kind: dto.kind,
          title: dto.title,
          inspectingBody: dto.inspectingBody || null,
          startDate: dto.startDate,
          endDate: dto.endDate,
          feedbackDate: dto.feedbackDate ?? null,
          planId: dto.planId ?? null,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'inspection.create',
        entityType: 'inspection',
        entityId: inspection.id,
        after: inspection,
      });
      return inspection;
    });
  }

  /**
   * Inspections the caller may read: the bureau sees all; inspectors the rounds whose groups they
   * belong to; unit users the rounds that inspect their units. Both also see the higher-level
   * inspection those rounds' plans answer. `scope`: the unit user's scope when already resolved.
   */
  async visibleIds(actor: Actor, scope?: Scope): Promise<'all' | string[]> {
    if (BUREAU_ROLES.includes(actor.role)) return 'all';
    let rounds: { id: string }[] = [];
    if (actor.role === 'inspector') {
      rounds = await this.dataSource.query(
        `SELECT DISTINCT g.inspection_id AS id FROM inspection_groups g
           JOIN inspections r ON r.id = g.inspection_id AND r.status = 'open'
           LEFT JOIN inspection_group_members gm ON gm.group_id = g.id
          WHERE g.leader_id = $1 OR gm.user_id = $1`,
        [actor.id],
      );
    } else if (isUnitRole(actor.role)) {
      scope ??= await this.scope.resolve(actor);
      const params: unknown[] = [];
      rounds = await this.dataSource.query(
        `SELECT DISTINCT g.inspection_id AS id FROM inspection_groups g
           JOIN inspection_group_units gu ON gu.group_id = g.id
          WHERE ${ScopeService.sqlClause(scope, 'gu.unit_id', params)}`,
        params,
      );
    }
    const roundIds = rounds.map((r) => r.id);
    if (roundIds.length === 0) return [];
    const higher: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT p.inspection_id AS id FROM inspections r JOIN rectification_plans p ON p.id = r.plan_id
        WHERE r.id = ANY($1::uuid[])`,
      [roundIds],
    );
    return [...new Set([...roundIds, ...higher.map((h) => h.id)])];
  }

  async list(actor: Actor, query: ListInspectionsQuery): Promise<Inspection[]> {
    const visible = await this.visibleIds(actor);
    const qb = this.dataSource
      .getRepository(Inspection)
      .createQueryBuilder('i')
      .orderBy('i.startDate', 'DESC')
      .addOrderBy('i.createdAt', 'DESC');
    if (visible !== 'all') {
      if (visible.length === 0) return [];
      qb.andWhere('i.id IN (:...visible)', { visible });
    }
    if (query.kind) qb.andWhere('i.kind = :kind', { kind: query.kind });
    if (query.planId) qb.andWhere('i.planId = :planId', { planId: query.planId });
    return qb.getMany();
  }

  /** The inspection if the caller may read it, else 404. */
  async findVisible(actor: Actor, id: string, scope?: Scope): Promise<Inspection> {
    const visible = await this.visibleIds(actor, scope);
    if (visible !== 'all' && !visible.includes(id)) throw notFound('巡视巡察');
    const inspection = await this.dataSource.getRepository(Inspection).findOneBy({ id });
    if (!inspection) throw notFound('巡视巡察');
    return inspection;
  }

  async get(actor: Actor, id: string) {
    // A unit user's scope decides both the rounds and the groups it sees: resolve it once.
    const scope = isUnitRole(actor.role) ? await this.scope.resolve(actor) : undefined;
    const inspection = await this.findVisible(actor, id, scope);
    const feedbackProblems = await this.problemsOf(id);
    const batches = await this.dataSource.getRepository(InspectionBatch).find({ where: { inspectionId: id }, order: { number: 'ASC' } });
    const groups = await this.groupsVisibleTo(actor, id, scope);
    const plans =
      inspection.kind === 'higher_level'
        ? await this.dataSource.getRepository(RectificationPlan).find({ where: { inspectionId: id }, order: { createdAt: 'ASC' } })
        : [];
    return { ...inspection, feedbackProblems, batches, groups, plans };
  }

  async listFeedbackProblems(actor: Actor, id: string): Promise<FeedbackProblem[]> {
    await this.findVisible(actor, id);
    return this.problemsOf(id);
  }

  private problemsOf(inspectionId: string): Promise<FeedbackProblem[]> {
    return this.dataSource.getRepository(FeedbackProblem).find({ where: { inspectionId }, order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  addFeedbackProblem(actor: Actor, inspectionId: string, dto: CreateFeedbackProblemDto): Promise<FeedbackProblem> {
    const code = normalizeProblemCode(dto.code);
    if (!code) throw badRequest('问题编号无效', field('code', 'code must look like 1-1'));
    return this.dataSource.transaction(async (m) => {
      const inspection = await this.lockInspection(m, inspectionId);
      if (inspection.kind !== 'higher_level') throw conflict('只有上级巡视可登记反馈问题');
      if (await m.existsBy(FeedbackProblem, { inspectionId, code })) throw conflict(`反馈问题编号“${code}”已存在`, ErrorCode.Duplicate);
      const [{ max }] = await m.query(`SELECT COALESCE(MAX(sort_order), 0) AS max FROM feedback_problems WHERE inspection_id = $1`, [
        inspectionId,
      ]);
      const problem = await m.save(
        m.create(FeedbackProblem, { inspectionId, code, category: dto.category, description: dto.description, sortOrder: Number(max) + 1 }),
      );
      await this.audit.record(m, actor, {
        action: 'feedback_problem.create',
        entityType: 'feedback_problem',
        entityId: problem.id,
        after: problem,
      });
      return problem;
    });
  }

  addBatch(actor: Actor, inspectionId: string, dto: CreateBatchDto): Promise<InspectionBatch> {
    assertDateRange(dto.startDate, dto.endDate);
    return this.dataSource.transaction(async (m) => {
      const inspection = await this.lockInspection(m, inspectionId);
      if (inspection.kind !== 'internal_round') throw conflict('只有本级巡察轮次可设置批次');
      if (await m.existsBy(InspectionBatch, { inspectionId, number: dto.number })) {
        throw conflict(`第${dto.number}批次已存在`, ErrorCode.Duplicate);
      }
      const batch = await m.save(
        m.create(InspectionBatch, { inspectionId, number: dto.number, startDate: dto.startDate, endDate: dto.endDate }),
      );
      await this.audit.record(m, actor, {
        action: 'inspection_batch.create',
        entityType: 'inspection_batch',
        entityId: batch.id,
        after: batch,
      });
      return batch;
    });
  }

  /**
   * A group of an internal round (the office). Its leader and members are told of their assignment
   * (round, group, their part in it, the units to inspect) in the same transaction, kind decision.
   */
  async addGroup(actor: Actor, inspectionId: string, dto: CreateGroupDto): Promise<GroupView> {
    const { view, deliveries, key } = await this.dataSource.transaction(async (m) => {
      const inspection = await this.lockInspection(m, inspectionId);
      if (inspection.kind !== 'internal_round') throw conflict('只有本级巡察轮次可设置巡察组');
      if (dto.batchId && !(await m.existsBy(InspectionBatch, { id: dto.batchId, inspectionId }))) {
        throw badRequest('批次不属于该巡察轮次', field('batchId', 'batch does not belong to this round'));
      }
      const userIds = [...new Set([...(dto.leaderId ? [dto.leaderId] : []), ...(dto.memberIds ?? [])])];
      const users = userIds.length ? await m.findBy(User, { id: In(userIds) }) : [];
      const found = new Set(users.map((u) => u.id));
      if (dto.leaderId && !found.has(dto.leaderId)) throw badRequest('组长不是系统用户', field('leaderId', 'user not found'));
      const missingMembers = (dto.memberIds ?? []).filter((id) => !found.has(id));
      if (missingMembers.length) throw badRequest('组员不是系统用户', field('memberIds', `users not found: ${missingMembers.join(', ')}`));
      const units = await m.findBy(Unit, { id: In(dto.unitIds) });
      if (units.length !== dto.unitIds.length) {
        const have = new Set(units.map((u) => u.id));
        throw badRequest('被巡察单位不存在', field('unitIds', `units not found: ${dto.unitIds.filter((id) => !have.has(id)).join(', ')}`));
      }
      await assertUnitsActive(m, dto.unitIds, '巡察组分派');
      const group = await m.save(
        m.create(InspectionGroup, { inspectionId, name: dto.name, batchId: dto.batchId ?? null, leaderId: dto.leaderId ?? null }),
      );
      if (dto.memberIds?.length) {
        await m
          .createQueryBuilder()
          .insert()
          .into('inspection_group_members', ['group_id', 'user_id'])
          .values(dto.memberIds.map((userId) => ({ group_id: group.id, user_id: userId })))
          .execute();
      }
      await m
        .createQueryBuilder()
        .insert()
        .into('inspection_group_units', ['group_id', 'unit_id'])
        .values(dto.unitIds.map((unitId) => ({ group_id: group.id, unit_id: unitId })))
        .execute();
      const view = (await this.loadGroups(m, inspectionId, [group.id]))[0];
      await this.audit.record(m, actor, {
        action: 'inspection_group.create',
        entityType: 'inspection_group',
        entityId: group.id,
        after: view,
      });
      const key = `group-assigned:${group.id}`;
      const batch = dto.batchId ? await m.findOneByOrFail(InspectionBatch, { id: dto.batchId }) : null;
      const when = batch ? `，第${batch.number}批次（${batch.startDate}至${batch.endDate}）` : '';
      const unitNames = view.units.map((u) => u.name).join('、');
      const tell = (suffix: string, userIds: string[], part: string) =>
        this.messages.record(
          m,
          userIds.filter((u) => u !== actor.id),
          {
            key: `${key}:${suffix}`,
            title: '巡察组分派',
            body: `您已被编入《${inspection.title}》${view.name}（${part}）${when}，负责巡察：${unitNames}。`,
          },
          { kind: 'decision' },
        );
      const deliveries = [
        ...(view.leader ? await tell('leader', [view.leader.id], '组长') : []),
        ...(await tell(
          'member',
          view.members.map((u) => u.id).filter((u) => u !== view.leader?.id),
          '组员',
        )),
      ];
      return { view, deliveries, key };
    });
    await this.messages.enqueue(deliveries, key);
    return view;
  }

  /**
   * Ends an internal round (the office): its inspectors no longer see the units their groups
   * inspected in it, nor the round (ScopeService, visibleIds). `reopen` gives the access back.
   * Both tell the round's group leaders and members, in the same transaction (kind decision): their
   * access ends or comes back with it, so the notice is written with the change or not at all.
   */
  async setRoundStatus(actor: Actor, id: string, status: 'open' | 'closed'): Promise<Inspection> {
    const { round, deliveries, key } = await this.dataSource.transaction(async (m) => {
      const inspection = await this.lockInspection(m, id);
      if (inspection.kind !== 'internal_round') throw conflict('只有本级巡察轮次可以结束或重新开启');
      if (inspection.status === status) {
        throw conflict(status === 'closed' ? '该巡察轮次已结束' : '该巡察轮次未结束，无需重新开启', ErrorCode.IllegalTransition);
      }
      const closedAt = status === 'closed' ? this.clock.now() : null;
      await m.update(Inspection, { id }, { status, closedAt });
      await this.audit.record(m, actor, {
        action: status === 'closed' ? 'inspection.close' : 'inspection.reopen',
        entityType: 'inspection',
        entityId: id,
        before: { status: inspection.status, closedAt: inspection.closedAt },
        after: { status, closedAt },
      });
      const people: { id: string }[] = await m.query(
        `SELECT g.leader_id AS id FROM inspection_groups g WHERE g.inspection_id = $1 AND g.leader_id IS NOT NULL
         UNION
         SELECT gm.user_id FROM inspection_group_members gm JOIN inspection_groups g ON g.id = gm.group_id WHERE g.inspection_id = $1`,
        [id],
      );
      // Unique per decision: a close, reopen and close within one clock tick are three notices.
      const key = `round-${status}:${id}:${randomUUID()}`; // (keys hold 100 characters)
      const title = inspection.title;
      const deliveries = await this.messages.record(
        m,
        people.map((p) => p.id).filter((p) => p !== actor.id),
        {
          key,
          title: status === 'closed' ? `巡察轮次“${title}”已结束` : `巡察轮次“${title}”已重新开启`,
          body:
            status === 'closed'
              ? `巡察办已结束巡察轮次“${title}”。本轮巡察组对被巡察单位的查阅权限随之终止。`
              : `巡察办已重新开启巡察轮次“${title}”。本轮巡察组恢复对被巡察单位的查阅权限。`,
        },
        { kind: 'decision' },
      );
      return { round: { ...inspection, status, closedAt }, deliveries, key };
    });
    await this.messages.enqueue(deliveries, key);
    return round;
  }

  /** Bureau roles see every group; inspectors their own groups; unit users the groups inspecting their units (their units only). */
  private async groupsVisibleTo(actor: Actor, inspectionId: string, scope?: Scope): Promise<GroupView[]> {
    const groups = await this.loadGroups(this.dataSource.manager, inspectionId);
    if (BUREAU_ROLES.includes(actor.role)) return groups;
    if (actor.role === 'inspector') {
      return groups.filter((g) => g.leader?.id === actor.id || g.members.some((u) => u.id === actor.id));
    }
    scope ??= await this.scope.resolve(actor);
    return groups
      .map((g) => ({ ...g, members: [], units: g.units.filter((u) => ScopeService.includes(scope, u.id)) }))
      .filter((g) => g.units.length > 0);
  }

  private async loadGroups(m: EntityManager, inspectionId: string, ids?: string[]): Promise<GroupView[]> {
    const qb = m
      .getRepository(InspectionGroup)
      .createQueryBuilder('g')
      .leftJoinAndSelect('g.leader', 'leader')
      .leftJoinAndSelect('g.members', 'member')
      .leftJoinAndSelect('g.units', 'unit')
      .leftJoin('g.batch', 'batch')
      .where('g.inspectionId = :inspectionId', { inspectionId })
      .orderBy('batch.number', 'ASC', 'NULLS LAST')
      .addOrderBy('g.name', 'ASC')
      .addOrderBy('unit.code', 'ASC');
    if (ids) qb.andWhere('g.id IN (:...ids)', { ids });
    const groups = await qb.getMany();
    const person = (u: User) => ({ id: u.id, displayName: u.displayName });
    return groups.map((g) => ({
      id: g.id,
      inspectionId: g.inspectionId,
      name: g.name,
      batchId: g.batchId,
      leader: g.leader ? person(g.leader) : null,
      members: (g.members ?? []).map(person),
      units: (g.units ?? []).map((u) => ({ id: u.id, code: u.code, name: u.name })),
    }));
  }

  private async lockInspection(m: EntityManager, id: string): Promise<Inspection> {
    const inspection = await m
      .getRepository(Inspection)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.id = :id', { id })
      .getOne();
    if (!inspection) throw notFound('巡视巡察');
    return inspection;
  }
}
