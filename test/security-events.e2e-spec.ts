import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { SecurityEventsService } from '../src/modules/security/security-events.service.js';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { waitFor } from './support/process.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface EventRow {
  kind: string;
  user_id: string | null;
  username: string | null;
  ip: string;
  method: string;
  path: string;
  status: number;
  code: string | null;
  count: number;
}

/**
 * Issue 10, defect 14: refused requests are recorded with who tried. Each test speaks from an
 * address of its own (X-Forwarded-For through the trusted loopback proxy), so counts do not mix.
 */
describe('security events: denied attempts leave a trace', () => {
  let t: TestApp;
  let org: Org;
  let itemA: string;

  const events = (ip: string): Promise<EventRow[]> => t.dataSource.query(`SELECT * FROM security_events WHERE ip = $1 ORDER BY id`, [ip]);
  /** Events are written after the response: wait until `n` are there (or fail naming the wait). */
  const eventually = async (ip: string, n: number) => {
    await waitFor(async () => (await events(ip)).length >= n, 10_000, `${n} security events from ${ip}`);
    return events(ip);
  };
  const from = (ip: string, token?: string) => {
    const h = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => {
      req.set('X-Forwarded-For', ip);
      if (token) req.set('Authorization', `Bearer ${token}`);
      return req;
    };
    return {
      get: (url: string) => h(t.http().get(url)),
      post: (url: string) => h(t.http().post(url)),
    };
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    org = await seedOrg(t);
    [itemA] = await seedItems(t.dataSource, [{ title: '甲单位事项', unitId: org.units.a, deadline: '2026-07-01', status: 'in_progress' }]);
  });
  afterAll(() => t.close());

  it('a 403 is recorded with the user, address, request and code', async () => {
    const ip = '203.0.113.1';
    const res = await from(ip, org.users.managerA.token).post('/api/v1/units').send({ code: 'Z', name: '越权' });
    expect(res.status).toBe(403);
    const [e] = await eventually(ip, 1);
    expect(e).toMatchObject({
      kind: 'forbidden',
      user_id: org.users.managerA.id,
      username: 'managerA',
      method: 'POST',
      path: '/api/v1/units',
      status: 403,
      code: 'FORBIDDEN',
      count: 1,
    });
  });

  it("a write aimed at another unit's record (404, rolled back) is recorded; a 404 read is not", async () => {
    const ip = '203.0.113.2';
    const write = await from(ip, org.users.staffB.token).post(`/api/v1/items/${itemA}/progress`).send({ note: '试图登记' });
    expect(write.status).toBe(404);
    expect((await from(ip, org.users.staffB.token).get(`/api/v1/items/${itemA}`)).status).toBe(404);
    // A 403 after both: when its event is there, the 404 read's would be too, had it been recorded.
    expect((await from(ip, org.users.staffB.token).post('/api/v1/units').send({ code: 'Y', name: '越权' })).status).toBe(403);
    const rows = await eventually(ip, 2);
    expect(rows.map((r) => [r.kind, r.method, r.path, r.status, r.user_id])).toEqual([
      ['not_found_write', 'POST', `/api/v1/items/${itemA}/progress`, 404, org.users.staffB.id],
      ['forbidden', 'POST', '/api/v1/units', 403, org.users.staffB.id],
    ]);
  });

  it('401s are recorded as a burst from an address, not one by one', async () => {
    const ip = '203.0.113.3';
    for (let i = 0; i < 9; i++) expect((await from(ip).get('/api/v1/items')).status).toBe(401);
    // Nine are no burst: a marker 403 from the same address shows the event writer has caught up.
    expect((await from(ip, org.users.staffA.token).post('/api/v1/units').send({ code: 'X', name: 'x' })).status).toBe(403);
    expect((await eventually(ip, 1)).map((r) => r.kind)).toEqual(['forbidden']);
    for (let i = 0; i < 40; i++) expect((await from(ip).get('/api/v1/items').set('Authorization', 'Bearer forged')).status).toBe(401);
    expect((await from(ip, org.users.staffA.token).post('/api/v1/units').send({ code: 'X', name: 'x' })).status).toBe(403);
    const rows = await eventually(ip, 3);
    expect(rows.map((r) => [r.kind, r.count, r.user_id])).toEqual([
      ['forbidden', 1, org.users.staffA.id],
      ['unauthenticated_burst', 10, null],
      ['forbidden', 2, org.users.staffA.id],
    ]);
  });

  it('a stream of 403s from one user is bounded per window', async () => {
    const ip = '203.0.113.4';
    for (let i = 0; i < 35; i++)
      expect((await from(ip, org.users.managerB.token).post('/api/v1/units').send({ code: 'W', name: 'w' })).status).toBe(403);
    await eventually(ip, 20);
    // A marker from another user after the 35th: the writer never stores more than 20 in a window (until the 100th).
    expect((await from(ip, org.users.managerA.token).post('/api/v1/units').send({ code: 'W', name: 'w' })).status).toBe(403);
    await waitFor(async () => (await events(ip)).some((r) => r.user_id === org.users.managerA.id), 10_000, 'the marker event');
    const rows = await events(ip);
    expect(rows.filter((r) => r.user_id === org.users.managerB.id)).toHaveLength(20);
  });

  it('a login lockout is recorded with the username that was tried', async () => {
    const ip = '203.0.113.5';
    for (let i = 0; i < 5; i++)
      expect((await from(ip).post('/api/v1/auth/login').send({ username: 'office1', password: 'Wrong-pass-1' })).status).toBe(401);
    expect((await from(ip).post('/api/v1/auth/login').send({ username: 'office1', password: 'Wrong-pass-1' })).status).toBe(429);
    const [e] = await eventually(ip, 1);
    expect(e).toMatchObject({ kind: 'login_locked', username: 'office1', user_id: null, status: 429, code: 'TOO_MANY_REQUESTS' });
  });

  describe('GET /security-events', () => {
    it('is for the admin only', async () => {
      for (const token of [org.users.office.token, org.users.leadership.token, org.users.managerA.token, org.users.staffB.token]) {
        expect((await t.as(token).get('/api/v1/security-events')).status).toBe(403);
      }
      // Events are written after the response, and the next test counts them: let all four land.
      await waitFor(
        async () =>
          Number((await t.dataSource.query(`SELECT count(*) AS n FROM security_events WHERE path = '/api/v1/security-events'`))[0].n) === 4,
        10_000,
        'the four refusals of the list',
      );
    });

    it('pages newest first with Chinese kind labels, and filters by kind, user and date', async () => {
      const admin = t.as(org.adminToken);
      const all = await admin.get('/api/v1/security-events?pageSize=5').expect(200);
      expect(all.body.data).toHaveLength(5);
      expect(all.body.total).toBeGreaterThan(20);
      const ids = (all.body.data as { id: string }[]).map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((x, y) => y - x));

      const burst = await admin.get('/api/v1/security-events?kind=unauthenticated_burst').expect(200);
      expect(burst.body.total).toBe(1);
      expect(burst.body.data[0].kindLabel).toBe('短时间内多次未通过身份验证（401）');

      const staffB = await admin.get(`/api/v1/security-events?userId=${org.users.staffB.id}`).expect(200);
      // Their 404 write, their 403 at /units, and their 403 asking for this very list.
      expect(staffB.body.data.map((e: { kind: string; path: string }) => `${e.kind} ${e.path}`).sort()).toEqual([
        'forbidden /api/v1/security-events',
        'forbidden /api/v1/units',
        `not_found_write /api/v1/items/${itemA}/progress`,
      ]);
      expect(staffB.body.data.find((e: { kind: string }) => e.kind === 'not_found_write').kindLabel).toContain('写操作');

      // The test clock says 2026-06-15 (Asia/Shanghai).
      expect((await admin.get('/api/v1/security-events?from=2026-06-15&to=2026-06-15')).body.total).toBe(all.body.total);
      expect((await admin.get('/api/v1/security-events?from=2026-06-16')).body.total).toBe(0);
      expect((await admin.get('/api/v1/security-events?to=2026-06-14')).body.total).toBe(0);
    });

    it('refuses bad filters by name', async () => {
      const admin = t.as(org.adminToken);
      expect((await admin.get('/api/v1/security-events?kind=hack')).status).toBe(400);
      expect((await admin.get('/api/v1/security-events?userId=x')).status).toBe(400);
      expect((await admin.get('/api/v1/security-events?from=2026-02-30')).status).toBe(400);
      expect((await admin.get('/api/v1/security-events?from=2026-06-16&to=2026-06-15')).status).toBe(400);
      expect((await admin.get('/api/v1/security-events?pageSize=100000')).status).toBe(400);
    });
  });

  it('a failing event write never changes the answer (it is logged instead)', async () => {
    const service = t.app.get(SecurityEventsService);
    const logger = (service as unknown as { logger: Logger }).logger;
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await t.ownerQuery('ALTER TABLE security_events RENAME TO security_events_away');
    try {
      const res = await from('203.0.113.6', org.users.managerA.token).post('/api/v1/units').send({ code: 'V', name: 'v' });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: '当前角色无权执行此操作' });
      await waitFor(() => Promise.resolve(warn.mock.calls.length > 0), 10_000, 'the failed write to be logged');
      expect(String(warn.mock.calls[0][0])).toContain('security event not recorded (forbidden POST /api/v1/units)');
    } finally {
      await t.ownerQuery('ALTER TABLE security_events_away RENAME TO security_events');
      warn.mockRestore();
    }
  });
});
