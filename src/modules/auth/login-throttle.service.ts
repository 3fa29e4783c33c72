import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { REDIS_CLIENT } from '../../redis/redis.module.js';

/**
 * Password guesses, counted in Redis so the limits hold across API replicas: per username from any
 * address (LOGIN_MAX_FAILURES) and per address for any usernames (LOGIN_MAX_FAILURES_PER_ADDRESS),
 * each within LOGIN_WINDOW_SECONDS.
 *
 * An attempt takes its points BEFORE the password is checked (Redis increments atomically), so
 * parallel guesses cannot all pass a check made before any of them failed; a success gives them
 * back. A refused attempt never reaches the password check: a locked account answers the same
 * for a right and a wrong password.
 */
@Injectable()
export class LoginThrottleService {
  private readonly byUsername: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;
  readonly windowSeconds: number;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, config: ConfigService<EnvironmentVariables, true>) {
    const prefix = config.get('REDIS_PREFIX', { infer: true });
    this.windowSeconds = config.get('LOGIN_WINDOW_SECONDS', { infer: true });
    this.byUsername = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:login-user`,
      points: config.get('LOGIN_MAX_FAILURES', { infer: true }),
      duration: this.windowSeconds,
    });
    this.byAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:login-address`,
      points: config.get('LOGIN_MAX_FAILURES_PER_ADDRESS', { infer: true }),
      duration: this.windowSeconds,
    });
  }

  /** Takes one attempt for the username and the address: true when the password may be checked. */
  async begin(username: string, ip: string): Promise<boolean> {
    const user = userKey(username);
    if (!(await take(this.byUsername, user))) return false;
    if (await take(this.byAddress, ip)) return true;
    await this.byUsername.reward(user, 1);
    return false;
  }

  /** The password was right: the username starts afresh, the address gets its attempt back. */
  async succeeded(username: string, ip: string): Promise<void> {
    await Promise.all([this.byUsername.delete(userKey(username)), this.byAddress.reward(ip, 1)]);
  }
}

const userKey = (username: string) => username.toLowerCase();

async function take(limiter: RateLimiterRedis, key: string): Promise<boolean> {
  try {
    await limiter.consume(key, 1);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err; // Redis is down: fail closed, the filter answers 500 and nothing is checked.
  }
}
