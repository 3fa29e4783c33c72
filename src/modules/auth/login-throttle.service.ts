import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { REDIS_CLIENT } from '../../redis/redis.module.js';

/**
 * Counts failed logins per (username, address) in Redis, so the limit holds across API
 * replicas. After LOGIN_MAX_FAILURES failures within LOGIN_WINDOW_SECONDS the next attempt is
 * refused (429) without checking the password.
 */
@Injectable()
export class LoginThrottleService {
  private readonly limiter: RateLimiterRedis;
  private readonly max: number;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, config: ConfigService<EnvironmentVariables, true>) {
    this.max = config.get('LOGIN_MAX_FAILURES', { infer: true });
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.get('REDIS_PREFIX', { infer: true })}:login-failures`,
      points: this.max,
      duration: config.get('LOGIN_WINDOW_SECONDS', { infer: true }),
    });
  }

  private key(username: string, ip: string): string {
    return `${username.toLowerCase()}|${ip}`;
  }

  /** Seconds to wait, or 0 when the attempt may proceed. */
  async retryAfter(username: string, ip: string): Promise<number> {
    const res = await this.limiter.get(this.key(username, ip));
    if (res && res.consumedPoints >= this.max) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return 0;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await this.limiter.penalty(this.key(username, ip), 1);
  }

  async reset(username: string, ip: string): Promise<void> {
    await this.limiter.delete(this.key(username, ip));
  }
}
