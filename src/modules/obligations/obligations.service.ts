import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SYSTEM_ACTOR, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { addDays, addMonths, calendarDateIn } from '../../common/dates.js';
import { badRequest, conflict, ErrorCode, notFound } from '../../common/errors.js';
import { OBLIGATION_KIND_LABELS } from '../../common/labels.js';
import type { Page } from '../../common/pagination.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { activeUnitManagers } from '../units/units.repository.js';
import type { CorrectFeedbackDto, CreateFeedbackDto, FeedbackDto, ListFeedbacksQuery, ObligationDto } from './obligations.dto.js';
import type { ObligationKind } from './obligations.entities.js';
import { FollowUpMessagesService } from '../follow-up/messages.service.js';

/** The obligations of a round that other modules settle: the unit's 整改方案 and 整改情况报告. */
export interface RoundObligationKey {
  kind: Extract<ObligationKind, 'unit_plan' | 'unit_report'>;
  inspectionId: string;
  unitId: string;
}

/** Error details naming the field, as the validation pipe gives them. */
export const field = (name: string, message: string) => [{ field: name, messages: [message] }];

interface ObligationRow {
  id: string;
  kind: ObligationKind;
  inspection_id: string;
  unit_id: string;
  due_date: string | null;
  satisfied_at: Date | null;
  escalation_level: number;
}

const OBLIGATION_COLUMNS = `o.id, o.kind, o.inspection_id, o.unit_id, to_char(o.due_date, 'YYYY-MM-DD') AS due_date, o.satisfied_at, o.escalation_level`;

function toObligation(r: ObligationRow): ObligationDto {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: OBLIGATION_KIND_LABELS[r.kind],
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    dueDate: r.due_date,
    satisfiedAt: r.satisfied_at,
    escalationLevel: r.escalation_level,
  };
}

/**
 * What a unit owes after a round, and the feedback date it runs from. The follow-up sweep chases
 * every open obligation with a due date (reminders, the ladder, exactly once: see SweepService);
 * an obligation stops being chased once satisfied — by the module that receives what was owed,
 * inside its own transaction (`satisfy`).
 */
