import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { calendarDateIn } from '../../common/dates.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import type { DecisionKind } from './follow-up.entities.js';
import { activeOfficeUsers, activeUnitManagers } from '../units/units.repository.js';
import { FollowUpMessagesService } from './messages.service.js';
import { PolicyService } from './policy.service.js';
import { SweepService } from './sweep.service.js';
import { remainingDays } from './working-days.js';

export interface Decision {
  itemId: string;
  kind: DecisionKind;
  /** What the message says of the decision: the reason sent back, the extension's outcome, the new owner. */
  note: string | null;
  /** People concerned beyond the owner and the unit's managers: the requester of an extension. */
  alsoNotify?: readonly string[];
  /**
   * Who the decision concerns: the item's people (its owner and unit managers, the default), the
   * owner alone (items of an approved 整改方案 coming into force: the managers get the plan's one
   * message instead of one per item), or the office (巡察办's active accounts) for what the unit did
   * that the office must act on — a 督办单 reply.
   */
  audience?: 'item' | 'owner' | 'office';
}

export interface UnitDecision {
  unitId: string;
  key: string;
  title: string;
  body: string;
}

/**
 * The office's decisions on an item (退回, 销号, 问题反弹, an extension decided, an owner assigned) reach
 * the people concerned through the one notification ledger: one ledger row (kind decision_*) and
 * one delivery per recipient and channel, written with the DECISION's transaction manager — so a
 * decision rolled back notifies nobody, and a committed one exactly once. The caller enqueues the
 * returned delivery ids after commit (`enqueue`); if Redis is away, the next sweep does.
 *
 * Recipients: the item's owner and its unit's managers (active), plus `alsoNotify`, minus the
 * person who decided (they know); or, with `audience: 'office'`, the office's active accounts. Each gets the channels they want for decisions (the inbox always;
 * e-mail and robots per their preferences, like every other delivery).
 */
@Injectable()
export class DecisionNoticesService {
  private readonly logger = new Logger('FollowUpDecisions');

  constructor(
    private readonly clock: Clock,
    private readonly sweeps: SweepService,
    private readonly policies: PolicyService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly messages: FollowUpMessagesService,
  ) {}

  /** Inside the decision's transaction, through its manager only. Returns the delivery ids to enqueue after commit. */
  async record(m: EntityManager, actor: Actor, d: Decision): Promise<string[]> {
    const now = this.clock.now();
    const today = calendarDateIn(now, this.config.get('APP_TIMEZONE', { infer: true }));
    // The item row lock (the decision usually holds it already) makes the step count below exact.
    const [item]: { deadline: string; deadline_version: number; owner_id: string | null; responsible_unit_id: string }[] = await m.query(
      `SELECT to_char(deadline, 'YYYY-MM-DD') AS deadline, deadline_version, owner_id, responsible_unit_id
         FROM rectification_items WHERE id = $1 FOR UPDATE`,
      [d.itemId],
    );
    if (!item) return [];
    const recipients = await this.recipientsOf(m, actor, d, item);
    if (recipients.length === 0) return [];
    const remaining = await remainingDays(m, today, item.deadline, (await this.policies.get(m)).countWorkingDays);
    const channels = this.sweeps.channels();
    const runId = randomUUID();
    await m.query(`INSERT INTO follow_up_runs (id, as_of, trigger, recorded, finished_at) VALUES ($1, $2, 'decision', 1, $2)`, [
      runId,
      now,
    ]);
    // step numbers this item's decisions of this kind (the unique key needs one); no ON CONFLICT:
    // a collision would fail the decision rather than silently drop its notice.
    const [{ id: ledgerId }]: { id: string }[] = await m.query(
      `INSERT INTO reminder_ledger
         (id, item_id, kind, step, deadline_version, deadline, run_id, recipients, channels, status, note, created_at,
          remaining_days, working_days)
       SELECT gen_random_uuid(), $1, $2::varchar, COALESCE(max(step), 0) + 1, $3, $4, $5, $6::uuid[], $7::varchar[], 'pending', $8, $9, $10, $11
         FROM reminder_ledger WHERE item_id = $1 AND kind = $2::varchar
       RETURNING id`,
      [
        d.itemId,
        d.kind,
        item.deadline_version,
        item.deadline,
        runId,
        recipients.map((r) => r.id),
        channels,
        d.note,
        now,
        remaining.days,
        remaining.working,
      ],
    );
    return this.writeDeliveries(m, ledgerId, runId, now, recipients, channels);
  }

