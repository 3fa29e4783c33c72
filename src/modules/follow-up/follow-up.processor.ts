import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UnrecoverableError, type Job } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../common/clock.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import type { JobHandlerHost } from '../../queue/job-registry.js';
import { JobName, QueueName } from '../../queue/queue-names.js';
import { DeliveryService } from './delivery.service.js';
import { DeliverPayload, SweepPayload } from './follow-up.dto.js';
import { SweepService } from './sweep.service.js';

async function payload<T extends object>(cls: new () => T, data: unknown): Promise<T> {
  const value = plainToInstance(cls, data ?? {});
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new UnrecoverableError(`invalid payload: ${errors.map((e) => e.property).join(', ')}`);
  return value;
}

/** Thrown when another sweep holds the lock: the job is retried with backoff. */
export class SweepBusyError extends Error {}

/**
 * The follow-up queue's one worker. Created with autorun off so that its concurrency and lock
 * timings come from the validated configuration before it takes its first job.
 */
@Processor(QueueName.FollowUp, { autorun: false })
export class FollowUpProcessor extends WorkerHost implements JobHandlerHost, OnApplicationBootstrap {
  readonly handles = [JobName.FollowUpSweep, JobName.DeliverNotification] as const;
  private readonly logger = new Logger('FollowUpWorker');

  constructor(
    private readonly sweeps: SweepService,
    private readonly deliveries: DeliveryService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    const stalled = this.config.get('FOLLOW_UP_STALLED_MS', { infer: true });
    Object.assign(this.worker.opts, { lockDuration: stalled, stalledInterval: stalled, maxStalledCount: 5 });
    this.worker.concurrency = this.config.get('FOLLOW_UP_CONCURRENCY', { infer: true });
    this.worker.run().catch((err: unknown) => this.logger.error(`worker stopped: ${String(err)}`));
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.FollowUpSweep: {
        const p = await payload(SweepPayload, job.data);
        const asOf = p.asOf ? new Date(p.asOf) : this.clock.now();
        const outcome = await this.sweeps.sweep(p.runId ?? randomUUID(), asOf, p.runId ? 'api' : 'schedule');
        if (!outcome.ran) throw new SweepBusyError('另一次扫描正在进行，稍后重试');
        return outcome;
      }
      case JobName.DeliverNotification: {
        const p = await payload(DeliverPayload, job.data);
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return this.deliveries.deliver(p.deliveryId, finalAttempt);
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}
