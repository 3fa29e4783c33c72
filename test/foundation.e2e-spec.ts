import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';
import { seedOrg, type Org } from './support/org.js';

describe('foundation: identity, organisation, scope, audit, errors', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports health of Postgres and Redis without a token', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves the OpenAPI document without a token', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/units']));
  });

  it('creates the configured admin at start and logs it in', async () => {
    const res = await t.http().post('/api/v1/auth/login').send(ADMIN);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'admin', role: 'admin', unitId: null });
    expect(typeof res.body.accessToken).toBe('string');
  });

  it('shows a unit manager its unit in /auth/me', async () => {
    const res = await t.as(org.users.managerA.token).get('/api/v1/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      username: 'managerA',
      role: 'unit_manager',
      unitId: org.units.a,
      unit: { code: 'A', name: '甲单位' },
    });
    expect(res.body.passwordHash).toBeUndefined();
  });

  it('refuses a wrong password with 401 in the error shape', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'managerB', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String) });
  });

  it('refuses requests without a token, or with a forged one', async () => {
    expect((await t.http().get('/api/v1/units')).status).toBe(401);
    const res = await t.http().get('/api/v1/units').set('Authorization', 'Bearer not.a.token');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an unknown body field with 400 naming it, and writes nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM units`);
    const res = await t.as(org.adminToken).post('/api/v1/units').send({ code: 'X1', name: '某单位', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain('colour');
    expect(res.body.details).toEqual([{ field: 'colour', messages: [expect.stringContaining('should not exist')] }]);
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM units`);
    expect(after).toEqual(before);
  });

  it('answers a malformed id with 400 in Chinese', async () => {
    const res = await t.as(org.adminToken).get('/api/v1/units/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: '参数格式无效：需要 uuid' });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.as(org.adminToken).post('/api/v1/units').set('Content-Type', 'application/json').send('{"code":');
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('throttles the sixth failed login for one username from one address within the window', async () => {
    const attempt = () => t.http().post('/api/v1/auth/login').send({ username: 'staffB', password: 'nope-nope' });
    for (let i = 1; i <= 5; i++) expect((await attempt()).status).toBe(401);
    const sixth = await attempt();
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('TOO_MANY_REQUESTS');
    // Even the right password is refused while throttled; another username is not affected.
    expect((await t.http().post('/api/v1/auth/login').send({ username: 'staffB', password: org.users.staffB.password })).status).toBe(429);
    expect((await t.http().post('/api/v1/auth/login').send({ username: 'staffA', password: org.users.staffA.password })).status).toBe(200);
  });

  it('lets only admin create units and users (403 for others)', async () => {
    expect((await t.as(org.users.office.token).post('/api/v1/units').send({ code: 'Z', name: '某' })).status).toBe(403);
    const res = await t
      .as(org.users.managerA.token)
      .post('/api/v1/users')
      .send({ username: 'x1', password: 'password-1', displayName: 'x', role: 'office' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('requires a unit for unit roles', async () => {
    const res = await t
      .as(org.adminToken)
      .post('/api/v1/users')
      .send({ username: 'nounit', password: 'password-1', displayName: 'x', role: 'unit_staff' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('unitId');
  });

  it('refuses a duplicate unit code with 409', async () => {
    const res = await t.as(org.adminToken).post('/api/v1/units').send({ code: 'A', name: '重复' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DUPLICATE');
  });

  describe('scope', () => {
    it('shows a unit manager its unit and sub-units only', async () => {
      const res = await t.as(org.users.managerA.token).get('/api/v1/units');
      expect(res.status).toBe(200);
      expect(res.body.map((u: { code: string }) => u.code).sort()).toEqual(['A', 'A1']);
    });

    it('answers 404 (not 403) for another unit', async () => {
      const res = await t.as(org.users.managerA.token).get(`/api/v1/units/${org.units.b}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      // The parent is outside a sub-unit manager's scope too.
      expect((await t.as(org.users.managerA1.token).get(`/api/v1/units/${org.units.a}`)).status).toBe(404);
      expect((await t.as(org.users.managerA.token).get(`/api/v1/units/${org.units.a1}`)).status).toBe(200);
    });

    it('gives an inspector with no group nothing, and bureau roles everything', async () => {
      expect((await t.as(org.users.inspector.token).get('/api/v1/units')).body).toEqual([]);
      expect((await t.as(org.users.leadership.token).get('/api/v1/units')).body).toHaveLength(3);
    });
  });

  describe('audit trail', () => {
    it('records every mutation with actor, before/after and request id', async () => {
      const res = await t.as(org.adminToken).post('/api/v1/units').set('x-request-id', 'req-audit-1').send({ code: 'C', name: '丙单位' });
      expect(res.status).toBe(201);
      const audit = await t.as(org.users.office.token).get(`/api/v1/audit?entityType=unit&entityId=${res.body.id}`);
      expect(audit.status).toBe(200);
      expect(audit.body.total).toBe(1);
      expect(audit.body.data[0]).toMatchObject({
        action: 'unit.create',
        actorName: 'admin',
        requestId: 'req-audit-1',
        before: null,
        after: { code: 'C', name: '丙单位' },
      });
    });

    it('never stores password hashes in the trail', async () => {
      const rows = await t.dataSource.query(`SELECT after FROM audit_entries WHERE entity_type = 'user'`);
      expect(rows.length).toBeGreaterThan(0);
      // Neither a password nor its hash (the flag mustChangePassword is no secret).
      for (const r of rows) expect(JSON.stringify(r.after)).not.toMatch(/"password(Hash)?"|\$2[aby]\$/i);
    });

    it('is refused to unit users', async () => {
      expect((await t.as(org.users.managerA.token).get('/api/v1/audit')).status).toBe(403);
    });

    it('cannot be updated, deleted or truncated, even in raw SQL', async () => {
      await expect(t.dataSource.query(`UPDATE audit_entries SET action = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM audit_entries`)).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'forged'`);
      expect(n).toBe(0);
    });
  });
});
