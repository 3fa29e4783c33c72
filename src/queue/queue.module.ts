import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue-names.js';

const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));

/** BullMQ over ioredis, every key under REDIS_PREFIX; all queues registered for producers. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        connection: { url: config.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: null },
        prefix: config.get('REDIS_PREFIX', { infer: true }),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    ...queues,
  ],
  exports: [...queues],
})
export class QueueModule {}
