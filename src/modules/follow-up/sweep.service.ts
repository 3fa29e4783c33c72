import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { addDays, calendarDateIn } from '../../common/dates.js';
import { JobName, QueueName } from '../../queue/queue-names.js';
import { checkInPeriod, cumulativeRecipients, type FollowUpPolicy } from './follow-up-policy.js';
import { addWorkingDays } from './working-days.js';
import type { Channel } from './follow-up.entities.js';
import { PolicyService } from './policy.service.js';
import { deliveryWantedSql, PREFERENCE_KIND_SQL } from './channels/routing.js';

/**
 * What the sweep chases: items, and units' obligations (unit_obligations: 整改方案, 整改情况报告,
 * self-check answers), through the SAME statement — reminders, the ladder one level at a time, the
 * unique key that makes a second run a no-op. `candidates` yields (id, deadline, deadline_version,
 * owner_id, responsible_unit_id, long_term); `column` is the ledger column naming the subject.
 */
interface SweepSubject {
  candidates: string;
  column: 'item_id' | 'obligation_id';
  /** The row names its unit (rows without an item). */
  unitColumn: boolean;
  conflict: string;
}

const ITEM_SUBJECT: SweepSubject = {
  // Two arms so the deadline arm is a range scan of idx_items_open_deadline (an OR of both
  // conditions forces a scan of every row); long_term items get check-ins whatever their deadline.
  candidates: `SELECT i.id, i.deadline, i.deadline_version, i.owner_id, i.responsible_unit_id, false AS long_term
           FROM rectification_items i
          WHERE i.status IN ('pending', 'in_progress') AND i.deadline <= $8::date AND i.rectification_type <> 'long_term'
         UNION ALL
         SELECT i.id, i.deadline, i.deadline_version, i.owner_id, i.responsible_unit_id, true
           FROM rectification_items i
          WHERE i.status IN ('pending', 'in_progress') AND i.rectification_type = 'long_term'`,
  column: 'item_id',
  unitColumn: false,
  conflict: 'ON CONFLICT ON CONSTRAINT uq_reminder_ledger_step DO NOTHING',
};

/** Open obligations with a known due date: no owner, no check-ins; satisfied ones are never candidates. */
const OBLIGATION_SUBJECT: SweepSubject = {
  candidates: `SELECT o.id, o.due_date AS deadline, o.deadline_version, NULL::uuid AS owner_id, o.unit_id AS responsible_unit_id, false AS long_term
           FROM unit_obligations o
          WHERE o.satisfied_at IS NULL AND o.due_date <= $8::date`,
  column: 'obligation_id',
  unitColumn: true,
  conflict: 'ON CONFLICT (obligation_id, kind, step, deadline_version) WHERE obligation_id IS NOT NULL DO NOTHING',
};

