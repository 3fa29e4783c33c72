import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { dataSourceOptions } from './data-source.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        ...dataSourceOptions(config.get('DATABASE_URL', { infer: true }), {
          size: config.get('DATABASE_POOL_SIZE', { infer: true }),
          acquireTimeoutMs: config.get('DATABASE_ACQUIRE_TIMEOUT_MS', { infer: true }),
        }),
        // Only the API (or all-in-one) process migrates, so two processes never race on it.
        migrationsRun: config.get('MIGRATIONS_RUN', { infer: true }) && config.get('APP_ROLE', { infer: true }) !== 'worker',
      }),
    }),
  ],
})
export class DatabaseModule {}