@Injectable()
export class ObligationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly messages: FollowUpMessagesService,
  ) {}

  timeZone(): string {
    return this.config.get('APP_TIMEZONE', { infer: true });
  }

  /** Today in APP_TIMEZONE (Shanghai's date at 17:00Z is already tomorrow). */
  today(): string {
    return calendarDateIn(this.clock.now(), this.timeZone());
  }

  /**
   * Settles a round's obligation (the unit's 整改方案 submitted, its 整改情况报告 submitted):
   * call it inside the transaction that receives it, with that transaction's manager. The sweep
   * stops chasing it at once. Idempotent; before the feedback is recorded it is kept as already
   * settled (the feedback then only sets its due date). Returns true when this call settled it.
   */
  async satisfy(m: EntityManager, key: RoundObligationKey, actor?: Actor): Promise<boolean> {
    const now = this.clock.now();
    const rows: { id: string; settled: boolean }[] = await m.query(
      `INSERT INTO unit_obligations (id, kind, inspection_id, unit_id, satisfied_at, created_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $4)
       ON CONFLICT (kind, inspection_id, unit_id) WHERE self_check_id IS NULL
       DO UPDATE SET satisfied_at = $4 WHERE unit_obligations.satisfied_at IS NULL
       RETURNING id, true AS settled`,
      [key.kind, key.inspectionId, key.unitId, now],
    );
    if (rows.length === 0) return false;
    await this.audit.record(m, actor ?? SYSTEM_ACTOR, {
      action: 'obligation.satisfy',
      entityType: 'unit_obligation',
      entityId: rows[0].id,
      after: { ...key, satisfiedAt: now },
    });
    return true;
  }

  /**
   * Opens a settled obligation again (a plan or report returned to the unit): chased again from
   * where its ladder stood. Same transaction rule as `satisfy`. Returns true when it was settled.
   */
  async reopen(m: EntityManager, key: RoundObligationKey, actor?: Actor): Promise<boolean> {
    const rows: { id: string }[] = await m.query(
      `WITH o AS (
         UPDATE unit_obligations SET satisfied_at = NULL
          WHERE kind = $1 AND inspection_id = $2 AND unit_id = $3 AND self_check_id IS NULL AND satisfied_at IS NOT NULL
         RETURNING id
       ) SELECT id FROM o`,
      [key.kind, key.inspectionId, key.unitId],
    );
    if (rows.length === 0) return false;
    await this.audit.record(m, actor ?? SYSTEM_ACTOR, {
      action: 'obligation.reopen',
      entityType: 'unit_obligation',
      entityId: rows[0].id,
      after: { ...key, satisfiedAt: null },
    });
    return true;
  }

  /** POST /inspections/:id/feedbacks (office): the feedback date of one unit, and its two deadlines. */
  async recordFeedback(actor: Actor, inspectionId: string, dto: CreateFeedbackDto): Promise<FeedbackDto> {
    const planDue = addDays(dto.feedbackDate, this.config.get('UNIT_PLAN_DUE_DAYS', { infer: true }));
    const reportDue = addMonths(dto.feedbackDate, this.config.get('UNIT_REPORT_DUE_MONTHS', { infer: true }));
    const { id, deliveries } = await this.dataSource.transaction(async (m) => {
      const [round]: { kind: string; title: string }[] = await m.query(`SELECT kind, title FROM inspections WHERE id = $1`, [inspectionId]);
      if (!round) throw notFound('巡察轮次');
      if (round.kind !== 'internal_round') throw badRequest('只能为本级巡察轮次登记反馈日期');
      const [unit] = await m.query(`SELECT id FROM units WHERE id = $1`, [dto.unitId]);
      if (!unit) throw badRequest('被反馈单位不存在', field('unitId', 'unit not found'));
      if (dto.groupId) {
        const [group] = await m.query(`SELECT id FROM inspection_groups WHERE id = $1 AND inspection_id = $2`, [dto.groupId, inspectionId]);
        if (!group) throw badRequest('巡察组不属于该轮次', field('groupId', 'group not in this round'));
      }
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO unit_feedbacks (id, inspection_id, unit_id, group_id, feedback_date, created_by_id, created_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)
         ON CONFLICT ON CONSTRAINT uq_unit_feedback DO NOTHING RETURNING id`,
        [inspectionId, dto.unitId, dto.groupId ?? null, dto.feedbackDate, actor.id, this.clock.now()],
      );
      if (!row) throw conflict('该单位本轮的反馈日期已登记', ErrorCode.Duplicate);
      // An obligation settled before the feedback (a plan submitted early) keeps its settlement.
      await m.query(
        `INSERT INTO unit_obligations (id, kind, inspection_id, unit_id, due_date, created_at)
         SELECT gen_random_uuid(), k.kind, $1, $2, k.due, $5
           FROM (VALUES ('unit_plan', $3::date), ('unit_report', $4::date)) AS k(kind, due)
         ON CONFLICT (kind, inspection_id, unit_id) WHERE self_check_id IS NULL
         DO UPDATE SET due_date = EXCLUDED.due_date`,
        [inspectionId, dto.unitId, planDue, reportDue, this.clock.now()],
      );
      await this.audit.record(m, actor, {
        action: 'feedback.create',
        entityType: 'unit_feedback',
        entityId: row.id,
        after: { inspectionId, ...dto, planDueDate: planDue, reportDueDate: reportDue },
      });
      // The unit learns what it now owes and by when, with the record of the feedback or not at all.
      const managers = await activeUnitManagers(m, dto.unitId);
      const deliveries = await this.messages.record(
        m,
        managers,
        {
          key: `feedback:${row.id}`,
          title: '巡察反馈意见及整改报送期限',
          body: `${round.title}：巡察组已于${dto.feedbackDate}向本单位反馈巡察意见。请于${planDue}前报送整改方案（问题清单、任务清单、责任清单），于${reportDue}前报送整改情况报告。`,
        },
        { kind: 'decision' },
      );
      return { id: row.id, deliveries };
    });
    await this.messages.enqueue(deliveries, `feedback:${id}`);
    const [feedback] = await this.feedbackRows(`f.id = $1`, [id], 0, 1);
    return feedback;
  }

  /**
   * Corrects a feedback date typed wrong (巡察办): the unit's 整改方案 and 整改情况报告 deadlines move
   * with it. A deadline still owed starts a new deadline version, so the ladder starts again from
   * the corrected date (the reminders sent under the wrong one stay on record); one already met keeps
   * its settlement. The unit's managers are told, with the reason, in the same transaction.
   */
  async correctFeedback(actor: Actor, inspectionId: string, feedbackId: string, dto: CorrectFeedbackDto): Promise<FeedbackDto> {
    const planDue = addDays(dto.feedbackDate, this.config.get('UNIT_PLAN_DUE_DAYS', { infer: true }));
    const reportDue = addMonths(dto.feedbackDate, this.config.get('UNIT_REPORT_DUE_MONTHS', { infer: true }));
    const key = `feedback-correction:${feedbackId}:${randomUUID()}`;
    const deliveries = await this.dataSource.transaction(async (m) => {
      const [row]: { unit_id: string; feedback_date: string; title: string }[] = await m.query(
        `SELECT f.unit_id, to_char(f.feedback_date, 'YYYY-MM-DD') AS feedback_date, i.title
           FROM unit_feedbacks f JOIN inspections i ON i.id = f.inspection_id
          WHERE f.id = $1 AND f.inspection_id = $2 FOR UPDATE OF f`,
        [feedbackId, inspectionId],
      );
      if (!row) throw notFound('反馈记录');
      if (row.feedback_date === dto.feedbackDate) {
        throw badRequest(`反馈日期已是${dto.feedbackDate}，无需更正`, field('feedbackDate', 'unchanged'));
      }
      await m.query(`UPDATE unit_feedbacks SET feedback_date = $2 WHERE id = $1`, [feedbackId, dto.feedbackDate]);
      await m.query(
        `UPDATE unit_obligations o
            SET due_date = k.due,
                deadline_version = CASE WHEN o.satisfied_at IS NULL THEN o.deadline_version + 1 ELSE o.deadline_version END,
                escalation_level = CASE WHEN o.satisfied_at IS NULL THEN 0 ELSE o.escalation_level END
           FROM (VALUES ('unit_plan', $3::date), ('unit_report', $4::date)) AS k(kind, due)
          WHERE o.inspection_id = $1 AND o.unit_id = $2 AND o.self_check_id IS NULL AND o.kind = k.kind`,
        [inspectionId, row.unit_id, planDue, reportDue],
      );
      await this.audit.record(m, actor, {
        action: 'feedback.correct',
        entityType: 'unit_feedback',
        entityId: feedbackId,
        before: { feedbackDate: row.feedback_date },
        after: { feedbackDate: dto.feedbackDate, planDueDate: planDue, reportDueDate: reportDue, reason: dto.reason },
      });
      const managers = await activeUnitManagers(m, row.unit_id);
      return this.messages.record(
        m,
        managers,
        {
          key,
          title: '巡察反馈日期更正',
          body: `${row.title}：向本单位反馈巡察意见的日期由${row.feedback_date}更正为${dto.feedbackDate}（理由：${dto.reason}）。整改方案报送期限相应调整为${planDue}，整改情况报告报送期限调整为${reportDue}。`,
        },
        { kind: 'decision' },
      );
    });
    await this.messages.enqueue(deliveries, key);
    const [feedback] = await this.feedbackRows(`f.id = $1`, [feedbackId], 0, 1);
    return feedback;
  }

  /** GET /inspections/:id/feedbacks: scoped like the rest (a unit sees its own subtree). */
  async listFeedbacks(actor: Actor, inspectionId: string, q: ListFeedbacksQuery): Promise<Page<FeedbackDto>> {
    const scope = await this.scope.resolve(actor);
    const params: unknown[] = [inspectionId];
    const where = [`f.inspection_id = $1`, ScopeService.sqlClause(scope, 'f.unit_id', params)];
    if (q.unitId) {
      params.push(q.unitId);
      where.push(`f.unit_id = $${params.length}`);
    }
    const clause = where.join(' AND ');
    const [data, [{ total }]] = await Promise.all([
      this.feedbackRows(clause, params, q.offset, q.pageSize),
      this.dataSource.query(`SELECT count(*)::int AS total FROM unit_feedbacks f WHERE ${clause}`, params),
    ]);
    return { data, total, page: q.page, pageSize: q.pageSize };
  }

  private async feedbackRows(where: string, params: unknown[], offset: number, limit: number): Promise<FeedbackDto[]> {
    const n = params.length;
    const rows: {
      id: string;
      inspection_id: string;
      unit_id: string;
      unit_name: string;
      group_id: string | null;
      feedback_date: string;
      created_at: Date;
      obligations: ObligationRow[];
    }[] = await this.dataSource.query(
      `SELECT f.id, f.inspection_id, f.unit_id, u.name AS unit_name, f.group_id, to_char(f.feedback_date, 'YYYY-MM-DD') AS feedback_date,
              f.created_at,
              COALESCE((SELECT jsonb_agg(to_jsonb(x) ORDER BY x.kind) FROM (
                 SELECT ${OBLIGATION_COLUMNS} FROM unit_obligations o
                  WHERE o.inspection_id = f.inspection_id AND o.unit_id = f.unit_id AND o.self_check_id IS NULL) x), '[]') AS obligations
         FROM unit_feedbacks f JOIN units u ON u.id = f.unit_id
        WHERE ${where}
        ORDER BY f.feedback_date DESC, u.code, f.id OFFSET $${n + 1} LIMIT $${n + 2}`,
      [...params, offset, limit],
    );
    return rows.map((r) => {
      const obligations = r.obligations.map(toObligation);
      const due = (kind: ObligationKind) => obligations.find((o) => o.kind === kind)?.dueDate ?? '';
      return {
        id: r.id,
        inspectionId: r.inspection_id,
        unitId: r.unit_id,
        unitName: r.unit_name,
        groupId: r.group_id,
        feedbackDate: r.feedback_date,
        planDueDate: due('unit_plan'),
        reportDueDate: due('unit_report'),
        obligations,
        createdAt: r.created_at,
      };
    });
  }
}
