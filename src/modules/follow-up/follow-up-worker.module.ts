import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { Clock } from '../../common/clock.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { JobName, QueueName } from '../../queue/queue-names.js';
import { FollowUpModule } from './follow-up.module.js';
import { FollowUpProcessor } from './follow-up.processor.js';

export const SWEEP_SCHEDULER_ID = 'follow-up-sweep';

/**
 * The schedule only enqueues: a BullMQ job scheduler (one per Redis prefix, however many workers
 * upsert it) adds a sweep job every interval or on the cron pattern. Registered in worker roles only.
 */
@Injectable()
export class FollowUpScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('FollowUpScheduler');

  constructor(
    @InjectQueue(QueueName.FollowUp) private readonly queue: Queue,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('FOLLOW_UP_SCHEDULE_ENABLED', { infer: true })) {
      await this.queue.removeJobScheduler(SWEEP_SCHEDULER_ID);
      return;
    }
    const pattern = this.config.get('FOLLOW_UP_SWEEP_CRON', { infer: true });
    const repeat = pattern
      ? { pattern, tz: this.config.get('APP_TIMEZONE', { infer: true }) }
      : { every: this.config.get('FOLLOW_UP_SWEEP_EVERY_MS', { infer: true }) };
    await this.queue.upsertJobScheduler(SWEEP_SCHEDULER_ID, repeat, {
      name: JobName.FollowUpSweep,
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
    });
    this.logger.log(`sweep scheduled ${pattern ? `on "${pattern}"` : `every ${repeat.every} ms`}`);
    // A fresh start sweeps at once; the schedule's first run may be an hour away. The job id names
    // the minute, so workers starting together add one job (and the sweep is exactly-once anyway).
    const minute = this.clock.now().toISOString().slice(0, 16).replace(/\D/g, '');
    await this.queue.add(
      JobName.FollowUpSweep,
      {},
      { jobId: `sweep-start-${minute}`, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
    );
  }
}

@Module({ imports: [FollowUpModule], providers: [FollowUpProcessor, FollowUpScheduler] })
export class FollowUpWorkerModule {}
