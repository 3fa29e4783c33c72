import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { calendarDateIn, daysBetween } from '../../common/dates.js';
import { conflict, notFound } from '../../common/errors.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { isOpen } from '../rectification/item-lifecycle.js';
import type { ItemStatus } from '../rectification/item-lifecycle.js';
import { ScopeService } from '../scope/scope.service.js';
import type { ChaseKind } from './follow-up.dto.js';
import { PolicyService } from './policy.service.js';
import { SWEEP_LOCK_KEY, SweepService } from './sweep.service.js';
import { addWorkingDays, remainingDays } from './working-days.js';

/** A manual 督办 raises the item to at least this escalation level (the supervision-notice level). */
export const SUPERVISE_LEVEL = 2;

const LABEL: Record<ChaseKind, string> = { urge: '催办', supervise: '督办' };

export interface ChaseResult {
  itemId: string;
  kind: ChaseKind;
  ledgerId: string;
  day: string;
  recipients: { id: string; username: string; displayName: string }[];
  deliveries: number;
  escalationLevel: number;
  supervisionNotice: string | null;
}

interface ItemRow {
  id: string;
  responsible_unit_id: string;
  owner_id: string | null;
  status: ItemStatus;
  deadline: string;
  deadline_version: number;
  escalation_level: number;
}

/**
 * The office's manual chase from the overdue board. 催办 (urge) notifies the owner and the unit's
 * managers; 督办 (supervise) issues a 督办单, raises the escalation level to at least 2 and notifies
 * the unit's managers and the office. Both go through the sweep's delivery path: one ledger row
 * (kind manual_urge / manual_supervise, step = the day as YYYYMMDD, so the ledger's unique key
 * allows one of each kind per item per day), one digest per recipient and channel, delivery jobs
 * with deterministic ids. Everything, the audit entry included, is one transaction.
 */
