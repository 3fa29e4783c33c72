import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, startProcess, waitFor, type RunningProcess } from './support/process.js';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, uniqueName } from './support/test-env.js';

/** Issue 10, defect 14: the request log names who was refused (the built system, its real log on stdout). */
describe('request log', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const prefix = uniqueName('rt');
  let app: RunningProcess;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startProcess({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: 'request-log-test-secret-0123',
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'root-password-1',
      APP_ROLE: 'api',
      LOG_LEVEL: 'info',
      PORT: String(port),
      UPLOAD_DIR: `/tmp/${prefix}`,
    });
    await waitFor(
      async () => (await fetch(`${base}/health`)).status === 200,
      60_000,
      () => `health on ${base}\n${app.output()}`,
    );
  });
  afterAll(async () => {
    if (app?.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    await db?.drop();
    await dropRedisPrefix(prefix);
  });

  it("a refused request's log line carries the user id and role", async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'root', password: 'root-password-1' }),
    });
    const { accessToken, user } = (await login.json()) as { accessToken: string; user: { id: string } };
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ username: 'office9', password: 'Office-pass-9', displayName: '办', role: 'office' }),
    });
    expect(created.status).toBe(201);
    const office = (await created.json()) as { id: string };
    const officeLogin = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office9', password: 'Office-pass-9' }),
    });
    const officeToken = ((await officeLogin.json()) as { accessToken: string }).accessToken;
    const refused = await fetch(`${base}/api/v1/units`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officeToken}`, 'content-type': 'application/json', 'x-request-id': 'refused-1' },
      body: JSON.stringify({ code: 'Z', name: '越权' }),
    });
    expect(refused.status).toBe(403);
    await waitFor(() => Promise.resolve(app.output().includes('"refused-1"')), 10_000, 'the request log line');
    const line = app
      .output()
      .split('\n')
      .find((l) => l.includes('"refused-1"') && l.includes('"statusCode":403'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!) as { userId?: string; role?: string };
    expect(entry.userId).toBe(office.id);
    expect(entry.role).toBe('office');
    expect(user.id).not.toBe(office.id);
  });
});
