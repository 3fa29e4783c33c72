import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/actor.js';
import { Clock } from '../../../common/clock.js';
import { badRequest, notFound } from '../../../common/errors.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { AuditService } from '../../audit/audit.service.js';
import { Unit } from '../../units/unit.entity.js';
import { CHANNELS, type Channel } from '../follow-up.entities.js';
import {
  NOTIFICATION_KINDS,
  NotificationPreferences,
  UnitWebhook,
  type NotificationKind,
  type WebhookStyle,
} from './channel-settings.entities.js';
import type { NotificationPreferencesDto, UnitWebhookDto } from './channel-settings.dto.js';
import { maskUrl, openSecret, parseSecretsKey, sealSecret } from './secret-box.js';

/** What the API shows of a robot: the URL with its tokens masked, never the secret. */
export interface UnitWebhookView {
  unitId: string;
  url: string;
  style: WebhookStyle;
  hasSecret: boolean;
  updatedAt: Date;
}

export type PreferencesView = Record<NotificationKind, Channel[]>;

/** The columns of a robot row read here (the secret is `select: false` by default). */
const WEBHOOK_COLUMNS = { unitId: true, url: true, style: true, secretCipher: true, updatedAt: true } as const;

/** No preferences saved: every channel for every kind (the channels that are configured are used). */
export const DEFAULT_PREFERENCES: PreferencesView = Object.fromEntries(
  NOTIFICATION_KINDS.map((k) => [k, [...CHANNELS]]),
) as PreferencesView;

/**
 * Units' group robots and users' channel preferences. Robot secrets are sealed with SECRETS_KEY
 * (AES-256-GCM, bound to the unit id) before they reach the database and opened only by the
 * delivery; the audit trail records the masked URL and whether a secret is set.
 */
@Injectable()
export class ChannelSettingsService {
  private readonly secretsKey: Buffer | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    const raw = config.get('SECRETS_KEY', { infer: true });
    this.secretsKey = raw ? parseSecretsKey(raw) : null;
  }

  async getWebhook(unitId: string): Promise<UnitWebhookView> {
    const row = await this.dataSource.getRepository(UnitWebhook).findOne({
      where: { unitId },
      select: WEBHOOK_COLUMNS,
    });
    if (!row) throw notFound('单位群机器人');
    return view(row);
  }

  async putWebhook(actor: Actor, unitId: string, dto: UnitWebhookDto): Promise<UnitWebhookView> {
    if (dto.style === 'wecom') {
      if (!new URL(dto.url).searchParams.get('key')) {
        throw badRequest('企业微信机器人地址须带 key 参数（…/cgi-bin/webhook/send?key=…）', [
          { field: 'url', messages: ['wecom url needs ?key='] },
        ]);
      }
      if (dto.secret) throw badRequest('企业微信机器人不使用加签密钥', [{ field: 'secret', messages: ['not used by wecom'] }]);
    }
    if (dto.secret && !this.secretsKey) {
      throw badRequest('服务器未配置 SECRETS_KEY，无法保存机器人密钥', [{ field: 'secret', messages: ['SECRETS_KEY is not configured'] }]);
    }
    return this.dataSource.transaction(async (m) => {
      if (!(await m.existsBy(Unit, { id: unitId }))) throw notFound('单位');
      const before = await m.findOne(UnitWebhook, {
        where: { unitId },
        select: WEBHOOK_COLUMNS,
        lock: { mode: 'pessimistic_write' },
      });
      // Omitted: keep the stored secret (the API never shows it, so a client cannot send it back);
      // null: remove it; a WeCom robot has none.
      let secretCipher = dto.secret === undefined ? (before?.secretCipher ?? null) : null;
      if (dto.secret) secretCipher = sealSecret(this.secretsKey as Buffer, dto.secret, unitId);
      if (dto.style === 'wecom') secretCipher = null;
      await m.upsert(
        UnitWebhook,
        { unitId, url: dto.url, style: dto.style, secretCipher, updatedById: actor.id, updatedAt: this.clock.now() },
        ['unitId'],
      );
      const after = { unitId, url: dto.url, style: dto.style, secretCipher, updatedAt: this.clock.now() };
      await this.audit.record(m, actor, {
        action: 'unit.webhook.put',
        entityType: 'unit',
        entityId: unitId,
        before: before ? auditView(before) : null,
        after: auditView(after),
      });
      return view(after);
    });
  }

  async deleteWebhook(actor: Actor, unitId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOne(UnitWebhook, {
        where: { unitId },
        select: WEBHOOK_COLUMNS,
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) throw notFound('单位群机器人');
      await m.delete(UnitWebhook, { unitId });
      await this.audit.record(m, actor, {
        action: 'unit.webhook.delete',
        entityType: 'unit',
        entityId: unitId,
        before: auditView(before),
      });
    });
  }

  /** The robot's secret in clear, for signing one delivery. Throws (naming no secret) when it cannot be opened. */
  openRobotSecret(unitId: string, sealed: Buffer): string {
    if (!this.secretsKey) throw new Error('stored robot secret needs SECRETS_KEY, which is not configured');
    return openSecret(this.secretsKey, sealed, unitId);
  }

  async getPreferences(actor: Actor): Promise<PreferencesView> {
    const row = await this.dataSource.getRepository(NotificationPreferences).findOneBy({ userId: actor.id });
    return row ? normalize(row.channels) : DEFAULT_PREFERENCES;
  }

  async putPreferences(actor: Actor, dto: NotificationPreferencesDto): Promise<PreferencesView> {
    const channels = normalize(dto);
    return this.dataSource.transaction(async (m) => {
      const before = await m.findOne(NotificationPreferences, { where: { userId: actor.id }, lock: { mode: 'pessimistic_write' } });
      await m.upsert(NotificationPreferences, { userId: actor.id, channels, updatedAt: this.clock.now() }, ['userId']);
      await this.audit.record(m, actor, {
        action: 'user.notification_preferences',
        entityType: 'user',
        entityId: actor.id,
        before: before ? normalize(before.channels) : null,
        after: channels,
      });
      return channels;
    });
  }
}

/** Kinds in a fixed order, channels in CHANNELS order, the inbox always in. */
function normalize(p: Partial<Record<NotificationKind, readonly string[]>>): PreferencesView {
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((k) => [k, CHANNELS.filter((c) => c === 'inbox' || (p[k] ?? CHANNELS).includes(c))]),
  ) as PreferencesView;
}

function view(row: Pick<UnitWebhook, 'unitId' | 'url' | 'style' | 'secretCipher' | 'updatedAt'>): UnitWebhookView {
  return { unitId: row.unitId, url: maskUrl(row.url), style: row.style, hasSecret: row.secretCipher !== null, updatedAt: row.updatedAt };
}

function auditView(row: Pick<UnitWebhook, 'unitId' | 'url' | 'style' | 'secretCipher'>) {
  return { url: maskUrl(row.url), style: row.style, hasSecret: row.secretCipher !== null };
}
