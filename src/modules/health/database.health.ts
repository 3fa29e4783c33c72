import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import pg from 'pg';
import type { EnvironmentVariables } from '../../config/env.validation.js';

const PING_TIMEOUT_MS = 3000;

/**
 * PostgreSQL answers — on a connection of its own. Pinging through the application's pool would
 * wait behind the requests for a free connection, so a busy but healthy API would report the
 * database down (503) and an orchestrator would restart it exactly when it is loaded.
 */
@Injectable()
export class DatabaseHealthIndicator implements OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly indicator: HealthIndicatorService,
  ) {
    this.pool = new pg.Pool({
      connectionString: config.get('DATABASE_URL', { infer: true }),
      max: 1,
      connectionTimeoutMillis: PING_TIMEOUT_MS,
      query_timeout: PING_TIMEOUT_MS,
      idleTimeoutMillis: 60_000,
    });
    // A connection lost while idle is dropped by the pool; the next ping opens another.
    this.pool.on('error', () => undefined);
  }

  async check(key: string) {
    const ind = this.indicator.check(key);
    try {
      await this.pool.query('SELECT 1');
      return ind.up();
    } catch (e) {
      return ind.down({ message: (e as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