function ledgerSql(subject: SweepSubject): string {
  const col = subject.column;
  return `WITH cal AS MATERIALIZED (
         SELECT d::date AS day,
                count(*) FILTER (WHERE CASE wc.kind WHEN 'holiday' THEN false WHEN 'workday' THEN true
                                       ELSE extract(isodow FROM d) < 6 END) OVER (ORDER BY d) AS n
           FROM generate_series($1::date - 1000, $1::date + 1000, interval '1 day') AS d
           LEFT JOIN working_calendar wc ON wc.date = d::date
       ),
       t AS (SELECT n FROM cal WHERE day = $1::date),
       candidates AS (
${subject.candidates}
       ),
       -- The escalation ladder so far (this deadline version): the level reached, by the sweep or a
       -- manual 督办, and the day it was last climbed.
       ladder AS MATERIALIZED (
         SELECT l.${col} AS subject_id, l.deadline_version, max(COALESCE(l.level, l.step)) AS level,
                (max(l.created_at) AT TIME ZONE $14::text)::date AS since
           FROM reminder_ledger l
          WHERE l.kind IN ('escalation', 'manual_supervise') AND l.${col} IN (SELECT id FROM candidates)
          GROUP BY l.${col}, l.deadline_version
       ),
       open_items AS (
         SELECT o.*,
                CASE WHEN $6::boolean THEN COALESCE(c.n - (SELECT n FROM t), o.deadline - $1::date)
                     ELSE o.deadline - $1::date END::int AS remaining,
                $6::boolean AND c.n IS NOT NULL AS working,
                COALESCE(ld.level, 0) AS ladder_level,
                -- one level per sweep, and at least $15 working days at a level before the next
                ld.subject_id IS NULL OR COALESCE((SELECT n FROM t) - cs.n >= $15::int, true) AS may_climb
           FROM candidates o
           LEFT JOIN cal c ON c.day = o.deadline
           LEFT JOIN ladder ld ON ld.subject_id = o.id AND ld.deadline_version = o.deadline_version
           LEFT JOIN cal cs ON cs.day = ld.since
       ),
       steps AS (
         SELECT o.id, o.deadline, o.owner_id, o.responsible_unit_id, o.remaining, o.working, s.kind, s.step, s.offset_days, s.level,
                CASE WHEN s.kind = 'check_in' THEN 0 ELSE o.deadline_version END AS dv,
                CASE s.kind WHEN 'reminder' THEN $10::text[]
                            WHEN 'check_in' THEN $11::text[]
                            ELSE ARRAY(SELECT jsonb_array_elements_text($12::jsonb -> s.level::text)) END AS roles
           FROM open_items o
           CROSS JOIN LATERAL (
             SELECT 'reminder'::text AS kind, r.step, r.step AS offset_days, NULL::int AS level
               FROM (SELECT min(x) AS step FROM unnest($3::int[]) AS x WHERE x >= o.remaining) r
              WHERE NOT o.long_term AND o.remaining >= 0 AND r.step IS NOT NULL
             UNION ALL
             SELECT 'escalation', e.lv, -e.ad, e.lv
               FROM (SELECT lv, ad FROM unnest($4::int[], $5::int[]) AS u(lv, ad)
                      WHERE ad <= -o.remaining AND lv > o.ladder_level ORDER BY lv LIMIT 1) e
              WHERE NOT o.long_term AND o.remaining < 0 AND o.may_climb
             UNION ALL
             SELECT 'check_in', $7::int, NULL, NULL WHERE o.long_term
           ) s
       ),
       -- What the ledger already holds for these items, read in one pass BEFORE the insert starts
       -- (materialized aggregate). A per-row NOT EXISTS let the planner re-scan the ledger for every
       -- candidate while this very statement filled it: quadratic on a first sweep (empty ledger).
       prior AS MATERIALIZED (
         SELECT l.${col} AS subject_id, l.kind, l.deadline_version, min(l.step) AS min_step, max(l.step) AS max_step,
                array_agg(l.step) AS steps
           FROM reminder_ledger l
          WHERE l.${col} IN (SELECT id FROM open_items)
          GROUP BY l.${col}, l.kind, l.deadline_version
       ),
       fresh AS (
         SELECT s.* FROM steps s
           LEFT JOIN prior p ON p.subject_id = s.id AND p.kind = s.kind AND p.deadline_version = s.dv
          WHERE p.subject_id IS NULL
             OR CASE s.kind WHEN 'reminder' THEN p.min_step > s.step        -- no reminder this close or closer yet
                            WHEN 'escalation' THEN p.max_step < s.step      -- no escalation this high or higher yet
                            ELSE NOT (s.step = ANY(p.steps)) END            -- no check-in for this period yet
       ),
       office AS MATERIALIZED (SELECT id FROM users WHERE role = 'office' AND active),
       leaders AS MATERIALIZED (SELECT id FROM users WHERE role = 'leadership' AND active)
       INSERT INTO reminder_ledger
         (id, ${col}, ${subject.unitColumn ? 'unit_id, ' : ''}kind, step, offset_days, level, remaining_days, working_days, deadline_version, deadline, run_id, recipients,
          channels, status, unreached_roles, created_at)
       SELECT gen_random_uuid(), f.id, ${subject.unitColumn ? 'f.responsible_unit_id, ' : ''}f.kind, f.step, f.offset_days, f.level,
              CASE WHEN f.kind = 'check_in' THEN NULL ELSE f.remaining END, f.working, f.dv,
              CASE WHEN f.kind = 'check_in' THEN NULL ELSE f.deadline END, $2, rc.ids, $13::varchar[],
              -- nobody to notify is a failure on record, not a silence
              CASE WHEN cardinality(rc.ids) = 0 THEN 'failed' ELSE 'pending' END,
              ARRAY(SELECT r FROM unnest(f.roles) AS r WHERE NOT (r = ANY(rc.found)))::varchar[], $9
         FROM fresh f
         CROSS JOIN LATERAL (
           SELECT COALESCE(array_agg(DISTINCT x.id ORDER BY x.id), '{}'::uuid[]) AS ids,
                  COALESCE(array_agg(DISTINCT x.role), '{}'::text[]) AS found FROM (
             SELECT u.id, 'owner' AS role FROM users u WHERE u.id = f.owner_id AND u.active AND 'owner' = ANY(f.roles)
             UNION ALL
             SELECT u.id, 'unit_manager' FROM users u
              WHERE u.unit_id = f.responsible_unit_id AND u.role = 'unit_manager' AND u.active AND 'unit_manager' = ANY(f.roles)
             UNION ALL
             SELECT id, 'office' FROM office WHERE 'office' = ANY(f.roles)
             UNION ALL
             SELECT id, 'leadership' FROM leaders WHERE 'leadership' = ANY(f.roles)
           ) x
         ) rc
       ${subject.conflict}
       RETURNING 1`;
}

