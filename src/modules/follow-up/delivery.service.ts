import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { Role } from '../../common/roles.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import type { WebhookStyle } from './channels/channel-settings.entities.js';
import { ChannelSettingsService } from './channels/channel-settings.service.js';
import { EmailChannel } from './channels/email.channel.js';
import { officeRobotMessage, officeRobotText } from './channels/message-templates.js';
import { preferenceKind } from './channels/routing.js';
import { WebhookChannel, type RobotTarget } from './channels/webhook.channel.js';
import { itemIdsOf, renderDigest, type DigestLine, type DigestText } from './digest-text.js';
import type { ObligationKind } from '../obligations/obligations.entities.js';
import type { Channel } from './follow-up.entities.js';
import { DEFAULT_POLICY, type FollowUpPolicy } from './follow-up-policy.js';

interface DeliveryRow {
  id: string;
  digest_key: string;
  user_id: string;
  channel: Channel;
  ledger_ids: string[];
  run_id: string;
  /** A message delivery (the weekly bulletin) instead of a digest of ledger rows. */
  message_id: string | null;
  message_title: string | null;
  message_body: string | null;
  attachment_name: string | null;
  attachment: Buffer | null;
  username: string | null;
  display_name: string | null;
  role: Role | null;
  email: string | null;
  unit_id: string | null;
  /** Webhook deliveries of a unit's user: the robot of the nearest unit at or above theirs. */
  robot_unit_id: string | null;
  robot_url: string | null;
  robot_style: WebhookStyle | null;
  robot_secret: Buffer | null;
  /** The recipient's saved channels per kind (null: every channel). */
  preferences: Record<string, string[]> | null;
  /** The admin-saved policy (null: the defaults), for which levels recommend an interview. */
  policy: Partial<FollowUpPolicy> | null;
  /**
   * Webhook deliveries to a unit's robot: the digest's items and obligations that lie under the
   * robot's unit (never a 约谈 notice: the unit's group chat is not its manager).
   */
  robot_item_ids: string[] | null;
}

/** One ledger row of a digest, read once per batch however many of the batch's digests carry it. */
interface LineRow {
  ledger_id: string;
  item_id: string | null;
  obligation_id: string | null;
  obligation_kind: ObligationKind | null;
  title: string;
  unit_name: string;
  deadline: string | null;
  kind: DigestLine['kind'];
  offset_days: number | null;
  remaining_days: number | null;
  working_days: boolean;
  owner_id: string | null;
  level: number | null;
  notice: string | null;
  reply_due: string | null;
  note: string | null;
}

export type DeliveryResult = 'delivered' | 'skipped';

/** Deliveries read and written together: at most this many, gathered for at most BATCH_WINDOW_MS. */
export const DELIVERY_BATCH_MAX = 50;
const BATCH_WINDOW_MS = 5;

interface Waiting {
  id: string;
  finalAttempt: boolean;
  resolve: (r: DeliveryResult) => void;
  reject: (e: unknown) => void;
}

type Outcome =
  | { w: Waiting; status: 'skipped' }
  | { w: Waiting; status: 'sent'; text: DigestText; itemIds: string[] }
  | { w: Waiting; status: 'failed'; error: Error; permanent: boolean };

/** A failure that no retry can mend (no robot any more, a secret that cannot be opened): recorded as failed at once. */
class PermanentDeliveryError extends Error {}

/**
 * Delivers digests, each over one channel. The delivery jobs running at once in this process
 * (FOLLOW_UP_CONCURRENCY) are gathered into batches of up to DELIVERY_BATCH_MAX: two reads for the
 * batch (the pending rows with their recipients, routing and the policy; then every ledger row
 * they carry, once), each row sent
 * over its channel (the inbox needs nothing sent), then ONE write for every row that went out —
 * mark each delivered only if still pending, insert the inbox messages (unique per digest), mark
 * the ledger rows sent — and one for the failures. So a retried, re-enqueued or raced job never
 * doubles a message, and a batch commits or fails as a whole (each of its jobs is then retried).
 */
