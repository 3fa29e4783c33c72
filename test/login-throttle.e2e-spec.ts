import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';
import { TEST_REDIS_URL } from './support/test-env.js';

/**
 * Issue 10, defect 11: guesses are limited per username from any address and per address for any
 * usernames, atomically; X-Forwarded-For counts only from a proxy TRUST_PROXY names.
 */
const PER_ADDRESS = 8;
const PASSWORD = 'Right-pass-2026';

async function createUsers(t: TestApp, names: string[]): Promise<void> {
  const admin = t.as(await t.login(ADMIN.username, ADMIN.password));
  for (const username of names) {
    await admin.post('/api/v1/users').send({ username, password: PASSWORD, displayName: username, role: 'office' }).expect(201);
  }
}

/** Forget every counted attempt (the window is a minute; tests must not wait for it). */
async function forgetAttempts(t: TestApp): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${t.redisPrefix}:login-*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

const login = (t: TestApp, username: string, password: string, forwardedFor?: string) => {
  const req = t.http().post('/api/v1/auth/login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ username, password });
};

describe('login throttling, no proxy trusted (the default)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS) } });
    await createUsers(t, ['victim', 'bystander', 'locked1']);
  });
  beforeEach(() => forgetAttempts(t));
  afterAll(() => t.close());

  it('40 parallel wrong passwords for one user get at most 5 password checks', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => login(t, 'victim', 'Wrong-pass-2026')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });

  it('counts one address across usernames, whatever X-Forwarded-For a client writes', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) {
      expect((await login(t, `nobody${i}`, 'Wrong-pass-2026', `203.0.113.${i + 1}`)).status).toBe(401);
    }
    expect((await login(t, 'nobody-else', 'Wrong-pass-2026', '198.51.100.7')).status).toBe(429);
    // The address is locked even for a right password; the username itself is not locked elsewhere.
    expect((await login(t, 'bystander', PASSWORD, '198.51.100.8')).status).toBe(429);
  });

  it('a locked account answers exactly the same for the right and a wrong password', async () => {
    for (let i = 0; i < 5; i++) expect((await login(t, 'locked1', 'Wrong-pass-2026')).status).toBe(401);
    const wrong = await login(t, 'locked1', 'Wrong-pass-2026');
    const right = await login(t, 'locked1', PASSWORD);
    expect(wrong.status).toBe(429);
    expect(right.status).toBe(429);
    expect(right.body).toEqual(wrong.body);
    expect(right.body.code).toBe('TOO_MANY_REQUESTS');
    expect(right.headers['set-cookie']).toBeUndefined();
  });

  it('a success gives the attempts back, so a user who mistypes now and then is never locked', async () => {
    // 2 × 3 failures: more than a username's 5, fewer than the address's 8.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3; i++) expect((await login(t, 'bystander', 'Wrong-pass-2026')).status).toBe(401);
      expect((await login(t, 'bystander', PASSWORD)).status).toBe(200);
    }
  });

  it('a wrong current password at /auth/password counts like a login guess', async () => {
    const token = await t.login('bystander', PASSWORD);
    const change = () =>
      t.as(token).post('/api/v1/auth/password').send({ currentPassword: 'Wrong-pass-2026', newPassword: 'Another-pass-2026' });
    for (let i = 0; i < 5; i++) expect((await change()).status).toBe(400);
    expect((await change()).status).toBe(429);
    expect((await login(t, 'bystander', PASSWORD)).status).toBe(429);
  });
});

describe('login throttling behind a named proxy (TRUST_PROXY)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS) } });
    await createUsers(t, ['victim']);
  });
  beforeEach(() => forgetAttempts(t));
  afterAll(() => t.close());

  it('counts a username across addresses: rotating X-Forwarded-For does not help', async () => {
    for (let i = 0; i < 5; i++) expect((await login(t, 'victim', 'Wrong-pass-2026', `203.0.113.${i + 1}`)).status).toBe(401);
    expect((await login(t, 'victim', 'Wrong-pass-2026', '203.0.113.99')).status).toBe(429);
    expect((await login(t, 'victim', PASSWORD, '198.51.100.1')).status).toBe(429);
  });

  it("believes the proxy's X-Forwarded-For: one client's lock is not another's", async () => {
    for (let i = 0; i < PER_ADDRESS; i++) expect((await login(t, `nobody${i}`, 'Wrong-pass-2026', '203.0.113.5')).status).toBe(401);
    expect((await login(t, 'nobody-else', 'Wrong-pass-2026', '203.0.113.5')).status).toBe(429);
    expect((await login(t, 'nobody-else', 'Wrong-pass-2026', '203.0.113.6')).status).toBe(401);
    expect((await login(t, 'victim', PASSWORD, '203.0.113.6')).status).toBe(200);
  });
});
