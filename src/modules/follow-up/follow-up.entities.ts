import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { FollowUpPolicy } from './follow-up-policy.js';

/** The follow-up policy: one row (id = 1), edited by admin at run time. */
@Entity('follow_up_policy')
@Check(`"id" = 1`)
export class FollowUpPolicyRow {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'jsonb' })
  policy: FollowUpPolicy;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** Exceptions to the Monday–Friday week: public holidays and make-up working days (调休). */
@Entity('working_calendar')
export class WorkingCalendarDay {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 10 })
  kind: CalendarDayKind;

  @Column({ type: 'varchar', length: 50 })
  name: string;
}

/**
 * manual_urge (催办) and manual_supervise (督办) are the office's chase actions: step = the day (YYYYMMDD).
 * decision_* tell the unit of a decision on its item (退回, 销号, an extension decided, an owner
 * assigned): step numbers the item's decisions of that kind.
 */
export const DECISION_KINDS = [
  'decision_reject',
  'decision_close',
  'decision_extension',
  'decision_assign',
  'decision_reply',
  'decision_reopen',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
/**
 * notice_chase: a 督办单 past its reply deadline without a reply, chased once (step = year·100000 + number).
 * interview_notice: a 约谈 recorded for a unit, told to its managers (a unit's row: no item).
 * self_check_notice: a self-check (自查自纠) sent to a unit, told to its managers (the row of its obligation, step 0).
 */
export const LEDGER_KINDS = [
  'reminder',
  'escalation',
  'check_in',
  'manual_urge',
  'manual_supervise',
  'notice_chase',
  ...DECISION_KINDS,
  'interview_notice',
  'self_check_notice',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * One reminder, escalation or check-in of one item — or of one unit's obligation (its 整改方案,
 * 整改情况报告, a self-check answer), or a unit's notice (a 约谈) — recorded once: the unique keys
 * (item or obligation, kind, step, deadline version; interview, kind) are what make every sweep safe
 * to run twice. `step` is the offset in days for reminders, the level for escalations, the period
 * index for check-ins. A row without an item names its unit (`unitId`, what row-level security keys on).
 */
@Entity('reminder_ledger')
@Unique('uq_reminder_ledger_step', ['itemId', 'kind', 'step', 'deadlineVersion'])
@Index('uq_reminder_ledger_obligation_step', ['obligationId', 'kind', 'step', 'deadlineVersion'], {
  unique: true,
  where: 'obligation_id IS NOT NULL',
})
@Index('uq_reminder_ledger_interview_notice', ['interviewId', 'kind'], { unique: true, where: `kind = 'interview_notice'` })
@Check('chk_reminder_ledger_subject', `"item_id" IS NOT NULL OR "unit_id" IS NOT NULL`)
@Index(['runId'])
export class ReminderLedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null on a unit's row (an obligation, a 约谈 notice). */
  @Column({ type: 'uuid', nullable: true })
  itemId: string | null;

  @Column({ type: 'uuid', nullable: true })
  obligationId: string | null;

  /** The unit of a row without an item; null on an item's row (its unit is the item's). */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind: LedgerKind;

  @Column({ type: 'int' })
  step: number;

  /** Days from the threshold to the deadline: 7 = seven days before; -7 = seven days after. */
  @Column({ type: 'int', nullable: true })
  offsetDays: number | null;

  @Column({ type: 'smallint', nullable: true })
  level: number | null;

  /**
   * The item's own days to its deadline when recorded (negative: overdue), in working days when
   * `workingDays`: what the message states, as of the sweep, rather than the rule's threshold.
   */
  @Column({ type: 'int', nullable: true })
  remainingDays: number | null;

  @Column({ type: 'boolean', default: false })
  workingDays: boolean;

  @Column({ type: 'int' })
  deadlineVersion: number;

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  @Column({ type: 'uuid' })
  runId: string;

  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  recipients: string[];

  @Column({ type: 'varchar', array: true, default: () => `'{}'` })
  channels: string[];

  /** pending until a delivery that carries it succeeds; failed when there was nobody to notify. */
  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: 'pending' | 'sent' | 'failed';

  /**
   * Recipient roles the step should have reached but had nobody for (no unit manager, no active
   * leadership account): shown with the failures, even when others were notified.
   */
  @Column({ type: 'varchar', length: 20, array: true, default: () => `'{}'` })
  unreachedRoles: string[];

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** The office's note on a manual chase, shown in the message. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** For a level-3 escalation (约谈 recommended): the 约谈 recorded about it, once there is one. */
  @Column({ type: 'uuid', nullable: true })
  interviewId: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}

