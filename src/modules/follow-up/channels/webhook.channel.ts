import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac } from 'node:crypto';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import type { DigestText } from '../digest-text.js';
import type { WebhookStyle } from './channel-settings.entities.js';

/** Where a webhook delivery goes: a unit's robot, or the office robot (WEBHOOK_URL). */
export interface RobotTarget {
  url: string;
  style: WebhookStyle;
  /** DingTalk 加签 secret, or the generic style's HMAC key. */
  secret: string | null;
}

export interface WebhookDigest {
  deliveryId: string;
  digestKey: string;
  recipient: { id: string; username: string; displayName: string };
  text: DigestText;
  itemIds: string[];
}

/** The body for the robot's style: a DingTalk / WeCom text message, or our JSON. */
export function webhookBody(style: WebhookStyle, d: WebhookDigest): object {
  const content = `${d.text.title}\n${d.text.body}`;
  if (style === 'dingtalk' || style === 'wecom') return { msgtype: 'text', text: { content } };
  return {
    type: 'rectify.follow-up.digest',
    deliveryId: d.deliveryId,
    digestKey: d.digestKey,
    recipient: d.recipient,
    title: d.text.title,
    text: d.text.body,
    itemIds: d.itemIds,
  };
}

/** `sha256=<hex HMAC of the raw body>`, sent as X-Rectify-Signature. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** DingTalk 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The URL to POST to: for a signed DingTalk robot, with `timestamp` and `sign` appended (URL-encoded). */
export function robotUrl(target: RobotTarget, timestamp: number): string {
  if (target.style !== 'dingtalk' || !target.secret) return target.url;
  const u = new URL(target.url);
  u.searchParams.set('timestamp', String(timestamp));
  u.searchParams.set('sign', dingtalkSign(target.secret, timestamp));
  return u.toString();
}

/** HTTP POST of JSON; any non-2xx answer is a failure (retried by the job). */
@Injectable()
export class WebhookChannel {
  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  /** The office's own robot (WEBHOOK_URL): receives counts and levels only. */
  officeRobot(): RobotTarget | null {
    const url = this.config.get('WEBHOOK_URL', { infer: true });
    if (!url) return null;
    const format = this.config.get('WEBHOOK_FORMAT', { infer: true });
    return { url, style: format === 'json' ? 'generic' : format, secret: this.config.get('WEBHOOK_SECRET', { infer: true }) ?? null };
  }

  async send(target: RobotTarget, d: WebhookDigest): Promise<void> {
    const body = JSON.stringify(webhookBody(target.style, d));
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-rectify-delivery': d.deliveryId };
    if (target.secret && target.style === 'generic') headers['x-rectify-signature'] = signBody(target.secret, body);
    // DingTalk checks the timestamp against its own clock (±1 h): the real time, not the domain clock.
    const res = await fetch(robotUrl(target, Date.now()), {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.config.get('FOLLOW_UP_CHANNEL_TIMEOUT_MS', { infer: true })),
    });
    const answer = await res.text().catch(() => '');
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
    // DingTalk and WeCom answer 200 with {"errcode": n} on refusal (bad signature, rate limit).
    if (target.style !== 'generic') {
      const errcode = parseErrcode(answer);
      if (errcode !== 0 && errcode !== null) throw new Error(`robot refused the message: errcode ${errcode}`);
    }
  }
}

function parseErrcode(answer: string): number | null {
  try {
    const v = (JSON.parse(answer) as { errcode?: unknown }).errcode;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}
