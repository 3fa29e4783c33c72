import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import type { JobHandlerHost } from '../../queue/job-registry.js';
import { JobName, QueueName } from '../../queue/queue-names.js';
import { AuditService } from './audit.service.js';

export const SEAL_SCHEDULER_ID = 'audit-seal';

/** Seals the chain; safe to run anywhere and twice (sealers serialise on an advisory lock). */
@Processor(QueueName.Audit)
export class AuditProcessor extends WorkerHost implements JobHandlerHost {
  readonly handles = [JobName.AuditSeal] as const;
  private readonly logger = new Logger('AuditWorker');

  constructor(private readonly audit: AuditService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if ((job.name as JobName) !== JobName.AuditSeal) throw new UnrecoverableError(`unknown job ${job.name}`);
    const sealed = await this.audit.seal();
    if (sealed > 0) this.logger.debug(`sealed ${sealed} audit entr${sealed === 1 ? 'y' : 'ies'}`);
    return { sealed };
  }
}

/**
 * Keeps the window in which an entry is hashed but not yet chained short: a job scheduler (one
 * per Redis prefix) enqueues a seal every AUDIT_SEAL_EVERY_MS.
 */
@Injectable()
export class AuditSealScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditSealScheduler');

  constructor(
    @InjectQueue(QueueName.Audit) private readonly queue: Queue,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.get('AUDIT_SEAL_EVERY_MS', { infer: true });
    await this.queue.upsertJobScheduler(
      SEAL_SCHEDULER_ID,
      { every },
      { name: JobName.AuditSeal, data: {}, opts: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 100 } },
    );
    this.logger.log(`audit chain sealed every ${every} ms`);
  }
}

@Module({ providers: [AuditProcessor, AuditSealScheduler] })
export class AuditWorkerModule {}
