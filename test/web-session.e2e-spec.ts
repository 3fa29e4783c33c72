import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Cookie sessions, CSRF, and the page shells' access rules (no browser needed for these). */
describe('web sessions and page shells', () => {
  let t: TestApp;
  let org: Org;
  let itemA: string;
  let itemB: string;

  const cookiesOf = (setCookie: string[] | string | undefined) => (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []);
  const session = async (username: string, password: string) => {
    const res = await t.http().post('/api/v1/auth/session').send({ username, password }).expect(200);
    const raw = cookiesOf(res.headers['set-cookie']);
    const jar = raw.map((c) => c.split(';')[0]).join('; ');
    const csrf = /rectify_csrf=([^;]+)/.exec(jar)?.[1] ?? '';
    return { raw, jar, csrf: decodeURIComponent(csrf), body: res.body };
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    [itemA, itemB] = await seedItems(t.dataSource, [
      { title: '甲单位事项', unitId: org.units.a, deadline: '2026-06-01', status: 'in_progress' },
      { title: '乙单位事项', unitId: org.units.b, deadline: '2026-07-01' },
    ]);
  });
  afterAll(() => t.close());

  it('sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const s = await session('managerA', 'managerA-pass-123');
    const token = s.raw.find((c) => c.startsWith('rectify_token='))!;
    const csrf = s.raw.find((c) => c.startsWith('rectify_csrf='))!;
    expect(token).toMatch(/HttpOnly/i);
    expect(token).toMatch(/SameSite=Strict/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/SameSite=Strict/i);
    expect(s.body.user.username).toBe('managerA');
    expect(s.body.accessToken).toBeUndefined();
  });

  it('refuses a bad password with 401 and sets no cookie', async () => {
    const res = await t.http().post('/api/v1/auth/session').send({ username: 'managerA', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(cookiesOf(res.headers['set-cookie'])).toHaveLength(0);
  });

  it('a cookie-authenticated change needs the CSRF header that matches the cookie', async () => {
    const s = await session('managerA', 'managerA-pass-123');
    await t.http().get(`/api/v1/items/${itemA}`).set('Cookie', s.jar).expect(200);
    const none = await t.http().post(`/api/v1/items/${itemA}/progress`).set('Cookie', s.jar).send({ note: '无令牌' });
    expect(none.status).toBe(403);
    const wrong = await t
      .http()
      .post(`/api/v1/items/${itemA}/progress`)
      .set('Cookie', s.jar)
      .set('x-csrf-token', 'x'.repeat(s.csrf.length))
      .send({ note: '错令牌' });
    expect(wrong.status).toBe(403);
    const [{ n: before }] = await t.dataSource.query('SELECT count(*)::int AS n FROM item_progress_updates WHERE item_id = $1', [itemA]);
    expect(before).toBe(0);
    const ok = await t
      .http()
      .post(`/api/v1/items/${itemA}/progress`)
      .set('Cookie', s.jar)
      .set('x-csrf-token', s.csrf)
      .send({ note: '有令牌' });
    expect(ok.status).toBe(201);
    // Bearer clients are not subject to the cookie check.
    await t.as(org.users.managerA.token).post(`/api/v1/items/${itemA}/progress`).send({ note: '令牌头' }).expect(201);
  });

  it('logout clears both cookies', async () => {
    const res = await t.http().post('/api/v1/auth/logout').expect(204);
    const raw = cookiesOf(res.headers['set-cookie']);
    expect(raw.some((c) => /^rectify_token=;/.test(c))).toBe(true);
    expect(raw.some((c) => /^rectify_csrf=;/.test(c))).toBe(true);
  });

  it('pages redirect to /login without a session and / sends each role home', async () => {
    const anon = await t.http().get('/items?status=pending');
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe('/login?next=%2Fitems%3Fstatus%3Dpending');
    const login = await t.http().get('/login').expect(200);
    expect(login.text).toContain('<html lang="zh-CN">');
    // The page bundle (web/, built by vite) renders the form; the browser tests fill it.
    expect(login.text).toMatch(/<div id="app"><\/div>/);
    expect(login.text).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"><\/script>/);
    const home = async (u: string, p: string) =>
      (
        await t
          .http()
          .get('/')
          .set('Cookie', (await session(u, p)).jar)
      ).headers.location;
    expect(await home('managerA', 'managerA-pass-123')).toBe('/items');
    expect(await home('office1', 'office1-pass-123')).toBe('/office/overdue');
    expect(await home('leader1', 'leader1-pass-123')).toBe('/dashboard');
  });

  it('a unit user gets a 404 page for another unit’s item and a 403 page for office pages', async () => {
    const s = await session('managerA', 'managerA-pass-123');
    const own = await t.http().get(`/items/${itemA}`).set('Cookie', s.jar);
    expect(own.status).toBe(200);
    expect(own.text).toContain('<div id="app"></div>');
    const foreign = await t.http().get(`/items/${itemB}`).set('Cookie', s.jar);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('乙单位事项');
    expect((await t.http().get('/items/not-a-uuid').set('Cookie', s.jar)).status).toBe(404);
    const office = await t.http().get('/office/review').set('Cookie', s.jar);
    expect(office.status).toBe(403);
    expect(office.text).toContain('<div id="app"></div>');
    const officeUser = await session('office1', 'office1-pass-123');
    expect((await t.http().get(`/items/${itemB}`).set('Cookie', officeUser.jar)).status).toBe(200);
  });

  it('serves the built bundle and favicon from this origin, a 404 page for unknown paths, a strict CSP on pages', async () => {
    const index = await t.http().get('/login').expect(200);
    const scripts = [...index.text.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const styles = [...index.text.matchAll(/href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const js = await t.http().get(src).expect(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
      expect(js.headers['cache-control']).toContain('immutable');
    }
    for (const href of styles) expect((await t.http().get(href).expect(200)).headers['content-type']).toMatch(/text\/css/);
    expect((await t.http().get('/favicon.svg').expect(200)).headers['content-type']).toMatch(/image\/svg/);
    expect((await t.http().get('/assets/../../../package.json')).status).toBe(404);
    expect((await t.http().get('/assets/nope.js')).status).toBe(404);
    // No inline script and no inline <style>; only style attributes (Element Plus and ECharts position with them).
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("style-src-elem 'self';");
    expect(csp.match(/'unsafe-inline'/g)).toHaveLength(1);
    expect(csp).toContain("style-src-attr 'unsafe-inline'");
    expect(index.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(index.text).not.toMatch(/<style|style="/);
    // Unknown page paths answer the Chinese 404 view with status 404; unknown API paths stay JSON.
    const s = await session('managerA', 'managerA-pass-123');
    const nowhere = await t.http().get('/nowhere/x').set('Cookie', s.jar).set('Accept', 'text/html');
    expect(nowhere.status).toBe(404);
    expect(nowhere.text).toContain('<div id="app"></div>');
    const api = await t.http().get('/api/v1/nowhere').set('Accept', 'text/html,application/json');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
  });
});
