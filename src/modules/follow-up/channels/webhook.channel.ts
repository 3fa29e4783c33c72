import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac } from 'node:crypto';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import type { DigestText } from '../digest-text.js';

export interface WebhookDigest {
  deliveryId: string;
  digestKey: string;
  recipient: { id: string; username: string; displayName: string };
  text: DigestText;
  itemIds: string[];
}

/** The body for the configured format: our JSON, or a DingTalk / WeCom robot text message. */
export function webhookBody(format: 'json' | 'dingtalk' | 'wecom', d: WebhookDigest): object {
  const content = `${d.text.title}\n${d.text.body}`;
  if (format === 'dingtalk' || format === 'wecom') return { msgtype: 'text', text: { content } };
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

/** HTTP POST of JSON; any non-2xx answer is a failure (retried by the job). */
@Injectable()
export class WebhookChannel {
  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  get enabled(): boolean {
    return Boolean(this.config.get('WEBHOOK_URL', { infer: true }));
  }

  async send(d: WebhookDigest): Promise<void> {
    const body = JSON.stringify(webhookBody(this.config.get('WEBHOOK_FORMAT', { infer: true }), d));
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-rectify-delivery': d.deliveryId };
    const secret = this.config.get('WEBHOOK_SECRET', { infer: true });
    if (secret) headers['x-rectify-signature'] = signBody(secret, body);
    const res = await fetch(this.config.getOrThrow('WEBHOOK_URL', { infer: true }), {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.config.get('FOLLOW_UP_CHANNEL_TIMEOUT_MS', { infer: true })),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  }
}
