import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Issue 10, defect 6: after signing in, `next` may only lead to a page of this origin. */
describe('login page: no open redirect through ?next=', () => {
  let t: TestApp;
  let org: Org;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Signs in on /login?<query> and returns the address the page ends on; other hosts answer a stub. */
  async function landAfterLogin(query: string): Promise<URL> {
    const context = await browser.newContext();
    try {
      const page: Page = await context.newPage();
      await context.route(
        (url) => url.host !== new URL(base).host,
        (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>elsewhere</p>' }),
      );
      await page.goto(`${base}/login?${query}`);
      await page.getByLabel('用户名').fill('staffA');
      await page.getByLabel('密码').fill(org.users.staffA.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
      return new URL(page.url());
    } finally {
      await context.close();
    }
  }

  it('follows a path of this origin', async () => {
    const url = await landAfterLogin(`next=${encodeURIComponent('/inbox?x=1')}`);
    expect(url.origin).toBe(base);
    expect(url.pathname + url.search).toBe('/inbox?x=1');
  });

  it.each([
    ['backslash', 'next=/\\evil.example/x'],
    ['encoded backslash', 'next=/%5Cevil.example/x'],
    ['encoded tab', 'next=/%09/evil.example/x'],
    ['encoded newline', 'next=/%0A/evil.example/x'],
    ['protocol-relative', 'next=//evil.example/x'],
    ['encoded protocol-relative', 'next=%2F%2Fevil.example%2Fx'],
    ['dot segment', 'next=/.//evil.example/x'],
    ['absolute URL', 'next=https://evil.example/x'],
    ['javascript:', 'next=javascript:alert(1)'],
  ])('stays on this origin for a %s next', async (_name, query) => {
    const url = await landAfterLogin(query);
    expect(url.origin).toBe(base);
    expect(url.pathname.startsWith('//')).toBe(false);
  });

  it('the server, asked for /login by a signed-in user, follows only a safe next too', async () => {
    const s = await t.http().post('/api/v1/auth/session').send({ username: 'staffA', password: org.users.staffA.password }).expect(200);
    const jar = (s.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const go = (next: string) =>
      t
        .http()
        .get(`/login?next=${encodeURIComponent(next)}`)
        .set('Cookie', jar);
    expect((await go('/inbox')).headers.location).toBe('/inbox');
    for (const next of ['/\\evil.example/x', '/\t/evil.example', '//evil.example', 'https://evil.example/']) {
      const res = await go(next);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/items');
    }
  });

  it('after an admin reset, the login page asks for a new password before going on (issue 10, defect 10)', async () => {
    await t.as(org.adminToken).post(`/api/v1/users/${org.users.staffB.id}/password`).send({ newPassword: 'Temporary-2026' }).expect(200);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${base}/login?next=${encodeURIComponent('/inbox')}`);
      await page.getByLabel('用户名').fill('staffB');
      await page.getByLabel('密码', { exact: true }).fill('Temporary-2026');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '请先修改密码' }).waitFor();
      // Until it is changed, a page sends the user back here.
      const other = await context.newPage();
      await other.goto(`${base}/items`);
      expect(new URL(other.url()).pathname + new URL(other.url()).search).toBe(`/login?change=1&next=${encodeURIComponent('/items')}`);
      await other.close();

      await page.getByLabel('新密码', { exact: true }).fill('weak');
      await page.getByLabel('确认新密码').fill('weak');
      await page.getByRole('button', { name: '修改密码并继续' }).click();
      await page.locator('#password-error').filter({ hasText: '长度至少 10 位' }).waitFor();
      await page.getByLabel('新密码', { exact: true }).fill('Chosen-by-me-2026');
      await page.getByLabel('确认新密码').fill('Chosen-by-me-2026');
      await page.getByRole('button', { name: '修改密码并继续' }).click();
      await page.waitForURL((u) => u.pathname === '/inbox');
      const me = await page.evaluate('fetch("/api/v1/auth/me").then((r) => r.json())');
      expect(me).toMatchObject({ username: 'staffB', mustChangePassword: false });
    } finally {
      await context.close();
    }
    await t.login('staffB', 'Chosen-by-me-2026');
  });
});
