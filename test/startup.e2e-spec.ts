import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, startNodeFlags } from '../src/bench/start-command.js';
import { startProcess, freePort, waitFor, type RunningProcess } from './support/process.js';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, uniqueName } from './support/test-env.js';

/** The built system started as `npm start` would start it, configured only by the environment. */
describe('start-up of the built system', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const prefix = uniqueName('rt');
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: 'startup-test-secret-0123456789',
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'root-password-1',
      LOG_LEVEL: 'warn',
      UPLOAD_DIR: `/tmp/${prefix}`,
    };
  });
  afterAll(async () => {
    await db.drop();
    await dropRedisPrefix(prefix);
  });

  it('the production image and `npm run start:worker` run the same Node flags as `npm start` (which this file and the benchmarks use)', () => {
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(readFileSync(join(projectRoot(), 'Dockerfile'), 'utf8'));
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1])).toEqual(['node', ...startNodeFlags(), 'dist/src/main.js']);
    expect(startNodeFlags('start:worker')).toEqual(startNodeFlags());
  });

  it('refuses to start without JWT_SECRET, naming it', async () => {
    const { JWT_SECRET: _, ...rest } = env;
    const p = startProcess(rest);
    const code = await p.exited;
    expect(code).not.toBe(0);
    expect(p.output()).toContain('JWT_SECRET');
  });

  it('refuses to start with a malformed PORT, naming it', async () => {
    const p = startProcess({ ...env, PORT: 'eighty' });
    expect(await p.exited).not.toBe(0);
    expect(p.output()).toContain('PORT');
  });

  describe('APP_ROLE=all on a fresh database', () => {
    let app: RunningProcess;
    let base: string;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      app = startProcess({ ...env, PORT: String(port) });
      await waitFor(
        async () => (await fetch(`${base}/health`)).status === 200,
        60_000,
        () => `health on ${base}\n${app.output()}`,
      );
    });
    afterAll(async () => {
      if (app.child.exitCode === null) {
        app.child.kill('SIGTERM');
        await app.exited;
      }
    });

    it('migrates, creates the admin, and serves the walk of the foundation issue', async () => {
      const json = (r: Response) => r.json() as Promise<Record<string, any>>;
      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${base}/api/v1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
      const login = await post('/auth/login', { username: 'root', password: 'root-password-1' });
      expect(login.status).toBe(200);
      const { accessToken } = await json(login);
      const unit = await json(await post('/units', { code: 'S1', name: '启动测试单位' }, accessToken));
      expect(unit.id).toEqual(expect.any(String));
      const created = await post(
        '/users',
        { username: 'sm', password: 'sm-password-1', displayName: '单位负责人', role: 'unit_manager', unitId: unit.id },
        accessToken,
      );
      expect(created.status).toBe(201);
      const smLogin = await json(await post('/auth/login', { username: 'sm', password: 'sm-password-1' }));
      const me = await json(await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${smLogin.accessToken}` } }));
      expect(me).toMatchObject({ username: 'sm', role: 'unit_manager', unitId: unit.id, unit: { code: 'S1' } });
    });

    it('shuts down cleanly on SIGTERM', async () => {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    });
  });

  it('runs as a worker without serving HTTP', async () => {
    const port = await freePort();
    const worker = startProcess({ ...env, APP_ROLE: 'worker', PORT: String(port), LOG_LEVEL: 'info' });
    await waitFor(
      () => Promise.resolve(/handlers registered/.test(worker.output()) || worker.child.exitCode !== null),
      30_000,
      'worker boot',
    );
    expect(worker.child.exitCode).toBeNull();
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
