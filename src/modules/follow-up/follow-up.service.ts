import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { notFound } from '../../common/errors.js';
import { JobName, QueueName, type JobPayloads } from '../../queue/queue-names.js';
import { ScopeService } from '../scope/scope.service.js';

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
    }[] = await this.dataSource.query(
      `SELECT l.id, l.kind, l.offset_days, l.level, l.step, l.deadline_version, to_char(l.deadline, 'YYYY-MM-DD') AS deadline,
              l.channels, l.status, l.sent_at, l.created_at, sn.number AS notice,
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
      offsetDays: r.offset_days,
      ...(r.level !== null ? { level: r.level } : {}),
      ...(r.kind === 'check_in' ? { period: r.step } : {}),
      deadline: r.deadline,
      deadlineVersion: r.deadline_version,
      recipients: r.recipients,
      channels: r.channels,
      status: r.status,
      supervisionNotice: r.notice,
      recordedAt: r.created_at,
      sentAt: r.sent_at,
    }));
  }

  async supervisionNotices(page: { offset: number; pageSize: number; page: number }) {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT s.id, s.number, s.year, s.seq, s.item_id AS "itemId", i.title AS "itemTitle", s.level,
                s.deadline_version AS "deadlineVersion", u.id AS "unitId", u.name AS "unitName", s.created_at AS "createdAt"
           FROM supervision_notices s
           JOIN rectification_items i ON i.id = s.item_id
           JOIN units u ON u.id = i.responsible_unit_id
          ORDER BY s.year DESC, s.seq DESC OFFSET $1 LIMIT $2`,
        [page.offset, page.pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM supervision_notices`),
    ]);
    return { data: rows, total, page: page.page, pageSize: page.pageSize };
  }

  async failures(page: { offset: number; pageSize: number; page: number }) {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT d.id, d.channel, d.user_id AS "userId", u.username, u.display_name AS "displayName", d.attempts,
                d.last_error AS "lastError", d.failed_at AS "failedAt", d.run_id AS "runId",
                cardinality(d.ledger_ids) AS "reminderCount",
                (SELECT array_agg(DISTINCT l.item_id) FROM reminder_ledger l WHERE l.id = ANY(d.ledger_ids)) AS "itemIds"
           FROM notification_deliveries d JOIN users u ON u.id = d.user_id
          WHERE d.status = 'failed'
          ORDER BY d.failed_at DESC, d.id OFFSET $1 LIMIT $2`,
        [page.offset, page.pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM notification_deliveries WHERE status = 'failed'`),
    ]);
    return { data: rows, total, page: page.page, pageSize: page.pageSize };
  }
}
