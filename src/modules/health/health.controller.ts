import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthResponseDto } from './health.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { ErrorCode } from '../../common/errors.js';
import { REDIS_CLIENT } from '../../redis/redis.module.js';
import { Public } from '../auth/auth.decorators.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { QueueHealthIndicator } from './queue.health.js';

@ApiTags('健康检查 health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly queue: QueueHealthIndicator,
  ) {}

  /**
   * 200 when Postgres and Redis answer and the follow-up queue is served; 503 naming what is not.
   * `followUpQueue` reports the workers attached (any process), waiting/failed counts; it is down
   * only when Redis does not answer through the queue, or no worker is attached while a job has
   * waited HEALTH_QUEUE_MAX_WAIT_MS.
   * The 503 body is the error shape plus Terminus' `status`, `info`, `error`, `details`, so a probe
   * or an operator sees which indicator is down (the global filter would otherwise drop them).
   */
  @Public()
  @Get()
  // Documented here: Terminus adds its schema only where it can require() @nestjs/swagger (not under ESM tests).
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiOperation({ summary: '健康检查', description: 'PostgreSQL、Redis 可用且催办队列有工作进程时 200；否则 503 并指出哪一项不可用。' })
  @ApiErrors(503)
  async check() {
    try {
      return await this.run();
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const result = e.getResponse() as { error?: Record<string, unknown> };
      const down = Object.keys(result.error ?? {});
      throw new ServiceUnavailableException({ code: ErrorCode.Unavailable, message: `服务不可用：${down.join('、')}`, ...result });
    }
  }

  private run() {
    return this.health.check([
      () => this.db.check('database'),
      async () => {
        const ind = this.indicator.check('redis');
        let timer: NodeJS.Timeout | undefined;
        try {
          const pong = await Promise.race([
            this.redis.ping(),
            new Promise<string>((_, reject) => {
              timer = setTimeout(() => reject(new Error('timeout')), 3000);
            }),
          ]);
          return pong === 'PONG' ? ind.up() : ind.down({ message: String(pong) });
        } catch (e) {
          return ind.down({ message: (e as Error).message });
        } finally {
          clearTimeout(timer);
        }
      },
      () => this.queue.check('followUpQueue'),
    ]);
  }
}