/** One sweep: when it ran, as of which instant, what it recorded and enqueued. */
@Entity('follow_up_runs')
export class FollowUpRun {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Increasing, so that "every delivery of this run or an earlier one" is one comparison. */
  @Index({ unique: true })
  @Column({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column({ type: 'timestamptz' })
  asOf: Date;

  /** manual: an office chase (催办/督办); message: a notification such as the weekly bulletin; decision: 退回, 销号… */
  @Column({ type: 'varchar', length: 10 })
  trigger: 'api' | 'schedule' | 'manual' | 'message' | 'decision';

  @Column({ type: 'int', default: 0 })
  recorded: number;

  @Column({ type: 'int', default: 0 })
  enqueued: number;

  @Column({ type: 'int', default: 0 })
  requeued: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

export const CHANNELS = ['inbox', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * One digest to one recipient over one channel. Written in the sweep's transaction, before any
 * delivery; the delivery job only flips its status. `digestKey` is derived from the recipient and
 * the ledger rows it carries (no run id), so a re-derived digest is the same row.
 */
@Entity('notification_deliveries')
@Unique('uq_notification_delivery', ['digestKey', 'channel'])
@Index('idx_notification_deliveries_pending', ['id'], { where: `status = 'pending'` })
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  digestKey: string;

  @Index()
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 10 })
  channel: Channel;

  @Column({ type: 'uuid', array: true })
  ledgerIds: string[];

  /** Set instead of ledger rows when the delivery carries a message (e.g. the weekly bulletin). */
  @Column({ type: 'uuid', nullable: true })
  messageId: string | null;

  @Index()
  @Column({ type: 'uuid' })
  runId: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: 'pending' | 'delivered' | 'failed';

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}

/** The in-app inbox. One row per digest: a re-delivered digest hits the unique key and does not double. */
@Entity('notifications')
@Unique('uq_notifications_digest', ['userId', 'digestKey'])
@Index(['userId', 'createdAt'])
export class InboxNotification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  digestKey: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', array: true })
  itemIds: string[];

  @Column({ type: 'uuid' })
  runId: string;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A message that is not a digest of ledger rows (the weekly bulletin): sent through the same
 * delivery rows and channels. `key` names it once (e.g. `bulletin:2026-06-08`), so sending it
 * again to the same recipient and channel hits the delivery's unique key.
 */
@Entity('notification_messages')
export class NotificationMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  attachmentName: string | null;

  @Column({ type: 'bytea', nullable: true, select: false })
  attachment: Buffer | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * 督办单: issued when an item reaches the supervision level (once per deadline version), or by
 * the office's manual 督办 (`manual`, at most one a day per item); numbered per year.
 */
@Entity('supervision_notices')
@Index('uq_supervision_notice_item_version', ['itemId', 'deadlineVersion'], { unique: true, where: 'NOT manual' })
@Unique('uq_supervision_notice_number', ['year', 'seq'])
export class SupervisionNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 督办〔2026〕1号 */
  @Column({ type: 'varchar', length: 40 })
  number: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  seq: number;

  @Index()
  @Column({ type: 'uuid' })
  itemId: string;

  @Column({ type: 'int' })
  deadlineVersion: number;

  @Column({ type: 'smallint' })
  level: number;

  /** Indexed: every delivery looks up the notices of the ledger rows it carries. */
  @Index('idx_supervision_notices_ledger')
  @Column({ type: 'uuid' })
  ledgerId: string;

  @Column({ type: 'boolean', default: false })
  manual: boolean;

  /** The unit it is addressed to (the item's responsible unit when issued); its manager replies. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  /** Reply by this day (SUPERVISION_REPLY_WORKING_DAYS working days after issue); past it unanswered, it is chased. */
  @Column({ type: 'date', nullable: true })
  replyDue: string | null;

  @Column({ type: 'text', nullable: true })
  replyText: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  repliedById: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
