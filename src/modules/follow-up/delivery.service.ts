import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { EmailChannel } from './channels/email.channel.js';
import { WebhookChannel } from './channels/webhook.channel.js';
import { renderDigest, type DigestLine } from './digest-text.js';
import type { Channel } from './follow-up.entities.js';
import { PolicyService } from './policy.service.js';

interface DeliveryRow {
  id: string;
  digest_key: string;
  user_id: string;
  channel: Channel;
  ledger_ids: string[];
  run_id: string;
  status: string;
}

export type DeliveryResult = 'delivered' | 'skipped';

/**
 * Delivers one digest over one channel. The delivery row was written by the sweep before any
 * delivery; here it only moves pending → delivered (or → failed after the last attempt). The inbox
 * insert and the status change commit together, and the inbox has a unique key per digest, so a
 * retried or re-enqueued job never doubles a message.
 */
@Injectable()
export class DeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly policies: PolicyService,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
  ) {}

  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryResult> {
    const [d]: DeliveryRow[] = await this.dataSource.query(`SELECT * FROM notification_deliveries WHERE id = $1`, [deliveryId]);
    if (!d || d.status !== 'pending') return 'skipped';
    try {
      const [user]: { id: string; username: string; display_name: string; email: string | null }[] = await this.dataSource.query(
        `SELECT id, username, display_name, email FROM users WHERE id = $1`,
        [d.user_id],
      );
      const lines = await this.lines(d.ledger_ids);
      const text = renderDigest(user?.display_name ?? '用户', lines);
      const itemIds = [...new Set(lines.map((l) => l.itemId))];
      const now = this.clock.now();
      if (d.channel === 'email') {
        if (!user?.email) throw new Error('收件人没有电子邮箱');
        await this.email.send(user.email, text, d.id);
      } else if (d.channel === 'webhook') {
        await this.webhook.send({
          deliveryId: d.id,
          digestKey: d.digest_key,
          recipient: { id: user.id, username: user.username, displayName: user.display_name },
          text,
          itemIds,
        });
      }
      await this.dataSource.transaction(async (m) => {
        if (d.channel === 'inbox') {
          await m.query(
            `INSERT INTO notifications (id, user_id, digest_key, title, body, item_ids, run_id, created_at)
             VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT ON CONSTRAINT uq_notifications_digest DO NOTHING`,
            [d.user_id, d.digest_key, text.title, text.body, itemIds, d.run_id, now],
          );
        }
        await m.query(
          `UPDATE notification_deliveries SET status = 'delivered', delivered_at = $2, attempts = attempts + 1, last_error = NULL
            WHERE id = $1 AND status = 'pending'`,
          [d.id, now],
        );
        await m.query(
          `UPDATE reminder_ledger SET status = 'sent', sent_at = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
          [d.ledger_ids, now],
        );
      });
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

  private async lines(ledgerIds: string[]): Promise<DigestLine[]> {
    const policy = await this.policies.get();
    const interview = new Set(policy.escalationLevels.filter((l) => l.interviewRecommended).map((l) => l.level));
    const rows: {
      item_id: string;
      title: string;
      unit_name: string;
      deadline: string | null;
      kind: DigestLine['kind'];
      offset_days: number | null;
      level: number | null;
      notice: string | null;
    }[] = await this.dataSource.query(
      `SELECT l.item_id, i.title, u.name AS unit_name, to_char(l.deadline, 'YYYY-MM-DD') AS deadline, l.kind,
              l.offset_days, l.level, sn.number AS notice
         FROM reminder_ledger l
         JOIN rectification_items i ON i.id = l.item_id
         JOIN units u ON u.id = i.responsible_unit_id
         LEFT JOIN supervision_notices sn ON sn.ledger_id = l.id
        WHERE l.id = ANY($1::uuid[])`,
      [ledgerIds],
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      title: r.title,
      unitName: r.unit_name,
      deadline: r.deadline,
      kind: r.kind,
      offsetDays: r.offset_days,
      level: r.level,
      noticeNumber: r.notice,
      interviewRecommended: r.level !== null && interview.has(r.level),
    }));
  }
}