@Injectable()
export class ChaseService {
  private readonly logger = new Logger('FollowUpChase');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly scope: ScopeService,
    private readonly audit: AuditService,
    private readonly sweeps: SweepService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly policies: PolicyService,
  ) {}

  /**
   * A manual 督办单 addressed to the item's unit with its reply deadline, unless the item already got
   * one today (from the sweep or an earlier 督办): one item never gets two 督办单 on the same day.
   */
  private async issueNotice(
    m: EntityManager,
    item: { itemId: string; unitId: string; deadlineVersion: number },
    level: number,
    ledgerId: string,
    now: Date,
    today: string,
  ): Promise<string> {
    const tz = this.config.get('APP_TIMEZONE', { infer: true });
    const [same]: { number: string }[] = await m.query(
      `SELECT number FROM supervision_notices WHERE item_id = $1 AND (created_at AT TIME ZONE $2::text)::date = $3::date LIMIT 1`,
      [item.itemId, tz, today],
    );
    if (same) return same.number;
    const replyDue = await addWorkingDays(m, today, this.config.get('SUPERVISION_REPLY_WORKING_DAYS', { infer: true }));
    const year = Number(today.slice(0, 4));
    const [row]: { number: string }[] = await m.query(
      `INSERT INTO supervision_notices (id, number, year, seq, item_id, unit_id, deadline_version, level, ledger_id, manual, reply_due, created_at)
       SELECT gen_random_uuid(), '督办〔' || $1 || '〕' || (b.n + 1) || '号', $1, b.n + 1, $2, $3, $4, $5, $6, true, $7, $8
         FROM (SELECT COALESCE(max(seq), 0) AS n FROM supervision_notices WHERE year = $1) b
       RETURNING number`,
      [year, item.itemId, item.unitId, item.deadlineVersion, level, ledgerId, replyDue, now],
    );
    return row.number;
  }

  async chase(actor: Actor, itemId: string, kind: ChaseKind, note?: string): Promise<ChaseResult> {
    const [found]: { responsible_unit_id: string }[] = await this.dataSource.query(
      `SELECT responsible_unit_id FROM rectification_items WHERE id = $1`,
      [itemId],
    );
    if (!found) throw notFound('事项');
    await this.scope.assertUnit(actor, found.responsible_unit_id, '事项');

    const now = this.clock.now();
    const today = calendarDateIn(now, this.config.get('APP_TIMEZONE', { infer: true }));
    const step = Number(today.replaceAll('-', ''));
    const ledgerKind = kind === 'urge' ? 'manual_urge' : 'manual_supervise';
    const channels = this.sweeps.channels();
    const runId = randomUUID();

    const result = await this.dataSource.transaction(async (m) => {
      // 督办单 numbers are max + 1 per year: serialize with the sweep (which numbers them too) and other 督办.
      if (kind === 'supervise') await m.query(`SELECT pg_advisory_xact_lock($1)`, [SWEEP_LOCK_KEY]);
      // The item row lock serializes two clicks on the same item (the daily check below is then exact).
      const [item]: ItemRow[] = await m.query(
        `SELECT id, responsible_unit_id, owner_id, status, to_char(deadline, 'YYYY-MM-DD') AS deadline, deadline_version, escalation_level
           FROM rectification_items WHERE id = $1 FOR UPDATE`,
        [itemId],
      );
      if (!item) throw notFound('事项');
      if (!isOpen(item.status)) {
        throw conflict(`只有待整改或整改中的事项可以${LABEL[kind]}，该事项当前状态不允许${LABEL[kind]}`);
      }
      const [already] = await m.query(`SELECT 1 FROM reminder_ledger WHERE item_id = $1 AND kind = $2 AND step = $3`, [
        itemId,
        ledgerKind,
        step,
      ]);
      if (already) throw conflict(`该事项今天（${today}）已${LABEL[kind]}过，请勿重复${LABEL[kind]}`);

      const recipients: ChaseResult['recipients'] = await m.query(
        `SELECT u.id, u.username, u.display_name AS "displayName" FROM users u
          WHERE u.active AND (
                ($2 = 'urge' AND u.id = $3)
             OR (u.role = 'unit_manager' AND u.unit_id = $1)
             OR ($2 = 'supervise' AND u.role = 'office'))
          ORDER BY u.username`,
        [item.responsible_unit_id, kind, item.owner_id],
      );
      const level = kind === 'supervise' ? Math.max(item.escalation_level, SUPERVISE_LEVEL) : item.escalation_level;

      await m.query(`INSERT INTO follow_up_runs (id, as_of, trigger, recorded, finished_at) VALUES ($1, $2, 'manual', 1, $2)`, [
        runId,
        now,
      ]);
      const remaining = await remainingDays(m, today, item.deadline, (await this.policies.get(m)).countWorkingDays);
      const ledger: { id: string }[] = await m.query(
        `INSERT INTO reminder_ledger
           (id, item_id, kind, step, offset_days, level, deadline_version, deadline, run_id, recipients, channels, status, note, created_at,
            remaining_days, working_days)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10::varchar[], 'pending', $11, $12, $13, $14)
         ON CONFLICT ON CONSTRAINT uq_reminder_ledger_step DO NOTHING
         RETURNING id`,
        [
          itemId,
          ledgerKind,
          step,
          daysBetween(today, item.deadline),
          kind === 'supervise' ? level : null,
          item.deadline_version,
          item.deadline,
          runId,
          recipients.map((r) => r.id),
          channels,
          note || null,
          now,
          remaining.days,
          remaining.working,
        ],
      );
      if (ledger.length === 0) throw conflict(`该事项今天（${today}）已${LABEL[kind]}过，请勿重复${LABEL[kind]}`);
      const ledgerId = ledger[0].id;

      let notice: string | null = null;
      if (kind === 'supervise') {
        const raised: unknown[] = await m.query(
          `UPDATE rectification_items SET escalation_level = $2 WHERE id = $1 AND escalation_level < $2 RETURNING 1`,
          [itemId, SUPERVISE_LEVEL],
        );
        if (raised.length) {
          await this.audit.record(m, actor, {
            action: 'item.escalate',
            entityType: 'rectification_item',
            entityId: itemId,
            subjectId: itemId,
            before: { escalationLevel: item.escalation_level },
            after: { escalationLevel: SUPERVISE_LEVEL },
          });
        }
        notice = await this.issueNotice(
          m,
          { itemId, unitId: item.responsible_unit_id, deadlineVersion: item.deadline_version },
          level,
          ledgerId,
          now,
          today,
        );
      }

      // One digest per recipient and channel, keyed like the sweep's (recipient + ledger ids).
      const deliveries: { id: string }[] = await m.query(
        `INSERT INTO notification_deliveries (id, digest_key, user_id, channel, ledger_ids, run_id, status, attempts, created_at)
         SELECT gen_random_uuid(), md5(u.id::text || ':' || $1::text), u.id, ch.channel, ARRAY[$1::uuid], $2, 'pending', 0, $3
           FROM users u CROSS JOIN unnest($5::varchar[]) AS ch(channel)
          WHERE u.id = ANY($4::uuid[]) AND ${this.sweeps.deliveryWanted(`ARRAY['escalation']`)}
         ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING
         RETURNING id`,
        [ledgerId, runId, now, recipients.map((r) => r.id), channels],
      );
      await m.query(`UPDATE follow_up_runs SET enqueued = $2 WHERE id = $1`, [runId, deliveries.length]);

      await this.audit.record(m, actor, {
        action: `item.${kind}`,
        entityType: 'reminder_ledger',
        entityId: ledgerId,
        subjectId: itemId,
        after: {
          kind: ledgerKind,
          day: today,
          note: note || null,
          recipients: recipients.map((r) => r.id),
          escalationLevel: level,
          supervisionNotice: notice,
        },
      });
      return {
        out: {
          itemId,
          kind,
          ledgerId,
          day: today,
          recipients,
          deliveries: deliveries.length,
          escalationLevel: level,
          supervisionNotice: notice,
        } satisfies ChaseResult,
        deliveryIds: deliveries.map((d) => d.id),
      };
    });

    try {
      await this.sweeps.enqueueDeliveries(result.deliveryIds);
    } catch (err) {
      // Recorded and committed: the rows stay pending and the next sweep enqueues them.
      this.logger.warn(`chase ${result.out.ledgerId}: enqueue failed, left to the next sweep: ${String(err)}`);
    }
    return result.out;
  }
}