/** One key for the advisory lock: at most one sweep at a time per database, whatever the workers. */
export const SWEEP_LOCK_KEY = 0x52_46_55_50; // "RFUP"
/** Delivery job ids are the delivery row's id: re-enqueueing a pending row is a no-op in BullMQ. */
export const deliveryJobId = (deliveryId: string) => `deliver-${deliveryId}`;
const ENQUEUE_PAGE = 5_000;

export interface SweepOutcome {
  runId: string;
  /** false when another sweep held the lock. */
  ran: boolean;
  recorded: number;
  enqueued: number;
  requeued: number;
}

/**
 * The sweep: derives from Postgres, set-based, what has crossed a threshold and is not yet in the
 * ledger; records it (ledger, escalation level, supervision notices, digests per recipient and
 * channel) in ONE transaction under an advisory lock; then enqueues every pending delivery —
 * this run's and any left over from a killed worker or a flushed Redis — with deterministic job ids.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger('FollowUpSweep');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.FollowUp) private readonly queue: Queue,
    private readonly policies: PolicyService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /**
   * Channels in use: the inbox always; e-mail when configured; webhooks always, since units configure
   * their robots at run time (`deliveryWanted` writes a webhook delivery only where a robot is set).
   */
  channels(): Channel[] {
    const list: Channel[] = ['inbox'];
    if (this.config.get('SMTP_URL', { infer: true })) list.push('email');
    list.push('webhook');
    return list;
  }

  /** The SQL condition (over `users u`, `ch.channel`) for writing a delivery: see channels/routing.ts. */
  deliveryWanted(kinds: string): string {
    return deliveryWantedSql(kinds, Boolean(this.config.get('WEBHOOK_URL', { infer: true })));
  }

  deliveryJobOptions() {
    return {
      attempts: this.config.get('FOLLOW_UP_DELIVERY_ATTEMPTS', { infer: true }),
      backoff: { type: 'exponential' as const, delay: this.config.get('FOLLOW_UP_BACKOFF_MS', { infer: true }) },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    };
  }

  async sweep(runId: string, asOf: Date, trigger: 'api' | 'schedule'): Promise<SweepOutcome> {
    const recorded = await this.dataSource.transaction(async (m) => {
      const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWEEP_LOCK_KEY]);
      if (!locked) return null;
      // The sweep's statements are costed above jit_above_cost, but compiling them takes longer
      // (~0.5 s) than running them; this transaction only.
      await m.query(`SET LOCAL jit = off`);
      const inserted = await m.query(
        `INSERT INTO follow_up_runs (id, as_of, trigger) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [runId, asOf, trigger],
      );
      // The run committed before (its job is being retried): its records exist; only re-enqueue.
      if (inserted.length === 0) return 0;
      return this.record(m, runId, asOf, await this.policies.get(m));
    });
    if (recorded === null) return { runId, ran: false, recorded: 0, enqueued: 0, requeued: 0 };
    const { enqueued, requeued } = await this.enqueuePending(runId);
    await this.dataSource.query(`UPDATE follow_up_runs SET enqueued = $2, requeued = $3, finished_at = $4 WHERE id = $1`, [
      runId,
      enqueued,
      requeued,
      asOf,
    ]);
    this.logger.log(`run ${runId}: ${recorded} recorded, ${enqueued} deliveries enqueued, ${requeued} re-enqueued`);
    return { runId, ran: true, recorded, enqueued, requeued };
  }

  /** Everything the sweep writes, inside the locked transaction. Returns the ledger rows recorded. */
  private async record(m: EntityManager, runId: string, asOf: Date, policy: FollowUpPolicy): Promise<number> {
    const tz = this.config.get('APP_TIMEZONE', { infer: true });
    const today = calendarDateIn(asOf, tz);
    const levels = policy.escalationLevels;
    const maxOffset = Math.max(0, ...policy.reminderOffsets);
    // No item with a later deadline can have crossed anything (working days stretch at most ~2x + holidays).
    const horizon = addDays(today, policy.countWorkingDays ? maxOffset * 2 + 30 : maxOffset);
    const levelRoles = cumulativeRecipients(levels);
    const channels = this.channels();

    const ledgerParams = [
      today,
      runId,
      policy.reminderOffsets,
      levels.map((l) => l.level),
      levels.map((l) => l.afterDays),
      policy.countWorkingDays,
      checkInPeriod(today, policy.checkInMonths),
      horizon,
      asOf,
      policy.reminderRecipients,
      policy.checkInRecipients,
      JSON.stringify(levelRoles),
      channels,
      tz,
      this.config.get('ESCALATION_MIN_WORKING_DAYS', { infer: true }),
    ];
    // A unit's obligation has no owner: its reminders and ladder speak to the unit's managers and up.
    const noOwner = (roles: readonly string[]) => roles.filter((r) => r !== 'owner');
    const obligationParams: unknown[] = [...ledgerParams];
    obligationParams[9] = noOwner(policy.reminderRecipients);
    obligationParams[11] = JSON.stringify(Object.fromEntries(Object.entries(levelRoles).map(([k, v]) => [k, noOwner(v)])));
    const ledger = await m.query(ledgerSql(ITEM_SUBJECT), ledgerParams);
    const obligations = await m.query(ledgerSql(OBLIGATION_SUBJECT), obligationParams);
    const recorded =
      (ledger.length as number) + (obligations.length as number) + (await this.chaseUnansweredNotices(m, runId, asOf, today, channels));
    if (recorded === 0) return 0;

    // The item's escalation level only ever rises (conditional UPDATE), audited with before/after.
    await m.query(
      `WITH esc AS (
         UPDATE rectification_items i SET escalation_level = l.level
           FROM reminder_ledger l, rectification_items old
          WHERE l.run_id = $1 AND l.kind = 'escalation' AND l.item_id = i.id AND old.id = i.id
            AND i.escalation_level < l.level
         RETURNING i.id, old.escalation_level AS before, l.level AS after
       )
       INSERT INTO audit_entries (actor_id, actor_name, actor_role, action, entity_type, entity_id, subject_id, before, after)
       SELECT NULL, 'system', 'admin', 'item.escalate', 'rectification_item', id, id,
              jsonb_build_object('escalationLevel', before), jsonb_build_object('escalationLevel', after)
         FROM esc`,
      [runId],
    );

    // An obligation's level rises the same way (its ladder is on record in the ledger; this is the board's copy).
    await m.query(
      `WITH esc AS (
         UPDATE unit_obligations o SET escalation_level = l.level
           FROM reminder_ledger l, unit_obligations old
          WHERE l.run_id = $1 AND l.kind = 'escalation' AND l.obligation_id = o.id AND old.id = o.id
            AND o.escalation_level < l.level
         RETURNING o.id, o.unit_id, old.escalation_level AS before, l.level AS after
       )
       INSERT INTO audit_entries (actor_id, actor_name, actor_role, action, entity_type, entity_id, before, after)
       SELECT NULL, 'system', 'admin', 'obligation.escalate', 'unit_obligation', id,
              jsonb_build_object('escalationLevel', before), jsonb_build_object('escalationLevel', after, 'unitId', unit_id)
         FROM esc`,
      [runId],
    );

    // 督办单: for escalations at or beyond the first level that issues one, once per deadline version,
    // addressed to the item's unit with a reply deadline; never a second one for an item on the same
    // day (a manual 督办 earlier today already issued it).
    const noticeLevels = levels.filter((l) => l.supervisionNotice).map((l) => l.level);
    if (noticeLevels.length) {
      const year = Number(today.slice(0, 4));
      const replyDue = await addWorkingDays(m, today, this.config.get('SUPERVISION_REPLY_WORKING_DAYS', { infer: true }));
      await m.query(
        // The year's last number, read ONCE (materialized): as a plain subquery the planner re-ran it for
        // every row, scanning the rows this very statement had inserted — quadratic (4.6 s of a 20 s sweep at 8,600 notices, 300,000 items).
        `WITH b AS MATERIALIZED (SELECT COALESCE(max(seq), 0) AS n FROM supervision_notices WHERE year = $2)
         INSERT INTO supervision_notices (id, number, year, seq, item_id, unit_id, deadline_version, level, ledger_id, reply_due, created_at)
         SELECT gen_random_uuid(), '督办〔' || $2 || '〕' || (b.n + x.rn) || '号', $2, b.n + x.rn,
                x.item_id, x.responsible_unit_id, x.deadline_version, x.level, x.id, $5, $4
           FROM (SELECT l.*, i.responsible_unit_id, row_number() OVER (ORDER BY l.item_id) AS rn
                   FROM reminder_ledger l JOIN rectification_items i ON i.id = l.item_id
                  WHERE l.run_id = $1 AND l.kind = 'escalation' AND l.level >= $3
                    AND NOT EXISTS (SELECT 1 FROM supervision_notices s
                                     WHERE s.item_id = l.item_id
                                       AND ((s.deadline_version = l.deadline_version AND NOT s.manual)
                                            OR (s.created_at AT TIME ZONE $6::text)::date = $7::date))) x
          CROSS JOIN b
         ON CONFLICT DO NOTHING`,
        [runId, year, Math.min(...noticeLevels), asOf, replyDue, tz, today],
      );
    }

    // Each recorded reminder is audited on its item's history (an obligation's: by its id in `after`).
    await m.query(
      `INSERT INTO audit_entries (actor_id, actor_name, actor_role, action, entity_type, entity_id, subject_id, after)
       SELECT NULL, 'system', 'admin', 'follow_up.' || l.kind, 'reminder_ledger', l.id, l.item_id,
              jsonb_build_object('kind', l.kind, 'step', l.step, 'level', l.level, 'deadlineVersion', l.deadline_version,
                                 'recipients', to_jsonb(l.recipients), 'runId', l.run_id)
                || CASE WHEN l.obligation_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('obligationId', l.obligation_id) END
         FROM reminder_ledger l WHERE l.run_id = $1`,
      [runId],
    );

    // Digests: one per recipient for this run, one delivery row per channel. The key is the
    // recipient and the ledger ids it carries (no run id), so a re-derived digest is the same row.
    await m.query(
      `INSERT INTO notification_deliveries (id, digest_key, user_id, channel, ledger_ids, run_id, status, attempts, created_at)
       SELECT gen_random_uuid(), g.digest_key, g.user_id, ch.channel, g.ledger_ids, $1, 'pending', 0, $2
         FROM (SELECT r.user_id, array_agg(l.id ORDER BY l.id) AS ledger_ids,
                      array_agg(DISTINCT ${PREFERENCE_KIND_SQL('l.kind')}) AS kinds,
                      md5(r.user_id::text || ':' || string_agg(l.id::text, ',' ORDER BY l.id)) AS digest_key
                 FROM reminder_ledger l CROSS JOIN LATERAL unnest(l.recipients) AS r(user_id)
                WHERE l.run_id = $1
                GROUP BY r.user_id) g
         JOIN users u ON u.id = g.user_id
        CROSS JOIN unnest($3::varchar[]) AS ch(channel)
        WHERE ${this.deliveryWanted('g.kinds')}
       ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING`,
      [runId, asOf, channels],
    );
    await m.query(`UPDATE follow_up_runs SET recorded = $2 WHERE id = $1`, [runId, recorded]);
    return recorded;
  }

  /**
   * A 督办单 past its reply deadline without a reply is itself chased, once: a ledger row
   * (kind notice_chase, step = year·100000 + number) to the unit's managers, delivered with the
   * sweep's digests. A reply stops it; so does the item being closed. Returns the rows recorded.
   */
  private async chaseUnansweredNotices(m: EntityManager, runId: string, asOf: Date, today: string, channels: Channel[]): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO reminder_ledger
         (id, item_id, kind, step, deadline_version, deadline, run_id, recipients, channels, status, unreached_roles, note, created_at,
          remaining_days, working_days)
       SELECT gen_random_uuid(), s.item_id, 'notice_chase', s.year * 100000 + s.seq, s.deadline_version, i.deadline, $1, rc.ids, $4::varchar[],
              CASE WHEN cardinality(rc.ids) = 0 THEN 'failed' ELSE 'pending' END,
              CASE WHEN cardinality(rc.ids) = 0 THEN ARRAY['unit_manager']::varchar[] ELSE '{}' END,
              s.number || '（回复期限' || to_char(s.reply_due, 'YYYY-MM-DD') || '）', $2, i.deadline - $3::date, false
         FROM supervision_notices s
         JOIN rectification_items i ON i.id = s.item_id
         CROSS JOIN LATERAL (
           SELECT COALESCE(array_agg(u.id ORDER BY u.id), '{}'::uuid[]) AS ids FROM users u
            WHERE u.unit_id = s.unit_id AND u.role = 'unit_manager' AND u.active
         ) rc
        WHERE s.replied_at IS NULL AND s.reply_due < $3::date AND i.status <> 'closed'
       ON CONFLICT ON CONSTRAINT uq_reminder_ledger_step DO NOTHING
       RETURNING 1`,
      [runId, asOf, today, channels],
    );
    return rows.length;
  }

  /**
   * Enqueue these deliveries now (written by a manual chase or a message). If Redis is away, the
   * rows stay pending and the next sweep enqueues them (enqueuePending): nothing is lost.
   */
  async enqueueDeliveries(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const opts = this.deliveryJobOptions();
    await this.queue.addBulk(
      ids.map((id) => ({ name: JobName.DeliverNotification, data: { deliveryId: id }, opts: { ...opts, jobId: deliveryJobId(id) } })),
    );
  }

  /**
   * Enqueue every pending delivery in pages (keyset on id), this run's and older ones. BullMQ
   * ignores a job id it already holds, so this is how a flushed Redis or a killed worker loses nothing.
   */
  async enqueuePending(runId: string): Promise<{ enqueued: number; requeued: number }> {
    const opts = this.deliveryJobOptions();
    let enqueued = 0;
    let requeued = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; run_id: string }[] = await this.dataSource.query(
        `SELECT id, run_id FROM notification_deliveries WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT $2`,
        [after, ENQUEUE_PAGE],
      );
      if (rows.length === 0) break;
      await this.queue.addBulk(
        rows.map((r) => ({
          name: JobName.DeliverNotification,
          data: { deliveryId: r.id },
          opts: { ...opts, jobId: deliveryJobId(r.id) },
        })),
      );
      for (const r of rows) {
        if (r.run_id === runId) enqueued++;
        else requeued++;
      }
      after = rows[rows.length - 1].id;
      if (rows.length < ENQUEUE_PAGE) break;
    }
    return { enqueued, requeued };
  }
}
