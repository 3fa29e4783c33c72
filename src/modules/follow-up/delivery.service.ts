import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { Role } from '../../common/roles.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { EmailChannel } from './channels/email.channel.js';
import { WebhookChannel } from './channels/webhook.channel.js';
import { renderDigest, type DigestLine } from './digest-text.js';
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
  /** The admin-saved policy (null: the defaults), for which levels recommend an interview. */
  policy: Partial<FollowUpPolicy> | null;
  lines: {
    item_id: string;
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
  }[];
}

export type DeliveryResult = 'delivered' | 'skipped';

/**
 * Delivers one digest over one channel in two round trips: one read (the pending delivery row, its
 * recipient, the digest lines and the policy) and one write. The delivery row was written by the
 * sweep before any delivery; here it only moves pending → delivered (or → failed after the last
 * attempt). The write is ONE statement — mark the row delivered only if still pending, insert the
 * inbox message (unique per digest), mark the ledger rows sent — so it commits or fails as a
 * whole, and a retried, re-enqueued or raced job never doubles a message.
 */
@Injectable()
export class DeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryResult> {
    const [d]: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.id, d.digest_key, d.user_id, d.channel, d.ledger_ids, d.run_id, u.username, u.display_name, u.role, u.email,
              d.message_id, msg.title AS message_title, msg.body AS message_body, msg.attachment_name, msg.attachment,
              (SELECT p.policy FROM follow_up_policy p WHERE p.id = 1) AS policy,
              (SELECT COALESCE(json_agg(json_build_object(
                        'item_id', l.item_id, 'title', i.title, 'unit_name', un.name,
                        'deadline', to_char(l.deadline, 'YYYY-MM-DD'), 'kind', l.kind, 'offset_days', l.offset_days,
                        'remaining_days', l.remaining_days, 'working_days', l.working_days, 'owner_id', i.owner_id,
                        'level', l.level, 'notice', sn.number,
                        'reply_due', to_char(sn.reply_due, 'YYYY-MM-DD'), 'note', l.note)), '[]'::json)
                 FROM reminder_ledger l
                 JOIN rectification_items i ON i.id = l.item_id
                 JOIN units un ON un.id = i.responsible_unit_id
                 LEFT JOIN supervision_notices sn ON sn.ledger_id = l.id
                WHERE l.id = ANY(d.ledger_ids)) AS lines
         FROM notification_deliveries d
         LEFT JOIN users u ON u.id = d.user_id
         LEFT JOIN notification_messages msg ON msg.id = d.message_id
        WHERE d.id = $1 AND d.status = 'pending'`,
      [deliveryId],
    );
    if (!d) return 'skipped';
    try {
      const lines = this.lines(d);
      const text =
        d.message_id !== null
          ? { title: d.message_title ?? '', body: d.message_body ?? '' }
          : renderDigest(
              { id: d.user_id, name: d.display_name ?? '用户', role: d.role ?? 'unit_staff' },
              lines,
              this.config.get('PUBLIC_BASE_URL', { infer: true }),
            );
      const itemIds = [...new Set(lines.map((l) => l.itemId))];
      if (d.channel === 'email') {
        if (!d.email) throw new Error('收件人没有电子邮箱');
        const attachments = d.attachment && d.attachment_name ? [{ filename: d.attachment_name, content: d.attachment }] : [];
        await this.email.send(d.email, text, d.id, attachments);
      } else if (d.channel === 'webhook') {
        await this.webhook.send({
          deliveryId: d.id,
          digestKey: d.digest_key,
          recipient: { id: d.user_id, username: d.username ?? '', displayName: d.display_name ?? '用户' },
          text,
          itemIds,
        });
      }
      // Digests of different recipients share ledger rows, and any one delivery may mark a row sent:
      // a row another delivery holds is skipped (SKIP LOCKED) — that delivery marks it, or its retry
      // does — so concurrent deliveries never queue behind each other on the shared rows.
      await this.dataSource.query(
        `WITH done AS (
           UPDATE notification_deliveries
              SET status = 'delivered', delivered_at = $2, attempts = attempts + 1, last_error = NULL
            WHERE id = $1 AND status = 'pending'
           RETURNING id, user_id, digest_key, run_id, channel, ledger_ids
         ),
         inbox AS (
           INSERT INTO notifications (id, user_id, digest_key, title, body, item_ids, run_id, created_at)
           SELECT gen_random_uuid(), done.user_id, done.digest_key, $3, $4, $5, done.run_id, $2
             FROM done WHERE done.channel = 'inbox'
           ON CONFLICT ON CONSTRAINT uq_notifications_digest DO NOTHING
         ),
         sent AS (
           UPDATE reminder_ledger l SET status = 'sent', sent_at = $2
            WHERE l.id IN (SELECT x.id FROM reminder_ledger x
                            WHERE x.id = ANY(SELECT unnest(done.ledger_ids) FROM done) AND x.status = 'pending'
                            FOR UPDATE SKIP LOCKED)
              AND l.status = 'pending'
         )
         SELECT 1`,
        [d.id, this.clock.now(), text.title, text.body, itemIds],
      );
      return 'delivered';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.dataSource.query(
        `UPDATE notification_deliveries
            SET attempts = attempts + 1, last_error = $2,
                status = CASE WHEN $3::boolean THEN 'failed' ELSE status END,
                failed_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE failed_at END
          WHERE id = $1 AND status = 'pending'`,
        [d.id, message.slice(0, 2000), finalAttempt, this.clock.now()],
      );
      throw err;
    }
  }

  private lines(d: DeliveryRow): DigestLine[] {
    const levels = d.policy?.escalationLevels ?? DEFAULT_POLICY.escalationLevels;
    const interview = new Set(levels.filter((l) => l.interviewRecommended).map((l) => l.level));
    return d.lines.map((r) => ({
      itemId: r.item_id,
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
    }));
  }
}