  /** Active, never the person who decided. */
  private async recipientsOf(
    m: EntityManager,
    actor: Actor,
    d: Decision,
    item: { owner_id: string | null; responsible_unit_id: string },
  ): Promise<{ id: string }[]> {
    if (d.audience === 'office') {
      return (await activeOfficeUsers(m, actor.id)).map((id) => ({ id }));
    }
    if (d.audience === 'owner') {
      return m.query(`SELECT u.id FROM users u WHERE u.active AND u.id = $1 AND u.id <> $2`, [item.owner_id, actor.id]);
    }
    return m.query(
      `SELECT u.id FROM users u
        WHERE u.active AND u.id <> $4
          AND (u.id = $2 OR u.id = ANY($3::uuid[]) OR (u.role = 'unit_manager' AND u.unit_id = $1))
        ORDER BY u.id`,
      [item.responsible_unit_id, item.owner_id, [...(d.alsoNotify ?? [])], actor.id],
    );
  }

  /**
   * A 约谈 recorded for a unit, told to the unit's managers (active; not the person who recorded it)
   * through the same ledger: one row of the unit (kind interview_notice, no item; unique per 约谈)
   * and its deliveries, in the caller's transaction. The inbox and e-mail only: never the unit's
   * robot (its group chat is not its manager; see DeliveryService), never the office robot (no unit
   * user has it). Returns the delivery ids to enqueue after commit.
   */
  async recordInterview(m: EntityManager, actor: Actor, notice: { interviewId: string; unitId: string; note: string }): Promise<string[]> {
    const now = this.clock.now();
    const recipients = (await activeUnitManagers(m, notice.unitId, actor.id)).map((id) => ({ id }));
    if (recipients.length === 0) return [];
    const channels = this.sweeps.channels().filter((c) => c !== 'webhook');
    const runId = randomUUID();
    await m.query(`INSERT INTO follow_up_runs (id, as_of, trigger, recorded, finished_at) VALUES ($1, $2, 'decision', 1, $2)`, [
      runId,
      now,
    ]);
    const [{ id: ledgerId }]: { id: string }[] = await m.query(
      `INSERT INTO reminder_ledger (id, unit_id, interview_id, kind, step, deadline_version, run_id, recipients, channels, status, note, created_at)
       VALUES (gen_random_uuid(), $1, $2, 'interview_notice', 1, 0, $3, $4::uuid[], $5::varchar[], 'pending', $6, $7)
       RETURNING id`,
      [notice.unitId, notice.interviewId, runId, recipients.map((r) => r.id), channels, notice.note, now],
    );
    return this.writeDeliveries(m, ledgerId, runId, now, recipients, channels);
  }

