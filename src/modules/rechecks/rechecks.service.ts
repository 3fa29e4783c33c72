import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, DomainException, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { ItemAccess } from '../rectification/item-access.service.js';
import { RectificationService } from '../rectification/rectification.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { RECHECK_STATUS_LABELS, Recheck } from './recheck.entity.js';
import type { ListRechecksQuery, RecheckResultDto, ScheduleRechecksDto } from './rechecks.dto.js';

const WHAT = '回头看';

/**
 * 回头看: the office schedules re-checks of closed items (by id, or every closed item of a round)
 * and records each result; a re-check that did not hold reopens its item through the lifecycle's
 * reopen (问题反弹), the note as its reason, in the same transaction. Rebound figures per unit.
 */
@Injectable()
export class RechecksService {
  constructor(
    private readonly access: ItemAccess,
    private readonly items: RectificationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly decisions: DecisionNoticesService,
  ) {}

  async schedule(actor: Actor, dto: ScheduleRechecksDto) {
    if (actor.role !== 'office') throw forbidden('只有巡察办可以安排回头看');
    if ((dto.itemIds === undefined) === (dto.inspectionId === undefined)) {
      throw badRequest('须且只能提供 itemIds 或 inspectionId 之一', [{ field: 'itemIds', messages: ['与 inspectionId 二选一'] }]);
    }
    return this.access.transaction(actor, async (m) => {
      let itemIds: string[];
      let skipped = 0;
      if (dto.itemIds) {
        const rows: { id: string; status: string; scheduled: boolean }[] = await m.query(
          `SELECT i.id, i.status, EXISTS (SELECT 1 FROM rechecks r WHERE r.item_id = i.id AND r.status = 'scheduled') AS scheduled
             FROM rectification_items i WHERE i.id = ANY($1::uuid[])`,
          [dto.itemIds],
        );
        const found = new Map(rows.map((r) => [r.id, r]));
        const notClosed = dto.itemIds.filter((id) => found.get(id)?.status !== 'closed');
        if (notClosed.length) {
          throw badRequest(`以下事项不存在或未销号，不能回头看：${notClosed.join('，')}`, [{ field: 'itemIds', messages: notClosed }]);
        }
        const already = rows.filter((r) => r.scheduled).map((r) => r.id);
        if (already.length) throw new DomainException(ErrorCode.Conflict, '以下事项已有待回头看', { itemIds: already });
        itemIds = dto.itemIds;
      } else {
        const rows: { id: string; scheduled: boolean }[] = await m.query(
          `SELECT i.id, EXISTS (SELECT 1 FROM rechecks r WHERE r.item_id = i.id AND r.status = 'scheduled') AS scheduled
             FROM rectification_items i JOIN findings f ON f.id = i.finding_id
            WHERE f.inspection_id = $1 AND i.status = 'closed' ORDER BY i.id`,
          [dto.inspectionId],
        );
        itemIds = rows.filter((r) => !r.scheduled).map((r) => r.id);
        skipped = rows.length - itemIds.length;
      }
      const saved = itemIds.length
        ? await m.save(
            itemIds.map((itemId) => m.create(Recheck, { itemId, dueDate: dto.dueDate, status: 'scheduled', createdById: actor.id })),
          )
        : [];
      for (const r of saved) {
        await this.audit.record(m, actor, {
          action: 'recheck.schedule',
          entityType: 'recheck',
          entityId: r.id,
          subjectId: r.itemId,
          after: r,
        });
      }
      return { scheduled: saved.length, skipped, data: saved.map((r) => RechecksService.view(r)) };
    });
  }

