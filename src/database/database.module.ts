import { Global, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { dataSourceOptions } from './data-source.js';

/**
 * Migrations run as the connecting owner, on a connection of their own that never switches role;
 * the application's pool then runs as DATABASE_APP_ROLE.
 */
async function runMigrations(url: string): Promise<void> {
  const owner = new DataSource({ ...dataSourceOptions(url, { size: 1, acquireTimeoutMs: 30_000 }) });
  await owner.initialize();
  try {
    await owner.runMigrations({ transaction: 'each' });
  } finally {
    await owner.destroy();
  }
}

/**
 * Refuses to start when the role the pool runs as would bypass row-level security (a superuser,
 * BYPASSRLS, or the owner of the tables): the policies would then protect nothing.
 */
@Injectable()
export class DatabaseRoleCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const [row] = await this.dataSource.query<{ role: string; bypasses: boolean }[]>(
      `SELECT current_user AS role,
              r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, c.relowner, 'USAGE') AS bypasses
         FROM pg_roles r, pg_class c
        WHERE r.rolname = current_user AND c.oid = 'rectification_items'::regclass`,
    );
    if (!row || row.bypasses) {
      throw new Error(`Database role ${row?.role ?? '?'} bypasses row-level security: set DATABASE_APP_ROLE to a role that does not`);
    }
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: async (config: ConfigService<EnvironmentVariables, true>) => {
        const url = config.get('DATABASE_URL', { infer: true });
        // Only the API (or all-in-one) process migrates, so two processes never race on it.
        if (config.get('MIGRATIONS_RUN', { infer: true }) && config.get('APP_ROLE', { infer: true }) !== 'worker') await runMigrations(url);
        const options = dataSourceOptions(url, {
          size: config.get('DATABASE_POOL_SIZE', { infer: true }),
          acquireTimeoutMs: config.get('DATABASE_ACQUIRE_TIMEOUT_MS', { infer: true }),
        });
        // Every pooled connection starts as the application role (a startup parameter: no extra
        // round trip, in force before the first query), so row-level security binds it.
        const appRole = config.get('DATABASE_APP_ROLE', { infer: true });
        return { ...options, extra: { ...options.extra, options: `-c role=${appRole}` } };
      },
    }),
  ],
  providers: [DatabaseRoleCheck],
})
export class DatabaseModule {}
