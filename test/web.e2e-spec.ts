import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { calendarDateIn } from '../src/common/dates.js';
import { DEMO_PASSWORD, seedDemoScenario } from '../src/cli/demo-scenario.js';
import { expectNoEnumCodes, launchChromium, watchProblems, signInAs } from './support/pages.js';
import { waitFor } from './support/process.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';
import { MENU, PAGE_ROUTES } from '../src/modules/web/page-routes.js';

/*
 * The pages in headless Debian Chromium (playwright-core drives /usr/bin/chromium; no browser
 * download), over the demo scenario seeded through the public API: one journey per user group,
 * plus the URL-editing check. Screenshots go to test-artifacts/screenshots/.
 */

const SHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
// Run in the page (strings: the test compiles without DOM types).
const DASHBOARD_LOADED = '#dashboard[data-loaded="true"]';
/** Viewport point in the middle of the first non-empty bar of the unit ranking, and its unit name. */
const FIRST_BAR = `(() => {
  const el = document.getElementById('chart-closure');
  const ec = el.chart;
  const opt = ec.getOption();
  const idx = opt.series[0].data.findIndex((d) => d.value > 0);
  const px = ec.convertToPixel({ seriesIndex: 0 }, [opt.series[0].data[idx].value / 2, idx]);
  const r = el.getBoundingClientRect();
  return { x: r.left + px[0], y: r.top + px[1], name: opt.yAxis[0].data[idx] };
})()`;

