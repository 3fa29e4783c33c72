import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { QueueName } from '../../queue/queue-names.js';

const TIMEOUT_MS = 3000;

/** Rejects after `ms`: with `maxRetriesPerRequest: null` a queue command waits forever while Redis is away. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`队列在${ms}毫秒内没有响应`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The follow-up queue as the process sees it: Redis answers through the queue's own connection,
 * how many workers (in any process) are attached, what waits and what failed. Down when Redis does
 * not answer, or when NO worker is attached and the oldest waiting job has waited at least
 * HEALTH_QUEUE_MAX_WAIT_MS — an API-only process stays up while a worker elsewhere does the work,
 * and a queue that is merely empty or just fed is not an outage.
 */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    @InjectQueue(QueueName.FollowUp) private readonly queue: Queue,
    private readonly indicator: HealthIndicatorService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async check(key: string) {
    const ind = this.indicator.check(key);
    const role = this.config.get('APP_ROLE', { infer: true });
    const maxWaitMs = this.config.get('HEALTH_QUEUE_MAX_WAIT_MS', { infer: true });
    try {
      const [workers, counts, [oldest]] = await within(
        TIMEOUT_MS,
        Promise.all([
          this.queue.getWorkersCount(),
          this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
          // Oldest first: the job that has waited longest for a worker.
          this.queue.getJobs(['waiting'], 0, 0, true),
        ]),
      );
      // BullMQ stamps jobs with the wall clock, so their age is measured with it too (not the app Clock).
      // A retried job became ready again when its last attempt started, not when it was created.
      const readyAt = oldest ? Math.max(oldest.timestamp + (oldest.opts.delay ?? 0), oldest.processedOn ?? 0) : null;
      const oldestWaitingMs = readyAt === null ? 0 : Math.max(0, Date.now() - readyAt);
      const details = {
        queue: this.queue.name,
        role,
        workers,
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        oldestWaitingMs,
      };
      if (workers === 0 && readyAt !== null && oldestWaitingMs >= maxWaitMs) {
        return ind.down({ ...details, message: `没有处理进程连接到队列，最早的任务已等待${Math.round(oldestWaitingMs / 1000)}秒` });
      }
      return ind.up(details);
    } catch (e) {
      return ind.down({ queue: this.queue.name, role, message: (e as Error).message });
    }
  }
}