  /**
   * Self-checks (自查自纠) just sent for a common problem, told to each unit's managers: one ledger row
   * per unit on its obligation (kind self_check_notice, step 0: the obligation's unique key makes it
   * once), with the unit's own due date; a unit without a manager is a failure on record. Every
   * channel, robots included (the line names the task and the date, never where the problem was found).
   */
  async recordSelfChecks(m: EntityManager, commonProblemId: string): Promise<string[]> {
    const now = this.clock.now();
    const today = calendarDateIn(now, this.config.get('APP_TIMEZONE', { infer: true }));
    const channels = this.sweeps.channels();
    const runId = randomUUID();
    await m.query(`INSERT INTO follow_up_runs (id, as_of, trigger, finished_at) VALUES ($1, $2, 'decision', $2)`, [runId, now]);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO reminder_ledger
         (id, obligation_id, unit_id, kind, step, deadline_version, deadline, run_id, recipients, channels, status, unreached_roles,
          created_at, remaining_days, working_days)
       SELECT gen_random_uuid(), o.id, o.unit_id, 'self_check_notice', 0, o.deadline_version, o.due_date, $2, rc.ids, $3::varchar[],
              CASE WHEN cardinality(rc.ids) = 0 THEN 'failed' ELSE 'pending' END,
              CASE WHEN cardinality(rc.ids) = 0 THEN ARRAY['unit_manager']::varchar[] ELSE '{}' END,
              $4, o.due_date - $5::date, false
         FROM unit_obligations o
         JOIN self_checks s ON s.id = o.self_check_id
         CROSS JOIN LATERAL (
           SELECT COALESCE(array_agg(u.id ORDER BY u.id), '{}'::uuid[]) AS ids FROM users u
            WHERE u.unit_id = o.unit_id AND u.role = 'unit_manager' AND u.active
         ) rc
        WHERE s.common_problem_id = $1
       ON CONFLICT (obligation_id, kind, step, deadline_version) WHERE obligation_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [commonProblemId, runId, channels, now, today],
    );
    const deliveries: { id: string }[] = await m.query(
      `INSERT INTO notification_deliveries (id, digest_key, user_id, channel, ledger_ids, run_id, status, attempts, created_at)
       SELECT gen_random_uuid(), md5(u.id::text || ':' || l.id::text), u.id, ch.channel, ARRAY[l.id], $1, 'pending', 0, $2
         FROM reminder_ledger l
         JOIN users u ON u.id = ANY(l.recipients)
        CROSS JOIN unnest($3::varchar[]) AS ch(channel)
        WHERE l.run_id = $1 AND ${this.sweeps.deliveryWanted(`ARRAY['decision']`)}
       RETURNING id`,
      [runId, now, channels],
    );
    await m.query(`UPDATE follow_up_runs SET recorded = $2, enqueued = $3 WHERE id = $1`, [runId, rows.length, deliveries.length]);
    return deliveries.map((r) => r.id);
  }

  private async writeDeliveries(
    m: EntityManager,
    ledgerId: string,
    runId: string,
    now: Date,
    recipients: { id: string }[],
    channels: string[],
  ) {
    const deliveries: { id: string }[] = await m.query(
      `INSERT INTO notification_deliveries (id, digest_key, user_id, channel, ledger_ids, run_id, status, attempts, created_at)
       SELECT gen_random_uuid(), md5(u.id::text || ':' || $1::text), u.id, ch.channel, ARRAY[$1::uuid], $2, 'pending', 0, $3
         FROM users u CROSS JOIN unnest($5::varchar[]) AS ch(channel)
        WHERE u.id = ANY($4::uuid[]) AND ${this.sweeps.deliveryWanted(`ARRAY['decision']`)}
       RETURNING id`,
      [ledgerId, runId, now, recipients.map((r) => r.id), channels],
    );
    await m.query(`UPDATE follow_up_runs SET enqueued = $2 WHERE id = $1`, [runId, deliveries.length]);
    return deliveries.map((r) => r.id);
  }

  /**
   * A decision on something of a unit rather than on one item (its 整改方案 approved or returned,
   * its 整改情况报告 accepted or returned): the unit's active managers, minus the one who decided,
   * are told through the same ledger of deliveries (a message), inside the decision's transaction.
   * `key` names the decision once (e.g. `unit-plan:<id>:v<version>`). Returns the delivery ids.
   */
  async recordForUnit(m: EntityManager, actor: Actor, d: UnitDecision): Promise<string[]> {
    const managers = await activeUnitManagers(m, d.unitId, actor.id);
    return this.messages.record(m, managers, { key: d.key, title: d.title, body: d.body }, { kind: 'decision' });
  }

  /**
   * A decision that concerns named people for whom no ledger wording fits (an owner relieved of an
   * item): a message to each of them that is active, minus the one who decided, in the decision's
   * transaction. `key` names the decision once. Returns the delivery ids.
   */
  async recordForPeople(
    m: EntityManager,
    actor: Actor,
    userIds: readonly (string | null)[],
    msg: Omit<UnitDecision, 'unitId'>,
  ): Promise<string[]> {
    const people = [...new Set(userIds.filter((id): id is string => id !== null && id !== actor.id))];
    return this.messages.record(m, people, { key: msg.key, title: msg.title, body: msg.body }, { kind: 'decision' });
  }

  /** After commit. A failure leaves the rows pending for the next sweep: nothing is lost. */
  async enqueue(deliveryIds: readonly string[]): Promise<void> {
    try {
      await this.sweeps.enqueueDeliveries(deliveryIds);
    } catch (err) {
      this.logger.warn(`decision notices: enqueue failed, left to the next sweep: ${String(err)}`);
    }
  }
}
