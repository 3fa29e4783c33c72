import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { requestLogProps } from './modules/auth/auth.decorators.js';
import type { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { createValidationPipe } from './common/validation.js';
import { validateEnv, type AppRole, type EnvironmentVariables } from './config/env.validation.js';
import { DatabaseModule } from './database/database.module.js';
import { AuditWorkerModule } from './modules/audit/audit-worker.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthGuard } from './modules/auth/auth.guard.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { FollowUpWorkerModule } from './modules/follow-up/follow-up-worker.module.js';
import { FollowUpModule } from './modules/follow-up/follow-up.module.js';
import { FindingsModule } from './modules/findings/findings.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InspectionsModule } from './modules/inspections/inspections.module.js';
import { PlansModule } from './modules/plans/plans.module.js';
import { RechecksModule } from './modules/rechecks/rechecks.module.js';
import { RegistersModule } from './modules/registers/registers.module.js';
import { ObligationsModule } from './modules/obligations/obligations.module.js';
import { ReportsWorkerModule } from './modules/reports/reports-worker.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { RectificationModule } from './modules/rectification/rectification.module.js';
import { ScopeModule } from './modules/scope/scope.module.js';
import { SecurityModule } from './modules/security/security.module.js';
import { UnitPlansModule } from './modules/unit-plans/unit-plans.module.js';
import { UnitReportsModule } from './modules/unit-reports/unit-reports.module.js';
import { UnitsModule } from './modules/units/units.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { WebModule } from './modules/web/web.module.js';
import { JobRegistryCheck } from './queue/job-registry.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';

/** Feature modules: services, repositories, controllers. Loaded in every role. */
const FEATURE_MODULES: Type[] = [
  AuditModule,
  ScopeModule,
  UnitsModule,
  UsersModule,
  AuthModule,
  SecurityModule,
  HealthModule,
  FollowUpModule,
  InspectionsModule,
  PlansModule,
  FindingsModule,
  RectificationModule,
  WebModule,
  ReportsModule,
  RegistersModule,
  ObligationsModule,
  UnitPlansModule,
  UnitReportsModule,
  RechecksModule,
];

/** Processors and job schedulers. Loaded only where the role runs workers. */
const WORKER_MODULES: Type[] = [FollowUpWorkerModule, ReportsWorkerModule, AuditWorkerModule];

export interface AppOptions {
  role: AppRole;
  /** Overrides for the environment (tests give each file its own database and prefix). */
  env?: Record<string, string>;
  /** Tests inject a clock they can move; production uses the system clock. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    const runsWorkers = options.role !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          validate: (raw) => validateEnv({ ...raw, ...options.env, APP_ROLE: options.role }),
        }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
            pinoHttp: {
              level: config.get('LOG_LEVEL', { infer: true }),
              genReqId: (req, res) => {
                const given = req.headers['x-request-id'];
                const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
                res.setHeader('x-request-id', id);
                return id;
              },
              redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              autoLogging: { ignore: (req) => req.url === '/health' },
              // Who asked: the guard sets req.actor; read again when the response line is written.
              customProps: (req) => requestLogProps(req),
            },
          }),
        }),
        CommonModule.forRoot(options.clock),
        DatabaseModule,
        RedisModule,
        QueueModule,
        DiscoveryModule,
        ...FEATURE_MODULES,
        ...(runsWorkers ? WORKER_MODULES : []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useExisting: AuthGuard },
        ...(runsWorkers ? [JobRegistryCheck] : []),
      ],
    };
  }
}
