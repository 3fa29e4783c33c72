import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Issue 10, defects 9 (token without `sub`) and 10 (sessions that end, passwords, deactivation). */
describe('sessions end: logout, password change and reset, deactivation, role or unit change', () => {
  let t: TestApp;
  let org: Org;
  const me = (token: string) => t.as(token).get('/api/v1/auth/me');

  /** A fresh user of the given role, signed in. */
  let serial = 0;
  const newUser = async (role = 'office', unitId?: string) => {
    serial += 1;
    const username = `sess${serial}`;
    const password = `Sess-pass-${serial}x`;
    const res = await t.as(org.adminToken).post('/api/v1/users').send({ username, password, displayName: username, role, unitId });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username, password, token: await t.login(username, password) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
  });
  afterAll(() => t.close());

  describe('tokens the guard cannot place (defect 9)', () => {
    const sign = (payload: object) => new JwtService({ secret: t.env.JWT_SECRET }).signAsync(payload);

    it('a signed token without sub is 401, not 500', async () => {
      const res = await me(await sign({ role: 'admin' }));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('a signed token whose sub is not a uuid, or not a string, is 401', async () => {
      expect((await me(await sign({ sub: 'not-a-uuid', ver: 0 }))).status).toBe(401);
      expect((await me(await sign({ sub: 42, ver: 0 }))).status).toBe(401);
      expect((await me(await sign({ sub: { id: org.users.office.id }, ver: 0 }))).status).toBe(401);
    });

    it('the pages and the queue board treat it as no session', async () => {
      const token = await sign({ role: 'admin' });
      expect((await t.http().get('/admin/queues').set('Authorization', `Bearer ${token}`)).status).toBe(401);
      const page = await t.http().get('/items').set('Cookie', `rectify_token=${token}`);
      expect(page.status).toBe(303);
      expect(page.headers.location).toMatch(/^\/login/);
    });
  });

  it('logout ends the token at once (bearer and cookie), and every other session of the user', async () => {
    const u = await newUser();
    const other = await t.login(u.username, u.password);
    expect((await me(u.token)).status).toBe(200);
    expect((await t.as(u.token).post('/api/v1/auth/logout')).status).toBe(204);
    expect((await me(u.token)).status).toBe(401);
    expect((await me(other)).status).toBe(401);

    const s = await t.http().post('/api/v1/auth/session').send({ username: u.username, password: u.password }).expect(200);
    const jar = (s.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const csrf = decodeURIComponent(/rectify_csrf=([^;]+)/.exec(jar)![1]);
    await t.http().get('/api/v1/auth/me').set('Cookie', jar).expect(200);
    await t.http().post('/api/v1/auth/logout').set('Cookie', jar).set('x-csrf-token', csrf).expect(204);
    expect((await t.http().get('/api/v1/auth/me').set('Cookie', jar)).status).toBe(401);
  });

  describe('own password change', () => {
    it('needs the current password and a password of the policy, named in Chinese; nothing changes when refused', async () => {
      const u = await newUser();
      const wrong = await t
        .as(u.token)
        .post('/api/v1/auth/password')
        .send({ currentPassword: 'Not-the-one-1', newPassword: 'Brand-new-pass-1' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toContain('当前密码不正确');
      const weak = await t.as(u.token).post('/api/v1/auth/password').send({ currentPassword: u.password, newPassword: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('VALIDATION_FAILED');
      expect(weak.body.message).toContain('长度至少 10 位');
      expect(weak.body.message).toContain('大写字母');
      const same = await t.as(u.token).post('/api/v1/auth/password').send({ currentPassword: u.password, newPassword: u.username });
      expect(same.status).toBe(400);
      expect(same.body.message).toContain('不能与用户名相同');
      // Refused changes end nothing.
      expect((await me(u.token)).status).toBe(200);
      await t.login(u.username, u.password);
    });

    it('ends every earlier token and hands back a new one; only the new password signs in', async () => {
      const u = await newUser();
      const other = await t.login(u.username, u.password);
      const res = await t.as(u.token).post('/api/v1/auth/password').send({ currentPassword: u.password, newPassword: 'Changed-pass-2026' });
      expect(res.status).toBe(200);
      expect(res.body.user.mustChangePassword).toBe(false);
      expect((await me(u.token)).status).toBe(401);
      expect((await me(other)).status).toBe(401);
      expect((await me(res.body.accessToken)).status).toBe(200);
      expect((await t.http().post('/api/v1/auth/login').send({ username: u.username, password: u.password })).status).toBe(401);
      await t.login(u.username, 'Changed-pass-2026');
    });
  });

  describe('admin reset', () => {
    it('is for the admin only', async () => {
      const u = await newUser();
      const res = await t.as(org.users.office.token).post(`/api/v1/users/${u.id}/password`).send({ newPassword: 'Reset-by-office-1' });
      expect(res.status).toBe(403);
      await t.login(u.username, u.password);
    });

    it('applies the policy, ends the sessions and forces a change at the next login; until then only me, password and logout answer', async () => {
      const u = await newUser('office');
      const weak = await t.as(org.adminToken).post(`/api/v1/users/${u.id}/password`).send({ newPassword: 'weakweakweak' });
      expect(weak.status).toBe(400);
      expect(weak.body.details[0].field).toBe('newPassword');

      const reset = await t.as(org.adminToken).post(`/api/v1/users/${u.id}/password`).send({ newPassword: 'Temporary-2026' });
      expect(reset.status).toBe(200);
      expect(reset.body.mustChangePassword).toBe(true);
      expect((await me(u.token)).status).toBe(401);

      const login = await t.http().post('/api/v1/auth/login').send({ username: u.username, password: 'Temporary-2026' }).expect(200);
      expect(login.body.user.mustChangePassword).toBe(true);
      const token = login.body.accessToken as string;
      const meNow = await me(token).expect(200);
      expect(meNow.body.mustChangePassword).toBe(true);
      for (const call of [
        t.as(token).get('/api/v1/items'),
        t.as(token).get('/api/v1/units'),
        t.as(token).post('/api/v1/follow-up/sweep'),
        t.as(token).get('/admin/queues/api/queues'),
      ]) {
        const res = await call;
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
        expect(res.body.message).toContain('修改密码');
      }
      // The same password again is not a change.
      const again = await t
        .as(token)
        .post('/api/v1/auth/password')
        .send({ currentPassword: 'Temporary-2026', newPassword: 'Temporary-2026' });
      expect(again.status).toBe(400);

      const changed = await t
        .as(token)
        .post('/api/v1/auth/password')
        .send({ currentPassword: 'Temporary-2026', newPassword: 'My-own-pass-2026' });
      expect(changed.status).toBe(200);
      const fresh = changed.body.accessToken as string;
      expect((await me(fresh)).body.mustChangePassword).toBe(false);
      expect((await t.as(fresh).get('/api/v1/items')).status).toBe(200);

      // And logout stays open while a change is pending.
      await t.as(org.adminToken).post(`/api/v1/users/${u.id}/password`).send({ newPassword: 'Temporary-2027' }).expect(200);
      const pending = await t.login(u.username, 'Temporary-2027');
      expect((await t.as(pending).post('/api/v1/auth/logout')).status).toBe(204);
      expect((await me(pending)).status).toBe(401);
    });
  });

  describe('PATCH /users/:id', () => {
    it('deactivation ends the sessions and refuses login; reactivation does not revive the old tokens', async () => {
      const u = await newUser();
      const off = await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await me(u.token)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/login').send({ username: u.username, password: u.password })).status).toBe(401);
      await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ active: true }).expect(200);
      expect((await me(u.token)).status).toBe(401);
      expect((await me(await t.login(u.username, u.password))).status).toBe(200);
    });

    it('a role or unit change ends the sessions; a display name change does not', async () => {
      const u = await newUser('unit_staff', org.units.a);
      await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ displayName: '新名字' }).expect(200);
      expect((await me(u.token)).status).toBe(200);
      const moved = await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ unitId: org.units.b });
      expect(moved.status).toBe(200);
      expect(moved.body.unitId).toBe(org.units.b);
      expect((await me(u.token)).status).toBe(401);
      const token = await t.login(u.username, u.password);
      await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ role: 'unit_manager' }).expect(200);
      expect((await me(token)).status).toBe(401);
    });

    it('validates: a unit role keeps a unit, the unit exists, unknown fields are named, others get 403, the admin cannot lock himself out', async () => {
      const u = await newUser('unit_staff', org.units.a);
      expect((await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ unitId: null })).status).toBe(400);
      expect(
        (await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ unitId: '00000000-0000-4000-8000-000000000000' })).status,
      ).toBe(400);
      expect((await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ password: 'X-pass-12345' })).status).toBe(400);
      expect((await t.as(org.adminToken).patch(`/api/v1/users/${u.id}`).send({ role: 'root' })).status).toBe(400);
      expect((await t.as(org.users.office.token).patch(`/api/v1/users/${u.id}`).send({ active: false })).status).toBe(403);
      expect((await t.as(org.adminToken).patch('/api/v1/users/00000000-0000-4000-8000-000000000000').send({ active: false })).status).toBe(
        404,
      );
      expect((await me(u.token)).status).toBe(200);
      const admin = (await me(org.adminToken)).body.id as string;
      expect((await t.as(org.adminToken).patch(`/api/v1/users/${admin}`).send({ active: false })).status).toBe(409);
      expect((await t.as(org.adminToken).patch(`/api/v1/users/${admin}`).send({ role: 'office' })).status).toBe(409);
      expect((await me(org.adminToken)).status).toBe(200);
    });
  });

  it('POST /users applies the password policy and names what is missing', async () => {
    const res = await t
      .as(org.adminToken)
      .post('/api/v1/users')
      .send({ username: 'weakling', password: 'weakling1', displayName: '弱', role: 'office' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('长度至少 10 位');
    expect(res.body.message).toContain('还需从 大写字母、符号 中再加 1 类');
    expect((await t.as(org.adminToken).get('/api/v1/users?role=office')).body.map((u: { username: string }) => u.username)).not.toContain(
      'weakling',
    );
  });
});
