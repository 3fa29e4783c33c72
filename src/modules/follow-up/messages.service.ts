import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { NotificationKind } from './channels/channel-settings.entities.js';
import type { Channel } from './follow-up.entities.js';
import { SweepService } from './sweep.service.js';

export interface OutgoingMessage {
  /** Names the message once (e.g. `bulletin:2026-06-08`): the same key to the same user and channel is sent once. */
  key: string;
  title: string;
  /** Plain text: the e-mail body, the webhook's text, the inbox body. */
  body: string;
  /** Attached to the e-mail only. */
  attachment?: { filename: string; content: Buffer };
}

/**
 * Messages that are not reminders (the weekly bulletin) over the follow-up channels, through the
 * same delivery rows, jobs and retries as the digests. Exactly once per message key, recipient and
 * channel: the delivery's digest key is derived from the user and the message key, and
 * (digest_key, channel) is unique.
 */
@Injectable()
export class FollowUpMessagesService {
  private readonly logger = new Logger('FollowUpMessages');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly sweeps: SweepService,
  ) {}

  /**
   * Records the message and one delivery per (active) user and channel not yet recorded, then
   * enqueues them. `channels` narrows the configured ones (e.g. without the inbox when the caller
   * writes the inbox itself); unconfigured channels are never used; `kind` (default bulletin) is what
   * the recipients' preferences are asked about. Returns the new deliveries.
   */
  async notifyUsers(
    userIds: readonly string[],
    msg: OutgoingMessage,
    options: { channels?: readonly Channel[]; kind?: Extract<NotificationKind, 'decision' | 'bulletin'> } = {},
  ): Promise<number> {
    const ids = await this.dataSource.transaction((m) => this.record(m, userIds, msg, options));
    await this.enqueue(ids, msg.key);
    return ids.length;
  }

  /**
   * The same, inside the caller's transaction (through its manager only): the message and its
   * deliveries are written with the decision they announce, or not at all. Returns the delivery ids
   * to enqueue after commit (`enqueue`).
   */
  async record(
    m: EntityManager,
    userIds: readonly string[],
    msg: OutgoingMessage,
    options: { channels?: readonly Channel[]; kind?: Extract<NotificationKind, 'decision' | 'bulletin'> } = {},
  ): Promise<string[]> {
    const channels = this.sweeps.channels().filter((c) => !options.channels || options.channels.includes(c));
    if (userIds.length === 0 || channels.length === 0) return [];
    const now = this.clock.now();
    const runId = randomUUID();
    // Refresh the content (a re-run bulletin carries the latest figures to deliveries still pending).
    const [{ id: messageId }]: { id: string }[] = await m.query(
      `INSERT INTO notification_messages (key, title, body, attachment_name, attachment, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body,
         attachment_name = EXCLUDED.attachment_name, attachment = EXCLUDED.attachment
       RETURNING id`,
      [msg.key, msg.title.slice(0, 200), msg.body, msg.attachment?.filename ?? null, msg.attachment?.content ?? null, now],
    );
    const rows: { id: string }[] = await m.query(
      `INSERT INTO notification_deliveries (id, digest_key, user_id, channel, ledger_ids, message_id, run_id, status, attempts, created_at)
       SELECT gen_random_uuid(), md5(u.id::text || ':message:' || $1::text), u.id, ch.channel, '{}', $2, $3, 'pending', 0, $4
         FROM users u CROSS JOIN unnest($6::varchar[]) AS ch(channel)
        WHERE u.id = ANY($5::uuid[]) AND u.active AND ${this.sweeps.deliveryWanted('ARRAY[$7::text]')}
       ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING
       RETURNING id`,
      [msg.key, messageId, runId, now, [...userIds], channels, options.kind ?? 'bulletin'],
    );
    // A run row, so that `POST /follow-up/sweep?wait=true` also waits for these deliveries.
    if (rows.length) {
      await m.query(
        `INSERT INTO follow_up_runs (id, as_of, trigger, recorded, enqueued, finished_at) VALUES ($1, $2, 'message', 0, $3, $2)`,
        [runId, now, rows.length],
      );
    }
    return rows.map((r) => r.id);
  }

  /** After commit. A failure leaves the rows pending for the next sweep: nothing is lost. */
  async enqueue(ids: readonly string[], key: string): Promise<void> {
    try {
      await this.sweeps.enqueueDeliveries(ids);
    } catch (err) {
      this.logger.warn(`message ${key}: enqueue failed, left to the next sweep: ${String(err)}`);
    }
  }
}
