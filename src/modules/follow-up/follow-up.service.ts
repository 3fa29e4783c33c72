import { InjectQueue } from '@nestjs/bullmq';
import type { FollowUpFailuresDataDto } from './follow-up.responses.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { ConfigService } from '@nestjs/config';
import { calendarDateIn, daysBetween } from '../../common/dates.js';
import { conflict, ErrorCode, notFound } from '../../common/errors.js';
import { DOCUMENT_ISSUERS, ledgerKindLabel } from '../../common/labels.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { JobName, QueueName, type JobPayloads } from '../../queue/queue-names.js';
import { ScopeService } from '../scope/scope.service.js';
import { obligationsBoard } from '../obligations/obligations-board.js';
import { DecisionNoticesService } from './decision-notices.service.js';
import type { SupervisionNoticeView } from './follow-up.dto.js';

const FAILURE_COUNT_SQL = `((SELECT count(*) FROM notification_deliveries WHERE status = 'failed')
  + (SELECT count(*) FROM reminder_ledger WHERE status = 'failed' OR cardinality(unreached_roles) > 0))::int`;

const RECIPIENT_LABELS: Record<string, string> = { owner: '责任人', unit_manager: '单位负责人', office: '巡察办', leadership: '领导小组' };

/** Why a step did not reach everyone it should have, in Chinese. */
export function unreachedReason(roles: readonly string[], recipientCount: number): string {
  const who = roles.map((r) => RECIPIENT_LABELS[r] ?? r).join('、');
  return recipientCount === 0 ? `没有可通知的人（${who || '接收人'}均无在用账号），未能发出` : `${who}无在用账号，未能通知到`;
}

/** How long `?wait=true` waits for a sweep and its deliveries before answering 202 anyway. */
export const SWEEP_WAIT_MS = 120_000;
const POLL_MS = 100;
export const SWEEP_JOB_ATTEMPTS = 10;

export interface SweepStatus {
  runId: string;
  enqueued: number;
  requeued: number;
  delivered: number;
  failed: number;
  pending: number;
  complete: boolean;
}

