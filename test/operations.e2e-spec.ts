import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort, startProcess, waitFor } from './support/process.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, uniqueName } from './support/test-env.js';

jest.setTimeout(120_000);

/**
 * Operations (issue 16): /health follows PostgreSQL and Redis down and back up, and SIGTERM lets a
 * request in flight finish. The shared servers other tests use are never touched: Redis here is a
 * redis-server of this file's own on a free port, and PostgreSQL is reached through a TCP proxy this
 * file opens and cuts. (A deactivated user's token is covered by auth-sessions.e2e-spec.ts.)
 */

/** A TCP proxy to 127.0.0.1:5432 that can be cut (every connection dropped, no new ones) and restored. */
class PgProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(5432, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

describe('operations: /health follows its dependencies', () => {
  let t: TestApp;
  let proxy: PgProxy;
  let redis: ChildProcess;
  let redisPort: number;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = new PgProxy(await freePort());
    await proxy.open();
    redisPort = await freePort();
    redis = startRedis(redisPort);
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    // Give the redis-server a moment to listen: the app's first connection retries anyway.
    t = await startTestApp({ env: { DATABASE_URL: url.toString(), REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
  });
  afterAll(async () => {
    // A failed test may leave Redis down: the app's close waits for its connections, so bring it back first.
    if (redis.exitCode !== null || redis.signalCode !== null) redis = startRedis(redisPort);
    await t?.close();
    await proxy.cut();
    if (redis.exitCode === null) {
      redis.kill('SIGTERM');
      await once(redis, 'exit');
    }
    await db.drop();
  });

  const health = () => t.http().get('/health');
  const healthIs = (status: number) => async () => (await health()).status === status;

  it('is 200 with both up, 503 naming the database while PostgreSQL is cut, 200 again once it returns', async () => {
    await waitFor(healthIs(200), 30_000, 'health 200 at start');
    await proxy.cut();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', error: { database: { status: 'down' } } });
    await proxy.open();
    await waitFor(healthIs(200), 30_000, 'health 200 after PostgreSQL returns');
  });

  it('is 503 naming Redis while Redis is down, 200 again once it returns', async () => {
    await waitFor(healthIs(200), 30_000, 'health 200 before');
    redis.kill('SIGKILL');
    await once(redis, 'exit');
    await waitFor(healthIs(503), 30_000, 'health 503 with Redis down');
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.error).toHaveProperty('redis');
    expect(down.body.error).not.toHaveProperty('database');
    redis = startRedis(redisPort);
    await waitFor(healthIs(200), 60_000, 'health 200 after Redis returns');
  });
});

describe('operations: SIGTERM lets a request in flight finish', () => {
  const prefix = uniqueName('rt');

  afterAll(async () => {
    await dropRedisPrefix(prefix);
  });

  it('answers a request whose body is still arriving when SIGTERM comes, then exits 0', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const app = startProcess({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: 'operations-test-secret-0123',
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'root-password-1',
      APP_ROLE: 'api',
      LOG_LEVEL: 'info',
      PORT: String(port),
      UPLOAD_DIR: `/tmp/${prefix}`,
    });
    try {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200,
        60_000,
        () => `health\n${app.output()}`,
      );
      const body = JSON.stringify({ username: 'root', password: 'root-password-1' });
      const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/auth/login',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        // Half the body now: the request is in flight; the rest after SIGTERM.
        req.write(body.slice(0, 10));
        setTimeout(() => {
          app.child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 500);
        }, 300);
      });
      const res = await answered;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toHaveProperty('accessToken');
      expect(await app.exited).toBe(0);
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
      await db.drop();
    }
  });
});
