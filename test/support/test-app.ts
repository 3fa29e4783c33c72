import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { buildOpenApiDocument, createApiApp } from '../../src/bootstrap.js';
import { ResponseContract } from './contract.js';
import { ManualClock } from '../../src/common/clock.js';
import type { AppRole } from '../../src/config/env.validation.js';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, uniqueName } from './test-env.js';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

export interface TestApp {
  app: NestExpressApplication;
  clock: ManualClock;
  dataSource: DataSource;
  /**
   * SQL as the database's owner (the test's admin connection), not the application role the app's
   * pool runs as: for test-only DDL (triggers that inject failures, renaming a table) that the
   * application role may not do — and, by row-level security's design, never can.
   */
  ownerQuery: <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;
  databaseUrl: string;
  redisPrefix: string;
  env: Record<string, string>;
  http: () => ReturnType<typeof request>;
  login: (username: string, password: string) => Promise<string>;
  /** Checks every JSON answer against the OpenAPI document; its violations fail `close()`. */
  contract: ResponseContract;
  /** Requests with a bearer token. */
  as: (token: string) => AuthedClient;
  close: () => Promise<void>;
}

export interface AuthedClient {
  get: (url: string) => request.Test;
  post: (url: string) => request.Test;
  put: (url: string) => request.Test;
  patch: (url: string) => request.Test;
  delete: (url: string) => request.Test;
}

/**
 * The real application over a fresh database and Redis prefix of this test file's own, with
 * migrations run at start exactly as in production and a clock the test can move.
 */
export async function startTestApp(options: { role?: AppRole; now?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const redisPrefix = uniqueName('rt');
  const uploadDir = mkdtempSync(join(tmpdir(), 'rectify-uploads-'));
  const clock = new ManualClock(new Date(options.now ?? '2026-06-15T02:00:00Z'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    JWT_SECRET: 'test-secret-at-least-16-chars',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    UPLOAD_DIR: uploadDir,
    // Every test signs in from 127.0.0.1, often many users at once; an attempt holds its point until
    // its password is checked. The per-address limit is tested where it is set (login-throttle).
    LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    ...options.env,
  };
  const app = await createApiApp({ role: options.role ?? 'api', env, clock });
  // Before the routes: every JSON answer is checked against the OpenAPI document (see contract.ts).
  const contract = new ResponseContract(buildOpenApiDocument(app));
  app.use(contract.middleware());
  await app.init();
  const server = app.getHttpServer();
  const http = () => request(server);
  const as = (token: string): AuthedClient => {
    const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
    return {
      get: (url) => auth(http().get(url)),
      post: (url) => auth(http().post(url)),
      put: (url) => auth(http().put(url)),
      patch: (url) => auth(http().patch(url)),
      delete: (url) => auth(http().delete(url)),
    };
  };
  const login = async (username: string, password: string) => {
    const res = await http().post('/api/v1/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  return {
    app,
    clock,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    ownerQuery: async <R = Record<string, unknown>>(sql: string, params?: unknown[]) => {
      const owner = new pg.Client({ connectionString: db.url });
      await owner.connect();
      try {
        return (await owner.query(sql, params)).rows as R[];
      } finally {
        await owner.end();
      }
    },
    databaseUrl: db.url,
    redisPrefix,
    env,
    http,
    login,
    as,
    contract,
    close: async () => {
      await app.close();
      await db.drop();
      await dropRedisPrefix(redisPrefix);
      rmSync(uploadDir, { recursive: true, force: true });
      // Answers that did not match the document fail the test file that provoked them.
      if (contract.violations.length > 0)
        throw new Error(`Responses that do not match the OpenAPI document:\n${[...new Set(contract.violations)].join('\n')}`);
    },
  };
}
