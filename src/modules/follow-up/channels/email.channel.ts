import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import type { DigestText } from '../digest-text.js';
import { emailParts } from './message-templates.js';

/** E-mail over SMTP (nodemailer), only when SMTP_URL is set: a plain-text and an HTML part (message-templates.ts). */
@Injectable()
export class EmailChannel implements OnModuleDestroy {
  private transporter?: Transporter;

  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  get enabled(): boolean {
    return Boolean(this.config.get('SMTP_URL', { infer: true }));
  }

  private transport(): Transporter {
    if (!this.transporter) {
      const timeout = this.config.get('FOLLOW_UP_CHANNEL_TIMEOUT_MS', { infer: true });
      this.transporter = nodemailer.createTransport(this.config.getOrThrow('SMTP_URL', { infer: true }), {
        pool: true,
        maxConnections: 5,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      } as never);
    }
    return this.transporter;
  }

  async send(to: string, text: DigestText, deliveryId: string, attachments: { filename: string; content: Buffer }[] = []): Promise<void> {
    const parts = emailParts(text);
    await this.transport().sendMail({
      from: this.config.get('SMTP_FROM', { infer: true }),
      to,
      subject: parts.subject,
      text: parts.text,
      html: parts.html,
      headers: { 'X-Rectify-Delivery': deliveryId },
      ...(attachments.length ? { attachments } : {}),
    });
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