@Injectable()
export class DeliveryService implements OnModuleDestroy {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly settings: ChannelSettingsService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryResult> {
    return new Promise<DeliveryResult>((resolve, reject) => {
      this.waiting.push({ id: deliveryId, finalAttempt, resolve, reject });
      if (this.waiting.length >= DELIVERY_BATCH_MAX) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), BATCH_WINDOW_MS);
    });
  }

  onModuleDestroy(): void {
    this.flush();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting.splice(0, DELIVERY_BATCH_MAX);
    if (this.waiting.length) this.timer = setTimeout(() => this.flush(), 0);
    if (batch.length) void this.run(batch);
  }

  private async run(batch: Waiting[]): Promise<void> {
    let rows: DeliveryRow[];
    let lines: Map<string, LineRow>;
    try {
      rows = await this.read([...new Set(batch.map((w) => w.id))]);
      lines = await this.readLines([...new Set(rows.flatMap((r) => r.ledger_ids))]);
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    const seen = new Set<string>();
    const outcomes = await Promise.all(
      batch.map(async (w): Promise<Outcome> => {
        const row = byId.get(w.id);
        // Not pending (or the same id twice in one batch): someone else delivered it.
        if (!row || seen.has(w.id)) return { w, status: 'skipped' };
        seen.add(w.id);
        try {
          return { w, status: 'sent', ...(await this.send(row, this.lines(row, lines))) };
        } catch (err) {
          const error = err instanceof Error ? err : new Error(String(err));
          return { w, status: 'failed', error, permanent: err instanceof PermanentDeliveryError };
        }
      }),
    );
    const sent = outcomes.filter((o) => o.status === 'sent');
    const failed = outcomes.filter((o) => o.status === 'failed');
    if (sent.length) {
      try {
        await this.writeDelivered(sent);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        failed.push(...sent.map((o): Outcome & { status: 'failed' } => ({ w: o.w, status: 'failed', error, permanent: false })));
        sent.length = 0;
      }
    }
    if (failed.length) {
      await this.writeFailed(failed).catch(() => undefined); // the job's retry records it next time
    }
    for (const o of outcomes) if (o.status === 'skipped') o.w.resolve('skipped');
    for (const o of sent) o.w.resolve('delivered');
    for (const o of failed) o.w.reject(o.permanent ? new UnrecoverableError(o.error.message) : o.error);
  }

  private read(ids: string[]): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT d.id, d.digest_key, d.user_id, d.channel, d.ledger_ids, d.run_id, u.username, u.display_name, u.role, u.email, u.unit_id,
              d.message_id, msg.title AS message_title, msg.body AS message_body, msg.attachment_name, msg.attachment,
              w.unit_id AS robot_unit_id, w.url AS robot_url, w.style AS robot_style, w.secret_cipher AS robot_secret,
              np.channels AS preferences,
              (SELECT p.policy FROM follow_up_policy p WHERE p.id = 1) AS policy,
              CASE WHEN w.unit_id IS NOT NULL THEN
                ARRAY(SELECT DISTINCT COALESCE(l.item_id, l.obligation_id) FROM reminder_ledger l LEFT JOIN rectification_items i ON i.id = l.item_id
                       WHERE l.id = ANY(d.ledger_ids) AND l.kind <> 'interview_notice'
                         AND unit_is_within(COALESCE(i.responsible_unit_id, l.unit_id), w.unit_id)) END AS robot_item_ids
         FROM notification_deliveries d
         LEFT JOIN users u ON u.id = d.user_id
         LEFT JOIN notification_messages msg ON msg.id = d.message_id
         LEFT JOIN notification_preferences np ON np.user_id = d.user_id
         LEFT JOIN LATERAL (SELECT x.unit_id, x.url, x.style, x.secret_cipher FROM unit_webhooks x
                             WHERE d.channel = 'webhook' AND u.unit_id IS NOT NULL
                               AND x.unit_id = follow_up_robot_unit(u.unit_id)) w ON true
        WHERE d.id = ANY($1::uuid[]) AND d.status = 'pending'`,
      [ids],
    );
  }

  /** Every ledger row the batch's digests carry, each read once (an owner's and a manager's digest share most). */
  private async readLines(ledgerIds: string[]): Promise<Map<string, LineRow>> {
    if (ledgerIds.length === 0) return new Map();
    const rows: LineRow[] = await this.dataSource.query(
      // A unit's row (an obligation, a 约谈 notice) has no item: its title is the round's, its unit its own.
      `SELECT l.id AS ledger_id, l.item_id, l.obligation_id, o.kind AS obligation_kind,
              COALESCE(i.title, r.title, '') AS title, un.name AS unit_name, to_char(l.deadline, 'YYYY-MM-DD') AS deadline,
              l.kind, l.offset_days, l.remaining_days, l.working_days, i.owner_id,
              l.level, sn.number AS notice, to_char(sn.reply_due, 'YYYY-MM-DD') AS reply_due, l.note
         FROM reminder_ledger l
         LEFT JOIN rectification_items i ON i.id = l.item_id
         LEFT JOIN unit_obligations o ON o.id = l.obligation_id
         LEFT JOIN inspections r ON r.id = o.inspection_id
         JOIN units un ON un.id = COALESCE(i.responsible_unit_id, l.unit_id)
         LEFT JOIN supervision_notices sn ON sn.ledger_id = l.id
        WHERE l.id = ANY($1::uuid[])`,
      [ledgerIds],
    );
    return new Map(rows.map((r) => [r.ledger_id, r]));
  }

  /** Sends one row over its channel; returns what the inbox keeps (the whole digest). */
  private async send(d: DeliveryRow, all: DigestLine[]): Promise<{ text: DigestText; itemIds: string[] }> {
    const text: DigestText = d.message_id !== null ? { title: d.message_title ?? '', body: d.message_body ?? '' } : this.digest(d, all);
    const itemIds = itemIdsOf(all);
    if (d.channel === 'inbox') return { text, itemIds };

    // E-mail and webhooks carry the lines of the kinds the recipient wants there (the inbox keeps all).
    const wanted = (l: DigestLine) => !d.preferences || (d.preferences[preferenceKind(l.kind)] ?? []).includes(d.channel);
    const lines = all.filter(wanted);
    if (d.message_id === null && lines.length === 0) return { text, itemIds };

    if (d.channel === 'email') {
      if (!d.email) throw new PermanentDeliveryError('收件人没有电子邮箱');
      const attachments = d.attachment && d.attachment_name ? [{ filename: d.attachment_name, content: d.attachment }] : [];
      const own = d.message_id !== null ? text : this.digest(d, lines);
      await this.email.send(d.email, own, d.id, attachments);
      return { text, itemIds };
    }

    const recipient = { id: d.user_id, username: d.username ?? '', displayName: d.display_name ?? '用户' };
    if (d.unit_id === null) {
      // The office robot: counts and levels only, never an item's or a unit's name.
      const target = this.webhook.officeRobot();
      if (!target) throw new PermanentDeliveryError('未配置巡察办群机器人（WEBHOOK_URL）');
      const own = d.message_id !== null ? officeRobotMessage(text.title) : officeRobotText(lines);
      await this.webhook.send(target, { deliveryId: d.id, digestKey: d.digest_key, recipient, text: own, itemIds: [] });
      return { text, itemIds };
    }
    if (!d.robot_url || !d.robot_style || !d.robot_unit_id) throw new PermanentDeliveryError('接收人所在单位未配置群机器人');
    let secret: string | null = null;
    try {
      if (d.robot_secret) secret = this.settings.openRobotSecret(d.robot_unit_id, d.robot_secret);
    } catch (err) {
      throw new PermanentDeliveryError(err instanceof Error ? err.message : String(err));
    }
    const target: RobotTarget = { url: d.robot_url, style: d.robot_style, secret };
    // Only the items of the robot's unit and its sub-units go to its group.
    const inRobot = new Set(d.robot_item_ids ?? []);
    const own = lines.filter((l) => inRobot.has(l.itemId ?? l.obligationId ?? ''));
    if (d.message_id === null && own.length === 0) return { text, itemIds };
    const ownText = d.message_id !== null ? text : this.digest(d, own);
    await this.webhook.send(target, {
      deliveryId: d.id,
      digestKey: d.digest_key,
      recipient,
      text: ownText,
      itemIds: itemIdsOf(own),
    });
    return { text, itemIds };
  }

  /**
   * One statement for the batch. Digests of different recipients share ledger rows, and any one
   * delivery may mark a row sent: a row another delivery holds is skipped (SKIP LOCKED) — that
   * delivery marks it, or its retry does — so concurrent batches never queue behind each other.
   */
  private async writeDelivered(sent: (Outcome & { status: 'sent' })[]): Promise<void> {
    const input = sent.map((o) => ({ id: o.w.id, title: o.text.title, body: o.text.body, item_ids: o.itemIds }));
    await this.dataSource.query(
      `WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x(id uuid, title text, body text, item_ids uuid[])),
       done AS (
         UPDATE notification_deliveries d
            SET status = 'delivered', delivered_at = $2, attempts = d.attempts + 1, last_error = NULL
           FROM input
          WHERE d.id = input.id AND d.status = 'pending'
         RETURNING d.id, d.user_id, d.digest_key, d.run_id, d.channel, d.ledger_ids, input.title, input.body, input.item_ids
       ),
       inbox AS (
         INSERT INTO notifications (id, user_id, digest_key, title, body, item_ids, run_id, created_at)
         SELECT gen_random_uuid(), done.user_id, done.digest_key, done.title, done.body, done.item_ids, done.run_id, $2
           FROM done WHERE done.channel = 'inbox'
         ON CONFLICT ON CONSTRAINT uq_notifications_digest DO NOTHING
       ),
       sent AS (
         UPDATE reminder_ledger l SET status = 'sent', sent_at = $2
          WHERE l.id IN (SELECT x.id FROM reminder_ledger x
                          WHERE x.id IN (SELECT unnest(done.ledger_ids) FROM done) AND x.status = 'pending'
                          FOR UPDATE SKIP LOCKED)
            AND l.status = 'pending'
       )
       SELECT 1`,
      [JSON.stringify(input), this.clock.now()],
    );
  }

  private async writeFailed(failed: (Outcome & { status: 'failed' })[]): Promise<void> {
    const input = failed.map((o) => ({ id: o.w.id, error: o.error.message.slice(0, 2000), final: o.w.finalAttempt || o.permanent }));
    await this.dataSource.query(
      `UPDATE notification_deliveries d
          SET attempts = d.attempts + 1, last_error = x.error,
              status = CASE WHEN x.final THEN 'failed' ELSE d.status END,
              failed_at = CASE WHEN x.final THEN $2::timestamptz ELSE d.failed_at END
         FROM json_to_recordset($1::json) AS x(id uuid, error text, final boolean)
        WHERE d.id = x.id AND d.status = 'pending'`,
      [JSON.stringify(input), this.clock.now()],
    );
  }

  /** The digest as this recipient reads it: wording by role (their own items as owner), links to each item. */
  private digest(d: DeliveryRow, lines: DigestLine[]): DigestText {
    return renderDigest(
      { id: d.user_id, name: d.display_name ?? '用户', role: d.role ?? 'unit_staff' },
      lines,
      this.config.get('PUBLIC_BASE_URL', { infer: true }),
    );
  }

  private lines(d: DeliveryRow, lines: Map<string, LineRow>): DigestLine[] {
    const levels = d.policy?.escalationLevels ?? DEFAULT_POLICY.escalationLevels;
    const interview = new Set(levels.filter((l) => l.interviewRecommended).map((l) => l.level));
    return d.ledger_ids.flatMap((id) => {
      const r = lines.get(id);
      if (!r) return [];
      return [
        {
          itemId: r.item_id,
          obligationId: r.obligation_id,
          obligationKind: r.obligation_kind,
          title: r.title,
          unitName: r.unit_name,
          deadline: r.deadline,
          kind: r.kind,
          offsetDays: r.offset_days,
          remainingDays: r.remaining_days,
          workingDays: r.working_days,
          ownerId: r.owner_id,
          level: r.level,
          noticeNumber: r.notice,
          replyDue: r.reply_due,
          interviewRecommended: r.kind === 'escalation' && r.level !== null && interview.has(r.level),
          note: r.note,
        },
      ];
    });
  }
}
