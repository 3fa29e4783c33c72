import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Unit } from '../../units/unit.entity.js';
import { User } from '../../users/user.entity.js';

export const WEBHOOK_STYLES = ['dingtalk', 'wecom', 'generic'] as const;
export type WebhookStyle = (typeof WEBHOOK_STYLES)[number];

/**
 * A unit's own group robot. Only items of this unit (and its sub-units) are ever sent to it.
 * The secret (DingTalk 加签, or the generic style's HMAC key) is stored AES-256-GCM encrypted under
 * SECRETS_KEY (`secretCipher` = iv ‖ tag ‖ ciphertext) and never leaves the server.
 */
@Entity('unit_webhooks')
@Check(`"style" IN ('dingtalk', 'wecom', 'generic')`)
export class UnitWebhook {
  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<Unit>;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 10 })
  style: WebhookStyle;

  @Column({ type: 'bytea', nullable: true, select: false })
  secretCipher: Buffer | null;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** What a preference is about: a delivery carries one or more of these kinds. */
export const NOTIFICATION_KINDS = ['reminder', 'escalation', 'decision', 'bulletin'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * A user's channels per kind (`{"reminder": ["inbox", "email"], …}`). No row: every channel for
 * every kind. The inbox is the ledger's record and is always in every list.
 */
@Entity('notification_preferences')
export class NotificationPreferences {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'jsonb' })
  channels: Record<NotificationKind, string[]>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
