import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { Page } from '../../common/pagination.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { REDIS_CLIENT } from '../../redis/redis.module.js';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import { SECURITY_EVENT_LABELS, SecurityEvent, type SecurityEventKind } from './security-event.entity.js';

/** Refusals are counted per user (or address, when nobody signed in) and kind in windows of this length. */
export const SECURITY_WINDOW_SECONDS = 60;
/** 403s and 404-on-writes recorded one by one per window; past this only every power of ten. */
export const SECURITY_EVENTS_PER_WINDOW = 20;
/** 401s from one address become an event from this many on within a window (a burst, not a typo). */
export const UNAUTHENTICATED_BURST = 10;
/** Event writes in flight at once; beyond, events are dropped (and counted in the log) rather than queued. */
const MAX_PENDING_WRITES = 8;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOGIN_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/session', '/api/v1/auth/password']);

export interface SecurityEventView extends Omit<SecurityEvent, 'id'> {
  id: string;
  kindLabel: string;
}

export interface SecurityEventFilter {
  kind?: SecurityEventKind;
  userId?: string;
  /** Calendar dates (APP_TIMEZONE), both inclusive. */
  from?: string;
  to?: string;
}

/** Which refusal this response is, if it is one worth recording. */
export function classify(method: string, status: number, path: string, signedIn: boolean): SecurityEventKind | null {
  if (status === 403) return 'forbidden';
  if (status === 404 && signedIn && !SAFE_METHODS.has(method)) return 'not_found_write';
  if (status === 401) return 'unauthenticated_burst';
  if (status === 429 && LOGIN_PATHS.has(path)) return 'login_locked';
  return null;
}

const isPowerOfTen = (n: number) => n >= 1 && 10 ** Math.round(Math.log10(n)) === n;

/** Whether the n-th refusal of a kind within a window is stored: bounded rows whatever the rate. */
export function sampled(kind: SecurityEventKind, n: number): boolean {
  switch (kind) {
    case 'forbidden':
    case 'not_found_write':
      return n <= SECURITY_EVENTS_PER_WINDOW || isPowerOfTen(n);
    case 'unauthenticated_burst':
      return n >= UNAUTHENTICATED_BURST && isPowerOfTen(n);
    case 'login_locked':
      return isPowerOfTen(n);
  }
}

/**
 * Denied attempts, kept for the admin (issue 10, defect 14). `observe` runs when a response has
 * been sent — after any transaction of the request has committed or rolled back — and writes on a
 * connection of its own, never awaited by the request: its failure is logged, never the answer.
 */
@Injectable()
export class SecurityEventsService {
  private readonly logger = new Logger('SecurityEvents');
  private readonly prefix: string;
  private readonly timeZone: string;
  private pending = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly clock: Clock,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.prefix = `${config.get('REDIS_PREFIX', { infer: true })}:security-events`;
    this.timeZone = config.get('APP_TIMEZONE', { infer: true });
  }

  observe(req: AuthenticatedRequest, res: Response): void {
    const path = (req.originalUrl ?? req.url).split('?')[0];
    const kind = classify(req.method, res.statusCode, path, Boolean(req.actor));
    if (!kind) return;
    this.record(kind, req, res, path).catch((err: unknown) => {
      this.logger.warn(`security event not recorded (${kind} ${req.method} ${path}): ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private async record(kind: SecurityEventKind, req: AuthenticatedRequest, res: Response, path: string): Promise<void> {
    const ip = (req.ip ?? req.socket.remoteAddress ?? 'unknown').slice(0, 64);
    const at = this.clock.now();
    const window = Math.floor(at.getTime() / (SECURITY_WINDOW_SECONDS * 1000));
    const key = `${this.prefix}:${kind}:${req.actor?.id ?? ip}:${window}`;
    const replies = await this.redis
      .multi()
      .set(key, '0', 'EX', SECURITY_WINDOW_SECONDS * 2, 'NX')
      .incr(key)
      .exec();
    const count = Number(replies?.[1]?.[1]);
    if (!Number.isSafeInteger(count) || !sampled(kind, count)) return;
    if (this.pending >= MAX_PENDING_WRITES) {
      this.logger.warn(`security event dropped (${MAX_PENDING_WRITES} writes in flight): ${kind} ${req.method} ${path}`);
      return;
    }
    const body: unknown = req.body;
    const attempted =
      kind === 'login_locked' && typeof body === 'object' && body !== null ? (body as { username?: unknown }).username : undefined;
    const code: unknown = (res.locals as { errorCode?: unknown }).errorCode;
    this.pending += 1;
    try {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(SecurityEvent)
        .values({
          kind,
          userId: req.actor?.id ?? null,
          username: (req.actor?.username ?? (typeof attempted === 'string' ? attempted : null))?.slice(0, 64) ?? null,
          ip,
          method: req.method.slice(0, 10),
          path: path.slice(0, 300),
          status: res.statusCode,
          code: typeof code === 'string' ? code.slice(0, 64) : null,
          count,
          at,
        })
        .execute();
    } finally {
      this.pending -= 1;
    }
  }

  async list(filter: SecurityEventFilter, page: { offset: number; pageSize: number; page: number }): Promise<Page<SecurityEventView>> {
    const qb = this.dataSource.getRepository(SecurityEvent).createQueryBuilder('e').orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC');
    if (filter.kind) qb.andWhere('e.kind = :kind', { kind: filter.kind });
    if (filter.userId) qb.andWhere('e.userId = :userId', { userId: filter.userId });
    if (filter.from) qb.andWhere(`e.at >= (CAST(:from AS date)::timestamp AT TIME ZONE :tz)`, { from: filter.from, tz: this.timeZone });
    if (filter.to) qb.andWhere(`e.at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE :tz)`, { to: filter.to, tz: this.timeZone });
    const [rows, total] = await qb.skip(page.offset).take(page.pageSize).getManyAndCount();
    return {
      data: rows.map((e) => ({ ...e, kindLabel: SECURITY_EVENT_LABELS[e.kind] })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }
}
