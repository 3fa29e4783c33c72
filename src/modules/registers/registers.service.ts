import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { calendarDateIn } from '../../common/dates.js';
import { badRequest, conflict, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { Page, PageQuery } from '../../common/pagination.js';
import type { Role } from '../../common/roles.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { unitSubtreeSql } from '../units/units.repository.js';
import type {
  CreateAccountabilityDto,
  CreateClueDto,
  CreateInterviewDto,
  ListCluesQuery,
  ListUnitRecordsQuery,
  UpdateClueDto,
} from './registers.dto.js';
import { AccountabilityRecord, Clue, Interview } from './registers.entities.js';

const field = (name: string, message: string) => [{ field: name, messages: [message] }];

/** Who keeps (writes) and who reads each register. Anyone else gets the register's 404, admin included. */
const REGISTER_WRITERS: readonly Role[] = ['office', 'leadership'];
const CLUE_WRITERS: readonly Role[] = ['office'];
const REGISTER_READERS: readonly Role[] = ['office', 'leadership'];

const CLUE = '问题线索';
const INTERVIEW = '约谈记录';
const ACCOUNTABILITY = '问责记录';

/**
 * The office's registers that units never see (问题线索, 约谈, 问责). Whoever may not read a register
 * gets the same 404 as for an id that does not exist, admin included: RegisterReadersGuard at the
 * route (before the body is validated), and again here so no other caller of the service can read
 * around it. The one exception: a unit's manager reads the 约谈 records of his unit (and its
 * sub-units), through the ScopeService like every list.
 */
@Injectable()
export class RegistersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly notices: DecisionNoticesService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  // ── 问题线索 ──────────────────────────────────────────────────────────────

  /**
   * Registers a clue; a finding has at most one (409 naming the day the first was registered, in
   * APP_TIMEZONE). The finding row is locked for the check, so two posts at once cannot both pass.
   */
  createClue(actor: Actor, dto: CreateClueDto): Promise<Clue> {
    this.assertWriter(actor, CLUE_WRITERS, CLUE);
    return this.dataSource.transaction(async (m) => {
      const [inspection]: { kind: string }[] = await m.query(`SELECT kind FROM inspections WHERE id = $1`, [dto.inspectionId]);
      if (!inspection) throw badRequest('巡察轮次不存在', field('inspectionId', 'inspection not found'));
      if (inspection.kind !== 'internal_round')
        throw badRequest('问题线索须登记在本级巡察轮次下', field('inspectionId', 'inspection must be an internal round'));
      if (dto.unitId && !(await this.unitExists(m, dto.unitId))) throw badRequest('单位不存在', field('unitId', 'unit not found'));
      if (dto.findingId) {
        // The finding row is locked until commit: a second post for the same finding waits here,
        // then (a new statement, so it sees the first one's clue) answers 409 below.
        const [finding]: { inspection_id: string; unit_id: string }[] = await m.query(
          `SELECT inspection_id, unit_id FROM findings WHERE id = $1 FOR UPDATE`,
          [dto.findingId],
        );
        if (!finding) throw badRequest('发现问题不存在', field('findingId', 'finding not found'));
        if (finding.inspection_id !== dto.inspectionId)
          throw badRequest('发现问题不属于该巡察轮次', field('findingId', 'finding not in this round'));
        if (dto.unitId && finding.unit_id !== dto.unitId)
          throw badRequest('发现问题不属于该单位', field('findingId', 'finding not of this unit'));
        const first = await m.findOne(Clue, { where: { findingId: dto.findingId }, order: { createdAt: 'ASC' } });
        if (first) {
          const on = calendarDateIn(first.createdAt, this.config.get('APP_TIMEZONE', { infer: true }));
          throw conflict(
            `该发现问题已于${on}登记问题线索（${first.transferredOn}移交${first.transferredTo}），不能重复登记；处置结果请在原线索上登记`,
            ErrorCode.Duplicate,
          );
        }
      }
      const clue = await m.save(
        m.create(Clue, {
          inspectionId: dto.inspectionId,
          unitId: dto.unitId ?? null,
          findingId: dto.findingId ?? null,
          summary: dto.summary,
          transferredTo: dto.transferredTo,
          transferredOn: dto.transferredOn,
          outcome: null,
          outcomeOn: null,
          createdById: actor.id,
        }),
      );
      await this.audit.record(m, actor, { action: 'clue.create', entityType: 'clue', entityId: clue.id, after: clue });
      return clue;
    });
  }

  updateClue(actor: Actor, id: string, dto: UpdateClueDto): Promise<Clue> {
    this.assertReader(actor, REGISTER_READERS, CLUE);
    this.assertWriter(actor, CLUE_WRITERS, CLUE);
    return this.dataSource.transaction(async (m) => {
      const clue = await m.findOne(Clue, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!clue) throw notFound(CLUE);
      if (dto.outcomeOn < clue.transferredOn)
        throw badRequest('处置日期不能早于移交日期', field('outcomeOn', 'must not be before transferredOn'));
      const before = { ...clue };
      clue.outcome = dto.outcome;
      clue.outcomeOn = dto.outcomeOn;
      await m.save(clue);
      await this.audit.record(m, actor, { action: 'clue.update', entityType: 'clue', entityId: id, before, after: clue });
      return clue;
    });
  }

  async listClues(actor: Actor, q: ListCluesQuery): Promise<Page<Clue>> {
    this.assertReader(actor, REGISTER_READERS, CLUE);
    const qb = this.dataSource.getRepository(Clue).createQueryBuilder('c');
    if (q.inspectionId) qb.andWhere('c.inspectionId = :inspectionId', { inspectionId: q.inspectionId });
    if (q.unitId) qb.andWhere('c.unitId = :unitId', { unitId: q.unitId });
    if (q.findingId) qb.andWhere('c.findingId = :findingId', { findingId: q.findingId });
    if (q.findingIds) qb.andWhere('c.findingId IN (:...findingIds)', { findingIds: q.findingIds.length ? q.findingIds : [null] });
    if (q.transferredTo) qb.andWhere('c.transferredTo = :transferredTo', { transferredTo: q.transferredTo });
    return page(qb.orderBy('c.transferredOn', 'DESC').addOrderBy('c.id', 'ASC'), q);
  }

  async getClue(actor: Actor, id: string): Promise<Clue> {
    this.assertReader(actor, REGISTER_READERS, CLUE);
    const clue = await this.dataSource.getRepository(Clue).findOneBy({ id });
    if (!clue) throw notFound(CLUE);
    return clue;
  }

  // ── 约谈 ───────────────────────────────────────────────────────────────────

  /**
   * Records a 约谈; with items, it answers their level-3 escalations (约谈 recommended by the
   * ladder) that have none yet: those ledger rows now point at it (shown in /items/:id/reminders).
   * The unit's managers are told through the notification ledger (inbox and e-mail, not robots).
   */
  async createInterview(actor: Actor, dto: CreateInterviewDto): Promise<Interview & { linkedEscalations: number }> {
    this.assertInterviewReader(actor);
    this.assertWriter(actor, REGISTER_WRITERS, INTERVIEW);
    const { result, deliveries } = await this.dataSource.transaction(async (m) => {
      const itemIds = await this.checkUnitItems(m, dto.unitId, dto.itemIds ?? []);
      const interview = await m.save(
        m.create(Interview, {
          unitId: dto.unitId,
          itemIds,
          date: dto.date,
          interviewer: dto.interviewer,
          note: dto.note,
          createdById: actor.id,
        }),
      );
      const linked: { id: string }[] = itemIds.length
        ? await m.query(
            // (a SELECT over the UPDATE: TypeORM answers a bare UPDATE … RETURNING as [rows, count])
            `WITH linked AS (
               UPDATE reminder_ledger SET interview_id = $1
                WHERE kind = 'escalation' AND level = 3 AND interview_id IS NULL AND item_id = ANY($2::uuid[])
               RETURNING id
             ) SELECT id FROM linked`,
            [interview.id, itemIds],
          )
        : [];
      // The unit's managers are told through the notification ledger (a unit's row, no item).
      const deliveries = await this.notices.recordInterview(m, actor, {
        interviewId: interview.id,
        unitId: dto.unitId,
        note: `约谈日期：${dto.date}，约谈人：${dto.interviewer}`,
      });
      await this.audit.record(m, actor, {
        action: 'interview.create',
        entityType: 'interview',
        entityId: interview.id,
        after: { ...interview, linkedEscalations: linked.map((r) => r.id) },
      });
      return { result: { ...interview, linkedEscalations: linked.length }, deliveries };
    });
    await this.notices.enqueue(deliveries);
    return result;
  }

  async listInterviews(actor: Actor, q: ListUnitRecordsQuery): Promise<Page<Interview>> {
    this.assertInterviewReader(actor);
    const qb = this.dataSource.getRepository(Interview).createQueryBuilder('r');
    ScopeService.restrict(qb, await this.scope.resolve(actor), 'r.unitId');
    if (q.unitId) qb.andWhere('r.unitId = :unitId', { unitId: q.unitId });
    return page(qb.orderBy('r.date', 'DESC').addOrderBy('r.id', 'ASC'), q);
  }

  async getInterview(actor: Actor, id: string): Promise<Interview> {
    this.assertInterviewReader(actor);
    const interview = await this.dataSource.getRepository(Interview).findOneBy({ id });
    if (!interview) throw notFound(INTERVIEW);
    await this.scope.assertUnit(actor, interview.unitId, INTERVIEW);
    return interview;
  }

  // ── 问责 ───────────────────────────────────────────────────────────────────

  createAccountability(actor: Actor, dto: CreateAccountabilityDto): Promise<AccountabilityRecord> {
    this.assertWriter(actor, REGISTER_WRITERS, ACCOUNTABILITY);
    return this.dataSource.transaction(async (m) => {
      const itemIds = await this.checkUnitItems(m, dto.unitId, dto.itemIds ?? []);
      const record = await m.save(
        m.create(AccountabilityRecord, {
          unitId: dto.unitId,
          itemIds,
          subject: dto.subject,
          decision: dto.decision,
          decidedOn: dto.decidedOn,
          createdById: actor.id,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'accountability.create',
        entityType: 'accountability_record',
        entityId: record.id,
        after: record,
      });
      return record;
    });
  }

  async listAccountability(actor: Actor, q: ListUnitRecordsQuery): Promise<Page<AccountabilityRecord>> {
    this.assertReader(actor, REGISTER_READERS, ACCOUNTABILITY);
    const qb = this.dataSource.getRepository(AccountabilityRecord).createQueryBuilder('r');
    if (q.unitId) qb.andWhere('r.unitId = :unitId', { unitId: q.unitId });
    return page(qb.orderBy('r.decidedOn', 'DESC').addOrderBy('r.id', 'ASC'), q);
  }

  async getAccountability(actor: Actor, id: string): Promise<AccountabilityRecord> {
    this.assertReader(actor, REGISTER_READERS, ACCOUNTABILITY);
    const record = await this.dataSource.getRepository(AccountabilityRecord).findOneBy({ id });
    if (!record) throw notFound(ACCOUNTABILITY);
    return record;
  }

  // ── rules ─────────────────────────────────────────────────────────────────

  /** Not a reader: the register's 404, the same as for an id that does not exist. */
  private assertReader(actor: Actor, readers: readonly Role[], what: string): void {
    if (!readers.includes(actor.role)) throw notFound(what);
  }

  /** A reader may know the register exists: a reader who may not write it gets 403; anyone else 404. */
  private assertWriter(actor: Actor, writers: readonly Role[], what: string): void {
    if (writers.includes(actor.role)) return;
    const reads = what === INTERVIEW ? actor.role === 'unit_manager' : REGISTER_READERS.includes(actor.role);
    throw reads ? forbidden() : notFound(what);
  }

  private assertInterviewReader(actor: Actor): void {
    if (actor.role !== 'unit_manager') this.assertReader(actor, REGISTER_READERS, INTERVIEW);
  }

  private async unitExists(m: EntityManager, unitId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM units WHERE id = $1`, [unitId]);
    return rows.length > 0;
  }

  /** The unit exists and every item is one of the unit's or its sub-units' (400 naming the others). */
  private async checkUnitItems(m: EntityManager, unitId: string, itemIds: string[]): Promise<string[]> {
    if (!(await this.unitExists(m, unitId))) throw badRequest('单位不存在', field('unitId', 'unit not found'));
    if (itemIds.length === 0) return [];
    const rows: { id: string }[] = await m.query(
      `SELECT i.id FROM rectification_items i WHERE i.id = ANY($2::uuid[]) AND i.responsible_unit_id IN ${unitSubtreeSql('$1')}`,
      [unitId, itemIds],
    );
    const ok = new Set(rows.map((r) => r.id));
    const bad = itemIds.filter((id) => !ok.has(id));
    if (bad.length) {
      throw badRequest(`以下事项不属于该单位或不存在：${bad.join('，')}`, [{ field: 'itemIds', messages: bad }]);
    }
    return itemIds;
  }
}

async function page<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, q: PageQuery): Promise<Page<T>> {
  const [data, total] = await qb.skip(q.offset).take(q.pageSize).getManyAndCount();
  return { data, total, page: q.page, pageSize: q.pageSize };
}