describe('web pages in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let unitCode: string;
  let unitId: string;
  let officeToken: string;

  /** Waits until the element's whole text is `text` (the page fills it asynchronously), then asserts it. */
  async function hasText(locator: Locator, text: string): Promise<void> {
    const exact = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await locator
      .filter({ hasText: exact })
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    expect((await locator.first().innerText()).trim()).toBe(text);
  }

  const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

  /** Console errors, page errors and failed or refused requests, over every page of the file. */
  const problems: string[] = [];
  const noEnumCodes = expectNoEnumCodes;

  const signIn = (username: string, viewport = DESKTOP) =>
    signInAs(browser, base, username, DEMO_PASSWORD, { problems, expected: expectedStatus, viewport });

  /** Documents a test asks for that answer 4xx on purpose (the 404 of another unit's item). */
  const expectedStatus = new Set<string>();
  const item = async (id: string) => (await t.as(officeToken).get(`/api/v1/items/${id}`).expect(200)).body;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Role "all": the office's 催办督办 sweep is delivered by the in-process workers.
    t = await startTestApp({ role: 'all', now: '2026-11-20T02:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await seedDemoScenario(base, ADMIN, calendarDateIn(t.clock.now(), 'Asia/Shanghai'));
    officeToken = await t.login('office', DEMO_PASSWORD);
    // The unit with the most open items (some overdue) walks the unit journey.
    const [row] = await t.dataSource.query(
      `SELECT u.id, u.code FROM units u JOIN rectification_items i ON i.responsible_unit_id = u.id
        WHERE i.status IN ('pending', 'in_progress') AND u.code LIKE 'U%'
        GROUP BY u.id, u.code ORDER BY count(*) FILTER (WHERE i.deadline < '2026-11-20') DESC, count(*) DESC, u.code LIMIT 1`,
    );
    unitId = row.id;
    unitCode = row.code;
    // playwright-core starts Chromium with a fresh temporary user-data dir of its own each launch.
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('budgets: the page JavaScript is under 600 KB gzipped', () => {
    const dir = join(process.cwd(), 'web', 'dist', 'assets');
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const gz = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f))).length, 0);
    process.stdout.write(`[budget] JavaScript: ${files.length} files, ${(gz / 1024).toFixed(0)} KB gzipped (budget 600 KB)\n`);
    expect(gz).toBeLessThan(600 * 1024);
  });

  it('menus are grouped by the work: each section is labelled and holds exactly its pages, every link visible', async () => {
    for (const [username, role] of [
      ['office', 'office'],
      ['leader', 'leadership'],
    ] as const) {
      const { context, page } = await signIn(username);
      const nav = page.getByRole('navigation', { name: '主导航' });
      for (const section of MENU[role]) {
        const titles = section.pages.map((p) => PAGE_ROUTES[p].title);
        // A titled section is a list labelled by its title; its links are visible without hovering.
        const list = section.title ? nav.getByRole('list', { name: section.title, exact: true }) : nav;
        const links = (await list.getByRole('link').allInnerTexts()).map((x) => x.trim().replace(/\d+$/, ''));
        if (section.title) expect([section.title, links]).toEqual([section.title, titles]);
        else for (const title of titles) expect(links).toContain(title);
        for (const title of titles) expect(await list.getByRole('link', { name: title, exact: true }).isVisible()).toBe(true);
      }
      await shot(page, `menu-${role}`, false);
      await context.close();
    }
    // On a phone the menu folds behind 菜单; opening it shows the sections, following a link folds it again.
    const phone = await signIn('office', PHONE);
    const toggle = phone.page.getByRole('button', { name: '菜单' });
    const phoneNav = phone.page.getByRole('navigation', { name: '主导航' });
    expect([await toggle.getAttribute('aria-expanded'), await phoneNav.isVisible()]).toEqual(['false', false]);
    await toggle.click();
    expect([await toggle.getAttribute('aria-expanded'), await phoneNav.getByRole('list', { name: '台账登记' }).isVisible()]).toEqual([
      'true',
      true,
    ]);
    await shot(phone.page, 'menu-office-phone', false);
    await phoneNav.getByRole('link', { name: '问题线索', exact: true }).click();
    await phone.page.waitForURL((u) => u.pathname === '/office/clues');
    await phoneNav.waitFor({ state: 'hidden' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await phone.context.close();
  });

  it('office: overdue board by days overdue, chase sweep, review queue rejects with a reason and approves', async () => {
    const { context, page } = await signIn('office');
    expect(new URL(page.url()).pathname).toBe('/office/overdue');
    const rows = page.locator('#overdue-table .el-table__body tbody tr');
    await rows.first().locator('a').first().waitFor();
    // Budget: a page opened by address, from the request to its data on screen; the best of three
    // loads, since the shared 2-core machine adds noise that is not the page's.
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      await page.goto(`${base}/office/overdue`);
      await rows.first().locator('a').first().waitFor();
      loads.push(Date.now() - started);
    }
    // Printed, not asserted: a timing is a measurement, and a loaded CI machine is no verdict on the page.
    const best = Math.min(...loads);
    process.stdout.write(
      `[budget] load of 逾期督办 by address: ${loads.join(', ')} ms, best ${best} ms (budget 1500 ms: ${best < 1500 ? 'met' : 'NOT met'})\n`,
    );
    await noEnumCodes(page);
    const days = (await page.locator('#overdue-table .days-overdue').allInnerTexts()).map((s) => parseInt(s, 10));
    expect(days.length).toBeGreaterThan(0);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const overdueApi = await t.as(officeToken).get('/api/v1/items?overdue=true&pageSize=1').expect(200);
    expect(days.length).toBe(overdueApi.body.total);

    await page.getByRole('button', { name: '立即执行催办督办' }).click();
    await page.locator('#sweep-result').filter({ hasText: '已完成' }).waitFor({ timeout: 60_000 });
    await shot(page, '01-office-overdue-board');

    // 催办 one row: confirm with a note; the row says it is done and the ledger has the manual urge.
    const chaseRow = rows.first();
    const chasedId = (await chaseRow.locator('a').first().getAttribute('href'))!.split('/').pop()!;
    await chaseRow.getByRole('button', { name: '催办', exact: true }).click();
    await page.getByLabel('附言（可选，随通知发送）').fill('请本周内报送进展');
    await page.getByRole('button', { name: '确认催办' }).click();
    await page.locator('#chase-result').filter({ hasText: '已催办' }).waitFor();
    await chaseRow.getByRole('button', { name: '今日已催办' }).waitFor();
    const chased = (await t.as(officeToken).get(`/api/v1/items/${chasedId}/reminders`).expect(200)).body as { kind: string }[];
    expect(chased.filter((r) => r.kind === 'manual_urge')).toHaveLength(1);

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '销号审核' }).click();
    await page.waitForURL('**/office/review');
    const cards = page.locator('article.review');
    await cards.first().waitFor();
    const before = await cards.count();
    expect(before).toBeGreaterThanOrEqual(2);
    await noEnumCodes(page);
    await shot(page, '02-office-review-queue');

    // Reject the first: without a reason the page refuses; with one the item goes back to 整改中.
    const first = cards.first();
    const rejectedId = (await first.getAttribute('data-id'))!;
    await first.getByRole('button', { name: '退回' }).click();
    await hasText(first.locator('.error'), '退回必须填写理由');
    await first.getByLabel('退回理由（退回时必填）').fill('佐证材料不完整，请补充会议记录原件扫描件');
    await first.getByRole('button', { name: '退回' }).click();
    await page.locator(`article.review[data-id="${rejectedId}"]`).waitFor({ state: 'detached' });
    const rejected = await item(rejectedId);
    expect(rejected.status).toBe('in_progress');
    const history = (await t.as(officeToken).get(`/api/v1/items/${rejectedId}/history`).expect(200)).body as {
      action: string;
      after: { reason?: string };
    }[];
    expect(history.some((h) => h.action === 'item.reject' && h.after?.reason === '佐证材料不完整，请补充会议记录原件扫描件')).toBe(true);

    const next = cards.first();
    const approvedId = (await next.getAttribute('data-id'))!;
    await next.getByRole('button', { name: '审核通过（销号）' }).click();
    await page.locator(`article.review[data-id="${approvedId}"]`).waitFor({ state: 'detached' });
    expect((await item(approvedId)).status).toBe('closed');
    expect(await cards.count()).toBe(before - 2);

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '延期审批' }).click();
    await page.locator('#summary').filter({ hasText: '待审批' }).waitFor();
    await noEnumCodes(page);
    await shot(page, '03-office-extensions');

    // Plan import: a file with errors is checked first; every error is listed and nothing is written.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导入与台账' }).click();
    await page.waitForURL('**/office/import');
    const planCard = page.locator('#plan-import');
    await planCard.locator('.el-select').click();
    await page.getByRole('option').first().click();
    const [{ n: measuresBefore }] = await t.dataSource.query('SELECT count(*)::int AS n FROM measures');
    const bad = [
      '序号,问题类别,反馈问题编号,反馈问题,整改措施,关联问题编号,责任领导,牵头部门,配合部门,完成时限',
      'abc,一、党的政治建设方面,1-1,贯彻落实不到位,建立制度,,党组书记,办公室,,2019年6月底前',
      '2,一、党的政治建设方面,1-1,贯彻落实不到位,,,党组书记,办公室,,2019年6月底前',
      '3,一、党的政治建设方面,1-1,贯彻落实不到位,开展督查,9-9,党组书记,办公室,,2019年6月底前',
    ].join('\n');
    await planCard
      .getByLabel('Excel 或 CSV 文件')
      .setInputFiles({ name: '整改方案-有错误.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    // The import answers 400 with the list of errors: expected, not a failed call.
    expectedStatus.add(`/api/v1/plans/`);
    await planCard.getByRole('button', { name: '检查' }).click();
    await planCard.locator('.import-result .el-table__body tbody tr').first().waitFor();
    const errorRows = await planCard.locator('.import-result .el-table__body tbody tr').count();
    expect(errorRows).toBeGreaterThanOrEqual(3);
    expect(await planCard.locator('.import-result').innerText()).toContain('未写入任何数据');
    const [{ n: measuresAfter }] = await t.dataSource.query('SELECT count(*)::int AS n FROM measures');
    expect(measuresAfter).toBe(measuresBefore);
    await shot(page, '03b-office-import-errors');
    await context.close();
  });

  it('unit manager: worklist with lights, item trace chain, progress, evidence, submit; inbox', async () => {
    const username = `mgr${unitCode.slice(1)}`;
    const { context, page } = await signIn(username);
    expect(new URL(page.url()).pathname).toBe('/items');
    await page.locator('#summary').filter({ hasText: '共' }).waitFor();
    const listed = await t
      .as(await t.login(username, DEMO_PASSWORD))
      .get('/api/v1/items?pageSize=1')
      .expect(200);
    await hasText(page.locator('#summary'), `共 ${listed.body.total} 项`);
    expect(await page.locator('#items-table .light').count()).toBeGreaterThan(0);
    expect(await page.locator('#items-table .light-red').count()).toBeGreaterThan(0);
    // The countdown column: days left or days overdue on every open row.
    expect((await page.locator('#items-table .el-table__body').innerText()).match(/剩余 \d+ 天|逾期 \d+ 天/)).not.toBeNull();
    await noEnumCodes(page);
    await shot(page, '04-unit-worklist');

    // Filter by red light through the form.
    await page.locator('.el-form-item', { hasText: '预警灯' }).locator('.el-select').click();
    await page.getByRole('option', { name: '红灯（逾期）' }).click();
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/light=red/);
    await page.locator('#summary').filter({ hasText: '共' }).waitFor();
    // The list reloads a moment after the URL changes: read it until it shows only red rows or 10 s pass,
    // then judge what it shows last (a filter that lets other lights through fails here).
    let lights: string[] = [];
    for (const until = Date.now() + 10_000; Date.now() < until; await page.waitForTimeout(200)) {
      lights = await page.locator('#items-table .el-table__body .light').evaluateAll((els) => els.map((e) => e.className));
      if (lights.length > 0 && lights.every((c) => c.includes('light-red'))) break;
    }
    expect(lights.length).toBeGreaterThan(0);
    expect(lights.every((c) => c.includes('light-red'))).toBe(true);

    // Open an open item of this unit from the list.
    const [open] = await t.dataSource.query(
      `SELECT id, title FROM rectification_items WHERE responsible_unit_id = $1 AND status IN ('pending', 'in_progress') ORDER BY deadline LIMIT 1`,
      [unitId],
    );
    await page.goto(`${base}/items?status=pending,in_progress`);
    await page.locator(`#items-table a[href="/items/${open.id}"]`).click();
    await page.waitForURL(`**/items/${open.id}`);
    await page.locator('#trace li').first().waitFor();
    const trace = await page.locator('#trace').innerText();
    expect(trace).toContain('上级巡视');
    expect(trace).toContain('上级党组第二巡视组');
    expect(trace).toMatch(/第 \d+ 条/);
    expect(trace).toContain('巡察发现问题');
    expect(trace).toContain('2026年第一轮巡察');

    if ((await item(open.id)).status === 'pending') {
      await page.getByRole('button', { name: '开始整改' }).click();
      await page.locator('#item-badges').filter({ hasText: '整改中' }).waitFor();
    }
    await page.getByLabel('进展情况').fill('已召开专题会议研究整改，相关制度已修订印发');
    await page.getByLabel('完成百分比（0–100）').fill('100');
    await page.getByRole('button', { name: '报送进展' }).click();
    await page.locator('#progress-list').filter({ hasText: '相关制度已修订印发' }).waitFor();
    await noEnumCodes(page);
    await page.getByLabel(/选择文件/).setInputFiles({
      name: '整改佐证-会议纪要.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
    });
    await page.getByRole('button', { name: '上传佐证材料' }).click();
    await page.locator('#evidence-list').filter({ hasText: '整改佐证-会议纪要.pdf' }).waitFor();
    // Inline preview: the PDF framed from a blob: URL the page made (the download is an attachment).
    await page.locator('#evidence-list li', { hasText: '整改佐证-会议纪要.pdf' }).getByRole('button', { name: '预览' }).click();
    const frame = page.locator('iframe.preview-pdf');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    await page.keyboard.press('Escape');
    await frame.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '申请销号' }).click();
    await page.getByRole('button', { name: '确认申请销号' }).click();
    await page.locator('#item-badges').filter({ hasText: '待审核' }).waitFor();
    const after = await item(open.id);
    expect(after.status).toBe('submitted');
    expect(after.progressPercent).toBe(100);
    await shot(page, '05-unit-item-submitted');

    // The unread count beside 通知 in the menu is the inbox's.
    const mgrToken = await t.login(username, DEMO_PASSWORD);
    const inbox = (await t.as(mgrToken).get('/api/v1/notifications?pageSize=1').expect(200)).body;
    const navInbox = page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^通知/ });
    if (inbox.unread > 0) await hasText(navInbox.locator('.nav-badge'), String(inbox.unread));
    await navInbox.click();
    await page.locator('#summary').filter({ hasText: '共' }).waitFor();
    await hasText(page.locator('#summary'), `共 ${inbox.total} 条，未读 ${inbox.unread} 条`);
    await noEnumCodes(page);
    await shot(page, '06-unit-inbox');
    await context.close();

    // The same worklist and item on a phone.
    const phone = await signIn(username, PHONE);
    await phone.page.locator('#summary').filter({ hasText: '共' }).waitFor();
    await shot(phone.page, '07-phone-unit-worklist');
    await phone.page.goto(`${base}/items/${open.id}`);
    await phone.page.locator('#trace li').first().waitFor();
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone.page, '08-phone-unit-item');
    await phone.context.close();
  });

  it('unit user editing the URL to another unit’s item gets the 404 page', async () => {
    const [foreign] = await t.dataSource.query(`SELECT id FROM rectification_items WHERE responsible_unit_id <> $1 LIMIT 1`, [unitId]);
    const { context, page } = await signIn(`mgr${unitCode.slice(1)}`);
    expectedStatus.add(`/items/${foreign.id}`);
    expectedStatus.add(`/api/v1/items/${foreign.id}`);
    expectedStatus.add(`/api/v1/items/${foreign.id}/trace`);
    const res = await page.goto(`${base}/items/${foreign.id}`);
    expect(res?.status()).toBe(404);
    await hasText(page.getByRole('heading', { level: 1 }), '404 未找到');
    await shot(page, '09-unit-foreign-item-404');
    await context.close();
  });

  it('leadership: a menu click made while the dashboard still loads its plans goes where it was clicked', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    watchProblems(page, problems, expectedStatus);
    // Hold the dashboard's plans, and the clicked page's code, so the click is still under way when the
    // plans arrive and the selector picks one (which writes the address).
    const gate = () => {
      let open!: () => void;
      const opened = new Promise<void>((r) => (open = r));
      return { open, opened, asked: false };
    };
    const plans = gate();
    const chunk = gate();
    await page.route(/\/api\/v1\/plans(\?|$)/, async (route) => {
      plans.asked = true;
      await plans.opened;
      await route.continue();
    });
    await page.route(/\/assets\/clues-[^/]+\.js$/, async (route) => {
      chunk.asked = true;
      await chunk.opened;
      await route.continue();
    });
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('leader');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await waitFor(() => Promise.resolve(plans.asked), 15_000, 'the dashboard to ask for its plans');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '问题线索', exact: true }).click();
    await waitFor(() => Promise.resolve(chunk.asked), 15_000, 'the clicked page to load its code');
    plans.open();
    await page.waitForResponse(/\/api\/v1\/plans(\?|$)/);
    await page.waitForTimeout(300);
    chunk.open();
    await page.locator('h1', { hasText: '问题线索' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/office/clues');
    await context.close();
  });

  it('leadership: dashboard tiles and charts with real numbers; a bar and a measure click through to their items', async () => {
    const { context, page } = await signIn('leader');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.waitForSelector(DASHBOARD_LOADED, { state: 'attached', timeout: 30_000 });
    const leaderToken = await t.login('leader', DEMO_PASSWORD);
    const overview = (await t.as(leaderToken).get('/api/v1/reports/overview').expect(200)).body;
    const totalTile = page.locator('.tile', { hasText: '整改事项总数' }).locator('.tile-value');
    await hasText(totalTile, String(overview.total));
    await noEnumCodes(page);
    await hasText(page.locator('.tile', { hasText: '逾期未完成' }).locator('.tile-value'), String(overview.overdue));
    expect(await page.locator('#chart-closure canvas').count()).toBe(1);
    expect(await page.locator('#chart-trend canvas').count()).toBe(1);
    // The closure-rate trend reads the daily snapshots; the demo scenario takes today's.
    expect(await page.locator('#chart-rate canvas').count()).toBe(1);
    // Snapshots before today, then today's live figures (the tiles' moment) as the last point.
    const trend = (await t.as(leaderToken).get(`/api/v1/reports/trend?interval=week&to=${overview.asOf}`).expect(200)).body as {
      day: string;
    }[];
    const points = trend.filter((r) => r.day < overview.asOf).length + 1;
    await hasText(
      page.locator('#rate-note'),
      `共 ${points} 个数据点：此前各周取每周最后一次每日快照，末点为 ${overview.asOf} 的当前数据（与上方数字同一时刻）。`,
    );
    expect(await page.locator('#measures li').count()).toBe(53);
    await shot(page, '10-leadership-dashboard');

    // Click the top bar of the unit ranking: the items page filtered to that unit's own items, same count.
    await page.locator('#chart-closure').scrollIntoViewIfNeeded();
    const target = await page.evaluate<{ x: number; y: number; name: string }>(FIRST_BAR);
    const units = (await t.as(leaderToken).get('/api/v1/reports/closure?groupBy=unit').expect(200)).body as {
      key: string;
      label: string;
      total: number;
    }[];
    const clicked = units.find((u) => u.label === target.name)!;
    await page.mouse.click(target.x, target.y);
    await page.waitForURL((u) => u.pathname === '/items' && u.searchParams.get('responsibleUnitId') === clicked.key);
    await hasText(page.locator('#summary'), `共 ${clicked.total} 项`);
    await shot(page, '11-leadership-bar-click-items');

    // A measure cell: the items under that measure.
    await page.goBack();
    await page.waitForSelector(DASHBOARD_LOADED, { state: 'attached' });
    const cell = page.locator('#measures a.measure:not(.m-gap)').first();
    const href = (await cell.getAttribute('href'))!;
    await cell.click();
    await page.waitForURL(`**${href}`);
    const measureId = new URL(href, base).searchParams.get('measureId');
    const byMeasure = await t.as(leaderToken).get(`/api/v1/items?measureId=${measureId}&pageSize=1`).expect(200);
    await hasText(page.locator('#summary'), `共 ${byMeasure.body.total} 项`);
    expect(byMeasure.body.total).toBeGreaterThan(0);
    await context.close();
  });

  it('keyboard alone reaches the filters, every row link and the pager; no console error or failed call on any page', async () => {
    const { context, page } = await signIn('office');
    await page.goto(`${base}/items`);
    await page.locator('#summary').filter({ hasText: '共' }).waitFor();
    await page.locator('#items-table .el-table__body a').first().waitFor();
    const links = await page.locator('#items-table .el-table__body a').count();
    const reached = new Set<string>();
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      reached.add(
        await page.evaluate<string>(
          `(() => { const a = document.activeElement; return (a.getAttribute('href') || a.textContent || a.getAttribute('aria-label') || a.tagName).trim(); })()`,
        ),
      );
    }
    expect(reached.has('筛选')).toBe(true);
    expect(reached.has('退出登录')).toBe(true);
    expect([...reached].filter((r) => r.startsWith('/items/')).length).toBe(links);
    await page.keyboard.press('Shift+Tab');
    await context.close();
    expect(problems).toEqual([]);
  });
});
