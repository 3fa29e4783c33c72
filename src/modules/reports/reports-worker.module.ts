import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import type { JobHandlerHost } from '../../queue/job-registry.js';
import { JobName, QueueName } from '../../queue/queue-names.js';
import { BulletinService } from './bulletin.service.js';
import { ReportsModule } from './reports.module.js';
import { ReportsService } from './reports.service.js';

export const SNAPSHOT_SCHEDULER_ID = 'reports-daily-snapshot';
export const BULLETIN_SCHEDULER_ID = 'reports-weekly-bulletin';

/** Runs the report jobs; both are idempotent (upserts keyed by day / week), so retries are harmless. */
@Processor(QueueName.Reports)
export class ReportsProcessor extends WorkerHost implements JobHandlerHost {
  readonly handles = [JobName.ReportSnapshot, JobName.WeeklyBulletin] as const;
  private readonly logger = new Logger('ReportsWorker');

  constructor(
    private readonly reports: ReportsService,
    private readonly bulletins: BulletinService,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.ReportSnapshot: {
        const r = await this.reports.takeSnapshot();
        this.logger.log(`snapshot ${r.day}: ${r.units} unit row(s)`);
        return r;
      }
      case JobName.WeeklyBulletin: {
        const b = await this.bulletins.run();
        this.logger.log(`bulletin ${b.weekStart}: delivered to ${b.delivered} inbox(es)`);
        return { id: b.id, weekStart: b.weekStart, delivered: b.delivered };
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}

/** Upserts the two job schedulers (one per Redis prefix however many workers start). */
@Injectable()
export class ReportsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReportsScheduler');

  constructor(
    @InjectQueue(QueueName.Reports) private readonly queue: Queue,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('REPORTS_SCHEDULE_ENABLED', { infer: true })) {
      await this.queue.removeJobScheduler(SNAPSHOT_SCHEDULER_ID);
      await this.queue.removeJobScheduler(BULLETIN_SCHEDULER_ID);
      return;
    }
    const tz = this.config.get('APP_TIMEZONE', { infer: true });
    const opts = { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } };
    const snapshot = this.config.get('REPORTS_SNAPSHOT_CRON', { infer: true });
    const bulletin = this.config.get('REPORTS_BULLETIN_CRON', { infer: true });
    await this.queue.upsertJobScheduler(SNAPSHOT_SCHEDULER_ID, { pattern: snapshot, tz }, { name: JobName.ReportSnapshot, data: {}, opts });
    await this.queue.upsertJobScheduler(BULLETIN_SCHEDULER_ID, { pattern: bulletin, tz }, { name: JobName.WeeklyBulletin, data: {}, opts });
    this.logger.log(`snapshot on "${snapshot}", bulletin on "${bulletin}" (${tz})`);
  }
}

@Module({ imports: [ReportsModule], providers: [ReportsProcessor, ReportsScheduler] })
export class ReportsWorkerModule {}
