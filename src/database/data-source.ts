import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface PoolOptions {
  /** Connections in the pool. */
  size: number;
  /** How long a caller waits for a free connection (or a new one to open) before the pool gives up (ms). */
  acquireTimeoutMs: number;
}

export const DEFAULT_POOL: PoolOptions = { size: 20, acquireTimeoutMs: 5000 };

/** The one description of the database, shared by Nest (`DatabaseModule`) and the TypeORM CLI. */
export function dataSourceOptions(url: string, pool: PoolOptions = DEFAULT_POOL): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsTransactionMode: 'each',
    // pg-pool: without connectionTimeoutMillis a caller waits for ever on an exhausted pool; with
    // it, the wait ends in an error that the global filter answers as 503 DATABASE_BUSY.
    extra: { max: pool.size, connectionTimeoutMillis: pool.acquireTimeoutMs },
  };
}

/** For the CLI: `typeorm migration:run -d dist/src/database/data-source.js`. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rectify'));
