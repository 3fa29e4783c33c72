import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import type { Response } from 'supertest';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Issue 10 defect 15: every response carries helmet's headers, and nothing says what serves it. */
describe('security headers everywhere', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
  });
  afterAll(() => t.close());

  const expectHardened = (res: Response) => {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const csp = String(res.headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  };

  it('API JSON (an answer and an error), /health, the docs and the login page', async () => {
    expectHardened(await t.as(org.adminToken).get('/api/v1/units').expect(200));
    expectHardened(await t.http().get('/api/v1/auth/me').expect(401));
    expectHardened(await t.http().get('/api/v1/nowhere'));
    expectHardened(await t.http().get('/health'));
    expectHardened(await t.http().get('/api/docs-json').expect(200));
    const docs = await t.http().get('/api/docs/').redirects(1);
    expect(docs.status).toBe(200);
    expectHardened(docs);
    expectHardened(await t.http().get('/login').expect(200));
  });

  it('the queue board, its API and its refusals, without X-Powered-By', async () => {
    expectHardened(await t.as(org.users.office.token).get('/admin/queues').expect(200));
    expectHardened(await t.as(org.users.office.token).get('/admin/queues/api/queues').expect(200));
    expectHardened(await t.http().get('/admin/queues').expect(401));
  });

  it('Swagger UI at /api/docs runs under its policy in Chromium (no blocked script, the operations render)', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      page.on('pageerror', (e) => violations.push(e.message));
      await page.goto(`${base}/api/docs`);
      await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
      // Newer Chromium builds leave the later tags to be rendered as the reader scrolls to them.
      for (let i = 0; i < 5 && (await page.locator('.opblock').count()) <= 10; i++) {
        await page.mouse.wheel(0, 5000);
        await page.waitForTimeout(300);
      }
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      expect(violations.filter((v) => /script/i.test(v))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