  async list(actor: Actor, q: ListRechecksQuery): Promise<Page<ReturnType<typeof RechecksService.view>>> {
    const scope = await this.access.resolveScope(actor);
    const [rows, total] = await this.access.scoped(actor, (m) => {
      const qb = m.getRepository(Recheck).createQueryBuilder('r').innerJoin('r.item', 'i');
      ScopeService.restrict(qb, scope, 'i.responsibleUnitId');
      if (q.status) qb.andWhere('r.status = :status', { status: q.status });
      if (q.unitId) qb.andWhere('i.responsibleUnitId = :unitId', { unitId: q.unitId });
      if (q.inspectionId) {
        qb.andWhere('i.findingId IN (SELECT f.id FROM findings f WHERE f.inspection_id = :inspectionId)', { inspectionId: q.inspectionId });
      }
      return qb.orderBy('r.dueDate', 'ASC').addOrderBy('r.id', 'ASC').skip(q.offset).take(q.pageSize).getManyAndCount();
    });
    return { data: rows.map((r) => RechecksService.view(r)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string) {
    return RechecksService.view(await this.access.scoped(actor, (m) => this.readable(actor, id, m)));
  }

  /** held: recorded; not held: the item is reopened (问题反弹) with the note as reason, in this one transaction. */
  async result(actor: Actor, id: string, dto: RecheckResultDto) {
    if (actor.role !== 'office') throw forbidden('只有巡察办可以登记回头看结果');
    const { recheck, notices } = await this.access.transaction(actor, async (m) => {
      const recheck = await this.readable(actor, id, m, true);
      if (recheck.status !== 'scheduled') {
        throw conflict(`该回头看已登记结果（${RECHECK_STATUS_LABELS[recheck.status]}）`, ErrorCode.IllegalTransition);
      }
      // The reopen tells the owner and the unit's managers (decision_reopen), saying it came from the 回头看.
      const notices = dto.held
        ? []
        : await this.items.transitionIn(
            m,
            actor,
            recheck.itemId,
            { action: 'reopen', reason: dto.note },
            { noticeNote: `回头看发现问题反弹：${dto.note ?? ''}` },
          );
      const changes = {
        status: dto.held ? ('held' as const) : ('rebound' as const),
        note: dto.note ?? null,
        resultAt: this.clock.now(),
        resultById: actor.id,
      };
      await m.update(Recheck, { id: recheck.id, status: 'scheduled' }, changes);
      await this.audit.record(m, actor, {
        action: `recheck.${changes.status}`,
        entityType: 'recheck',
        entityId: recheck.id,
        subjectId: recheck.itemId,
        before: { status: recheck.status },
        after: changes,
      });
      return { recheck: { ...recheck, ...changes }, notices };
    });
    await this.decisions.enqueue(notices);
    return RechecksService.view(recheck);
  }

  /** Rebounds per unit (the item's responsible unit), in the caller's scope: 反弹率 = rebounds / re-checks with a result. */
  async rebounds(actor: Actor, unitId?: string) {
    const scope = await this.access.resolveScope(actor);
    const params: unknown[] = [];
    const where = [ScopeService.sqlClause(scope, 'i.responsible_unit_id', params)];
    if (unitId) {
      params.push(unitId);
      where.push(`i.responsible_unit_id IN (WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $${params.length}
        UNION SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`);
    }
    const rows: { unit_id: string; unit_name: string; rechecked: number; rebounds: number; scheduled: number }[] = await this.access.scoped(
      actor,
      (m) =>
        m.query(
          `SELECT u.id AS unit_id, u.name AS unit_name,
                  count(*) FILTER (WHERE r.status <> 'scheduled')::int AS rechecked,
                  count(*) FILTER (WHERE r.status = 'rebound')::int AS rebounds,
                  count(*) FILTER (WHERE r.status = 'scheduled')::int AS scheduled
             FROM rechecks r JOIN rectification_items i ON i.id = r.item_id JOIN units u ON u.id = i.responsible_unit_id
            WHERE ${where.join(' AND ')}
            GROUP BY u.id, u.name, u.code ORDER BY u.code`,
          params,
        ),
    );
    const rate = (rebounds: number, rechecked: number) => (rechecked ? rebounds / rechecked : null);
    const rechecked = rows.reduce((s, r) => s + r.rechecked, 0);
    const rebounds = rows.reduce((s, r) => s + r.rebounds, 0);
    return {
      rechecked,
      rebounds,
      reboundRate: rate(rebounds, rechecked),
      scheduled: rows.reduce((s, r) => s + r.scheduled, 0),
      units: rows.map((r) => ({
        unitId: r.unit_id,
        unitName: r.unit_name,
        rechecked: r.rechecked,
        rebounds: r.rebounds,
        reboundRate: rate(r.rebounds, r.rechecked),
      })),
    };
  }

  static view(r: Recheck) {
    return {
      id: r.id,
      itemId: r.itemId,
      dueDate: r.dueDate,
      status: r.status,
      statusLabel: RECHECK_STATUS_LABELS[r.status],
      note: r.note,
      resultAt: r.resultAt,
      createdAt: r.createdAt,
    };
  }

  /** The re-check if its item is in the caller's scope; 404 otherwise. */
  private async readable(actor: Actor, id: string, m: EntityManager, lock = false): Promise<Recheck> {
    const recheck = await m.findOne(Recheck, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!recheck) throw notFound(WHAT);
    const [item]: { unit: string }[] = await m.query(`SELECT responsible_unit_id AS unit FROM rectification_items WHERE id = $1`, [
      recheck.itemId,
    ]);
    const scope = await this.access.resolveScope(actor, m);
    if (!item || !ScopeService.includes(scope, item.unit)) throw notFound(WHAT);
    return recheck;
  }
}