/** What the API asks of the follow-up engine: trigger sweeps, read reminders, notices and failures. */
@Injectable()
export class FollowUpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.FollowUp) private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly scope: ScopeService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly decisions: DecisionNoticesService,
  ) {}

  /**
   * Enqueue a sweep as of the API's clock: the instant travels in the payload, so a worker in
   * another process needs no clock of the test's.
   */
  async requestSweep(): Promise<{ runId: string }> {
    const runId = randomUUID();
    const data: JobPayloads[JobName.FollowUpSweep] = { runId, asOf: this.clock.now().toISOString() };
    await this.queue.add(JobName.FollowUpSweep, data, {
      jobId: `sweep-${runId}`,
      attempts: SWEEP_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1_000 },
    });
    return { runId };
  }

  /** Wait until the run has recorded and every delivery of it (and of earlier runs) left `pending`. */
  async waitForRun(runId: string, timeoutMs = SWEEP_WAIT_MS): Promise<SweepStatus> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.runStatus(runId);
      if (status.complete || Date.now() >= until) return status;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async runStatus(runId: string): Promise<SweepStatus> {
    const [run]: { seq: string; enqueued: number; requeued: number; finished_at: Date | null }[] = await this.dataSource.query(
      `SELECT seq, enqueued, requeued, finished_at FROM follow_up_runs WHERE id = $1`,
      [runId],
    );
    if (!run || !run.finished_at) {
      return { runId, enqueued: 0, requeued: 0, delivered: 0, failed: 0, pending: 0, complete: false };
    }
    const [c]: { delivered: string; failed: string; pending: string }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE d.status = 'delivered' AND d.run_id = $1) AS delivered,
              count(*) FILTER (WHERE d.status = 'failed' AND d.run_id = $1) AS failed,
              count(*) FILTER (WHERE d.status = 'pending') AS pending
         FROM notification_deliveries d JOIN follow_up_runs r ON r.id = d.run_id
        WHERE r.seq <= $2`,
      [runId, run.seq],
    );
    const pending = Number(c.pending);
    return {
      runId,
      enqueued: run.enqueued,
      requeued: run.requeued,
      delivered: Number(c.delivered),
      failed: Number(c.failed),
      pending,
      complete: pending === 0,
    };
  }

  /** GET /items/:id/reminders — scoped through the item's responsible unit (404 outside). */
  async remindersOf(actor: Actor, itemId: string) {
    const [item]: { responsible_unit_id: string }[] = await this.dataSource.query(
      `SELECT responsible_unit_id FROM rectification_items WHERE id = $1`,
      [itemId],
    );
    if (!item) throw notFound('事项');
    await this.scope.assertUnit(actor, item.responsible_unit_id, '事项');
    const rows: {
      id: string;
      kind: string;
      offset_days: number | null;
      level: number | null;
      step: number;
      deadline_version: number;
      deadline: string | null;
      channels: string[];
      status: string;
      sent_at: Date | null;
      created_at: Date;
      recipients: { id: string; username: string; displayName: string }[];
      notice: string | null;
      notice_id: string | null;
      interview_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT l.id, l.kind, l.offset_days, l.level, l.step, l.deadline_version, to_char(l.deadline, 'YYYY-MM-DD') AS deadline,
              l.channels, l.status, l.sent_at, l.created_at, sn.number AS notice, sn.id AS notice_id, l.interview_id,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name) ORDER BY u.username)
                          FROM users u WHERE u.id = ANY(l.recipients)), '[]'::jsonb) AS recipients
         FROM reminder_ledger l
         LEFT JOIN supervision_notices sn ON sn.ledger_id = l.id
        WHERE l.item_id = $1
        ORDER BY l.created_at, l.kind, l.step`,
      [itemId],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: ledgerKindLabel(r.kind),
      offsetDays: r.offset_days,
      ...(r.level !== null ? { level: r.level } : {}),
      ...(r.kind === 'check_in' ? { period: r.step } : {}),
      deadline: r.deadline,
      deadlineVersion: r.deadline_version,
      recipients: r.recipients,
      channels: r.channels,
      status: r.status,
      supervisionNotice: r.notice,
      supervisionNoticeId: r.notice_id,
      // A level-3 escalation (约谈 recommended) answered by a recorded 约谈.
      ...(r.kind === 'escalation' ? { interviewId: r.interview_id } : {}),
      recordedAt: r.created_at,
      sentAt: r.sent_at,
    }));
  }

  /**
   * 督办单, newest first: the office, leadership and admin see every one; a unit manager those
   * addressed to his unit and its sub-units (to read what he must answer).
   */
  async supervisionNotices(actor: Actor, page: { offset: number; pageSize: number; page: number; replied?: 'true' | 'false' }) {
    const scope = await this.scope.resolve(actor);
    const unitIds = scope.all ? null : scope.unitIds;
    const replied = page.replied === undefined ? null : page.replied === 'true';
    const from = `FROM supervision_notices s
           JOIN rectification_items i ON i.id = s.item_id
           JOIN units u ON u.id = COALESCE(s.unit_id, i.responsible_unit_id)
          WHERE ($1::uuid[] IS NULL OR u.id = ANY($1::uuid[]))
            AND ($2::boolean IS NULL OR (s.replied_at IS NOT NULL) = $2::boolean)`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT s.id, s.number, s.year, s.seq, s.item_id AS "itemId", i.title AS "itemTitle", s.level,
                s.deadline_version AS "deadlineVersion", u.id AS "unitId", u.name AS "unitName", s.created_at AS "createdAt",
                to_char(s.reply_due, 'YYYY-MM-DD') AS "replyDue", s.reply_text AS "replyText", s.replied_at AS "repliedAt",
                (s.replied_at IS NULL AND s.reply_due < $5::date) AS "replyOverdue"
           ${from}
          ORDER BY s.year DESC, s.seq DESC OFFSET $3 LIMIT $4`,
        [unitIds, replied, page.offset, page.pageSize, this.today()],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total ${from}`, [unitIds, replied]),
    ]);
    return { data: rows, total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * What did not reach its people: deliveries that failed after their last attempt (`type:
   * 'delivery'`), and steps with nobody (or not everybody) to notify (`type: 'recipients'`: no unit
   * manager, no leadership account…), with the reason in `lastError`.
   */
  async failures(page: { offset: number; pageSize: number; page: number }) {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT * FROM (
           SELECT 'delivery' AS type, d.id, d.channel, d.user_id AS "userId", u.username, u.display_name AS "displayName", d.attempts,
                  d.last_error AS "lastError", d.failed_at AS "failedAt", d.run_id AS "runId",
                  cardinality(d.ledger_ids) AS "reminderCount",
                  (SELECT array_agg(DISTINCT l.item_id) FILTER (WHERE l.item_id IS NOT NULL) FROM reminder_ledger l WHERE l.id = ANY(d.ledger_ids)) AS "itemIds",
                  NULL::varchar AS kind, NULL::smallint AS level, NULL::varchar[] AS "unreachedRoles", 0 AS "recipientCount"
             FROM notification_deliveries d JOIN users u ON u.id = d.user_id
            WHERE d.status = 'failed'
           UNION ALL
           SELECT 'recipients', l.id, NULL, NULL, NULL, NULL, 0, NULL, l.created_at, l.run_id, 1, array_remove(ARRAY[l.item_id], NULL),
                  l.kind, l.level, l.unreached_roles, cardinality(l.recipients)
             FROM reminder_ledger l
            WHERE l.status = 'failed' OR cardinality(l.unreached_roles) > 0
         ) f
         ORDER BY f."failedAt" DESC, f.id OFFSET $1 LIMIT $2`,
        [page.offset, page.pageSize],
      ),
      this.dataSource.query(`SELECT ${FAILURE_COUNT_SQL} AS total`),
    ]);
    type Row = Omit<FollowUpFailuresDataDto, 'kindLabel'> & { recipientCount: number };
    const data = (rows as Row[]).map(({ recipientCount, ...r }) =>
      r.type === 'recipients'
        ? { ...r, kindLabel: ledgerKindLabel(r.kind ?? ''), lastError: unreachedReason(r.unreachedRoles ?? [], recipientCount) }
        : { ...r, kindLabel: null },
    );
    return { data, total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * The office board's counts: failures (as above), 督办单 awaiting a reply and those past their
   * reply deadline (as of today in APP_TIMEZONE).
   */
  private today(): string {
    return calendarDateIn(this.clock.now(), this.config.get('APP_TIMEZONE', { infer: true }));
  }

  async board() {
    const today = this.today();
    const [c]: { failures: number; awaiting: number; overdue: number }[] = await this.dataSource.query(
      `SELECT ${FAILURE_COUNT_SQL} AS failures,
              (SELECT count(*)::int FROM supervision_notices WHERE replied_at IS NULL AND reply_due IS NOT NULL) AS awaiting,
              (SELECT count(*)::int FROM supervision_notices WHERE replied_at IS NULL AND reply_due < $1::date) AS overdue`,
      [today],
    );
    return {
      failures: c.failures,
      noticesAwaitingReply: c.awaiting,
      noticesOverdue: c.overdue,
      ...(await obligationsBoard(this.dataSource, today)),
    };
  }

  /**
   * One 督办单 as the unit it is addressed to reads it (404 outside the caller's scope, like a
   * notice that does not exist): number, unit, item, how many days overdue the item was on the
   * day of issue, reply deadline, issuer and the reply if any.
   */
  async notice(actor: Actor, noticeId: string): Promise<SupervisionNoticeView> {
    const tz = this.config.get('APP_TIMEZONE', { infer: true });
    const [n]: (Omit<SupervisionNoticeView, 'daysOverdueAtIssue' | 'issuer' | 'unit' | 'item'> & {
      unitId: string;
      unitName: string;
      itemId: string;
      itemTitle: string;
      itemDeadline: string;
      itemStatus: string;
    })[] = await this.dataSource.query(
      `SELECT s.id, s.number, s.level, s.manual, s.created_at AS "issuedAt", to_char((s.created_at AT TIME ZONE $2::text)::date, 'YYYY-MM-DD') AS "issuedOn",
              to_char(s.reply_due, 'YYYY-MM-DD') AS "replyDue", s.reply_text AS "replyText", s.replied_at AS "repliedAt",
              u.id AS "unitId", u.name AS "unitName", i.id AS "itemId", i.title AS "itemTitle",
              to_char(i.deadline, 'YYYY-MM-DD') AS "itemDeadline", i.status AS "itemStatus"
         FROM supervision_notices s
         JOIN rectification_items i ON i.id = s.item_id
         JOIN units u ON u.id = COALESCE(s.unit_id, i.responsible_unit_id)
        WHERE s.id = $1`,
      [noticeId, tz],
    );
    if (!n) throw notFound('督办单');
    await this.scope.assertUnit(actor, n.unitId, '督办单');
    const { unitId, unitName, itemId, itemTitle, itemDeadline, itemStatus, ...notice } = n;
    return {
      ...notice,
      unit: { id: unitId, name: unitName },
      item: { id: itemId, title: itemTitle, deadline: itemDeadline, status: itemStatus },
      daysOverdueAtIssue: Math.max(0, daysBetween(itemDeadline, n.issuedOn)),
      issuer: DOCUMENT_ISSUERS.office,
    };
  }

  /**
   * The unit's reply to a 督办单: a unit manager whose scope holds the notice's unit (404 otherwise,
   * like any record outside the caller's scope); once (409 the second time). Stops its chase, and
   * the office is told (through the notification ledger, with the reply's text).
   */
  async reply(actor: Actor, noticeId: string, text: string) {
    // The scope check reads through the pool: before the transaction, never inside it.
    const [found]: { unit_id: string | null }[] = await this.dataSource.query(`SELECT unit_id FROM supervision_notices WHERE id = $1`, [
      noticeId,
    ]);
    if (!found?.unit_id) throw notFound('督办单');
    await this.scope.assertUnit(actor, found.unit_id, '督办单');
    const { result, deliveries } = await this.dataSource.transaction(async (m) => {
      const [notice]: { id: string; number: string; item_id: string; replied_at: Date | null }[] = await m.query(
        `SELECT id, number, item_id, replied_at FROM supervision_notices WHERE id = $1 FOR UPDATE`,
        [noticeId],
      );
      if (notice.replied_at) throw conflict(`督办单${notice.number}已回复，不能重复回复`, ErrorCode.Duplicate);
      const now = this.clock.now();
      await m.query(`UPDATE supervision_notices SET reply_text = $2, replied_at = $3, replied_by_id = $4 WHERE id = $1`, [
        notice.id,
        text,
        now,
        actor.id,
      ]);
      await this.audit.record(m, actor, {
        action: 'supervision.reply',
        entityType: 'supervision_notice',
        entityId: notice.id,
        subjectId: notice.item_id,
        after: { number: notice.number, replyText: text, repliedAt: now },
      });
      const deliveries = await this.decisions.record(m, actor, {
        itemId: notice.item_id,
        kind: 'decision_reply',
        note: `${notice.number}，回复内容：${text}`,
        audience: 'office',
      });
      const result = {
        id: notice.id,
        number: notice.number,
        itemId: notice.item_id,
        replyText: text,
        repliedAt: now,
        repliedById: actor.id,
      };
      return { result, deliveries };
    });
    await this.decisions.enqueue(deliveries);
    return result;
  }
}
