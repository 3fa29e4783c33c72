import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pg from 'pg';
import { DomainException, ErrorCode } from '../../common/errors.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';

/** What a refused export tells the client to wait (s): long enough for a typical export to end. */
export const EXPORT_RETRY_AFTER_SECONDS = 30;

/** An export over the caps: 429, with `Retry-After` set by the controller. */
export class ExportsBusyError extends DomainException {
  constructor(perUser: boolean) {
    super(
      ErrorCode.TooManyRequests,
      perUser
        ? `您已有台账导出正在进行，请待其完成后再导出（约${EXPORT_RETRY_AFTER_SECONDS}秒后重试）`
        : `当前台账导出任务较多，请约${EXPORT_RETRY_AFTER_SECONDS}秒后重试`,
      { retryAfterSeconds: EXPORT_RETRY_AFTER_SECONDS },
    );
  }
}

/**
 * How many ledger exports run at once in this process: at most EXPORT_MAX_CONCURRENT, and at most
 * EXPORT_MAX_PER_USER per user. An export holds a database connection and a cursor for as long as
 * its client takes to read (up to LEDGER_STALL_TIMEOUT_SECONDS per part), so without a cap a few
 * clients that never read held every connection.
 *
 * Per process, on purpose: the resource guarded is this process's export pool (sized to the same
 * cap), so N API processes allow N × the caps, a figure fixed by the deployment. Counting per user
 * across processes would need leases in Redis that expire when a process dies mid-export; a
 * Redis hiccup would then either block every export or let them all through. See the README.
 */
@Injectable()
export class ExportSlots {
  private readonly maxTotal: number;
  private readonly maxPerUser: number;
  private total = 0;
  private readonly perUser = new Map<string, number>();

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.maxTotal = config.get('EXPORT_MAX_CONCURRENT', { infer: true });
    this.maxPerUser = config.get('EXPORT_MAX_PER_USER', { infer: true });
  }

  /** Takes a slot for `userId` or throws ExportsBusyError; the returned release is safe to call more than once. */
  acquire(userId: string): () => void {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.maxPerUser) throw new ExportsBusyError(true);
    if (this.total >= this.maxTotal) throw new ExportsBusyError(false);
    this.total++;
    this.perUser.set(userId, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    };
  }

  /** Exports running now (for tests and logs). */
  get running(): number {
    return this.total;
  }
}

/**
 * The exports' own small pool (EXPORT_MAX_CONCURRENT connections, same DATABASE_URL), so that a
 * download held open by a slow or stalled client never takes a connection the API needs for its
 * ordinary requests and /health. Created on first use; ended at shutdown.
 */
@Injectable()
export class ExportPool implements OnApplicationShutdown {
  private readonly logger = new Logger(ExportPool.name);
  private pool: pg.Pool | null = null;

  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  connect(): Promise<pg.PoolClient> {
    if (!this.pool) {
      this.pool = new pg.Pool({
        connectionString: this.config.get('DATABASE_URL', { infer: true }),
        max: this.config.get('EXPORT_MAX_CONCURRENT', { infer: true }),
        // The slots keep exports within the pool's size, so a wait here means a leak: fail, don't hang.
        connectionTimeoutMillis: 10_000,
        idleTimeoutMillis: 30_000,
        application_name: 'rectify-export',
      });
      // An idle client whose server went away must not crash the process.
      this.pool.on('error', (err) => this.logger.warn(`export pool: idle connection failed: ${err.message}`));
    }
    return this.pool.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }
}
