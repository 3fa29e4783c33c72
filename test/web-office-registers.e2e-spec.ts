import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { calendarDateIn } from '../src/common/dates.js';
import { DEMO_PASSWORD, seedDemoScenario } from '../src/cli/demo-scenario.js';
import { expectNoEnumCodes, launchChromium, signInAs } from './support/pages.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/*
 * Issue 14: the office's daily registers and the leadership's drill-downs, through the pages only,
 * over the demo scenario (today 2026-11-20): the 对账 board (sign off a measure, undo it), 问题线索,
 * 约谈, 回头看 (schedule, record), Word documents, the filtered ledger export; leadership picks a
 * round and clicks a unit bar (also a 0 % unit) onto exactly that unit's items.
 */
const COUNTED = 'pending,in_progress,submitted,closed';
/** Viewport point of the bar of row `label` in the closure chart (a 0 % bar is 4 px wide: click its start). */
const barAt = (label: string) => `(() => {
  const el = document.getElementById('chart-closure');
  const ec = el.chart;
  const opt = ec.getOption();
  const idx = opt.yAxis[0].data.indexOf(${JSON.stringify(label)});
  const value = opt.series[0].data[idx].value;
  const px = ec.convertToPixel({ seriesIndex: 0 }, [value > 0 ? value / 2 : 0, idx]);
  const r = el.getBoundingClientRect();
  return { x: r.left + px[0] + (value > 0 ? 0 : 2), y: r.top + px[1], idx };
})()`;

describe('office registers and leadership drill-down in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let office: string;
  let leader: string;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-20T02:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await seedDemoScenario(base, ADMIN, calendarDateIn(t.clock.now(), 'Asia/Shanghai'));
    office = await t.login('office', DEMO_PASSWORD);
    leader = await t.login('leader', DEMO_PASSWORD);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string) => signInAs(browser, base, username, DEMO_PASSWORD, { problems, acceptDownloads: true });
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true }).click();
  async function pick(page: Page, scope: string, field: string, option: string): Promise<void> {
    await page.locator(`${scope} .el-form-item`, { hasText: field }).locator('.el-select').first().click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }
  async function date(page: Page, scope: string, field: string, value: string): Promise<void> {
    const input = page.locator(`${scope} .el-form-item`, { hasText: field }).locator('input').first();
    await input.fill(value);
    await input.press('Enter');
  }
  /** Clicks a download link; the file's bytes and the answer's content type. */
  async function download(page: Page, link: ReturnType<Page['locator']>): Promise<{ bytes: Buffer; type: string; name: string }> {
    const href = (await link.getAttribute('href'))!;
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = readFileSync(await file.path());
    const head = await page.request.get(`${base}${href}`);
    expect(head.status()).toBe(200);
    return { bytes, type: head.headers()['content-type'], name: file.suggestedFilename() };
  }
  const isDocx = (d: { bytes: Buffer; type: string; name: string }) => {
    expect(d.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(d.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(d.name).toMatch(/\.docx$/);
  };

  it('office: 对账销号 and its undoing on the board, the plan report and a 销号申请表 as Word', async () => {
    const [plan] = (await t.as(office).get('/api/v1/plans').expect(200)).body as { id: string }[];
    const board = (await t.as(office).get(`/api/v1/plans/${plan.id}/reconciliation`).expect(200)).body;
    type M = { id: string; number: number; status: string; items: { total: number; closed: number } };
    const measures: M[] = board.feedbackProblems.flatMap((p: { measures: M[] }) => p.measures);
    let m = measures.find((x) => x.status === 'awaiting_signoff');
    if (!m) {
      // Close the open items of the measure with the fewest (the lifecycle itself is tested elsewhere).
      m = measures.filter((x) => x.items.total > 0).sort((a, b) => a.items.total - a.items.closed - (b.items.total - b.items.closed))[0];
      await t.dataSource.query(
        `UPDATE rectification_items i SET status = 'closed', closed_on = '2026-11-19'
          WHERE i.status <> 'closed' AND (i.measure_id = $1 OR i.finding_id IN (SELECT finding_id FROM finding_measures WHERE measure_id = $1))`,
        [m.id],
      );
    }
    const status = async () =>
      (await t.as(office).get(`/api/v1/plans/${plan.id}/reconciliation`).expect(200)).body.feedbackProblems
        .flatMap((p: { measures: M[] }) => p.measures)
        .find((x: M) => x.id === m.id) as M & { signoff: { statement: string } | null };

    const { context, page } = await signIn('office');
    await nav(page, '对账销号');
    await page.locator('#recon-summary').waitFor();
    expect(await page.locator('#recon-summary').innerText()).toContain(`整改措施 ${new Set(measures.map((x) => x.id)).size} 条`);
    const row = page.locator('.measure-table .el-table__body tr', { hasText: new RegExp(`第 ${m.number} 条`) }).first();
    await row.getByRole('button', { name: '对账销号' }).click();
    const dialog = page.locator('.el-dialog', { hasText: `对账销号：第 ${m.number} 条` });
    await dialog.getByRole('button', { name: '确认销号' }).click();
    await dialog.locator('.error', { hasText: '请填写对账销号说明' }).waitFor();
    await dialog.getByLabel('对账销号说明').fill('经对账，该措施各项整改事项均已完成并销号');
    await dialog.getByRole('button', { name: '确认销号' }).click();
    await row.locator('.measure-status', { hasText: '已对账销号' }).waitFor();
    expect(await status()).toMatchObject({ status: 'signed_off', signoff: { statement: '经对账，该措施各项整改事项均已完成并销号' } });
    await expectNoEnumCodes(page);

    await row.getByRole('button', { name: '撤销销号' }).click();
    const undo = page.locator('.el-dialog', { hasText: `撤销对账销号：第 ${m.number} 条` });
    await undo.getByLabel('撤销理由').fill('复核发现佐证材料不全');
    await undo.getByRole('button', { name: '确认撤销' }).click();
    await row.getByRole('button', { name: '对账销号' }).waitFor();
    expect(await status()).toMatchObject({ status: 'awaiting_signoff', signoff: null });

    // 整改情况报告 of the plan, one click from the board.
    isDocx(await download(page, page.getByRole('link', { name: '整改情况报告（Word）' })));

    // 销号申请表 from an item's page.
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/items\?measureId=/);
    await page.locator('#items-table .el-table__body a').first().click();
    await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    isDocx(await download(page, page.locator('#closure-form')));
    await expectNoEnumCodes(page);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('office: registers a clue and its disposition, an 约谈; schedules a 回头看 and records its result', async () => {
    const [round] = (await t.as(office).get('/api/v1/inspections?kind=internal_round').expect(200)).body as { id: string; title: string }[];
    const { context, page } = await signIn('office');

    await nav(page, '问题线索');
    await page.locator('#summary', { hasText: '共 0 条' }).waitFor();
    await page.getByRole('button', { name: '登记问题线索' }).click();
    const d = '.el-dialog:visible';
    await pick(page, d, '巡察轮次', round.title);
    await pick(page, d, '涉及单位', '市某局（本级）');
    await page.locator(d).getByLabel('线索摘要').fill('某科室违规发放津贴补贴线索');
    await page.locator(`${d} .el-radio`, { hasText: '组织部门' }).click();
    await date(page, d, '移交日期', '2026-11-18');
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    const clueRow = page.locator('#clues-table .el-table__body tr', { hasText: '某科室违规发放津贴补贴线索' });
    await clueRow.waitFor();
    expect(await clueRow.innerText()).toContain('待反馈');
    expect(await clueRow.innerText()).toContain(round.title);
    await clueRow.getByRole('button', { name: '登记处置结果' }).click();
    await page.locator(d).getByLabel('处置结果').fill('已立案审查');
    await date(page, d, '处置日期', '2026-11-19');
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await clueRow.filter({ hasText: '已立案审查' }).waitFor();
    const clues = (await t.as(office).get('/api/v1/clues').expect(200)).body;
    expect(clues.data).toEqual([
      expect.objectContaining({
        summary: '某科室违规发放津贴补贴线索',
        transferredTo: '组织部门',
        transferredOn: '2026-11-18',
        outcome: '已立案审查',
        outcomeOn: '2026-11-19',
      }),
    ]);
    await expectNoEnumCodes(page);

    await nav(page, '约谈记录');
    await page.getByRole('button', { name: '登记约谈' }).click();
    const [unit] = await t.dataSource.query<{ id: string; name: string }[]>(`SELECT id, name FROM units WHERE code = 'U01'`);
    await pick(page, d, '被约谈单位', unit.name);
    await date(page, d, '约谈日期', '2026-11-20');
    await page.locator(d).getByLabel('约谈人').fill('巡察办 王主任');
    await page.locator(d).getByLabel('约谈情况').fill('整改进度滞后，约谈单位主要负责人');
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await page.locator('#interviews-table .el-table__body tr', { hasText: '整改进度滞后' }).waitFor();
    const interviews = (await t.as(leader).get(`/api/v1/interviews?unitId=${unit.id}`).expect(200)).body;
    expect(interviews.data).toEqual([expect.objectContaining({ unitId: unit.id, date: '2026-11-20', interviewer: '巡察办 王主任' })]);
    await expectNoEnumCodes(page);

    await nav(page, '回头看');
    await page.locator('#summary', { hasText: '共 0 项' }).waitFor();
    await page.getByRole('button', { name: '安排回头看' }).click();
    await pick(page, d, '巡察轮次', round.title);
    await date(page, d, '回头看日期', '2026-12-20');
    await page.locator(d).getByRole('button', { name: '安排' }).click();
    const closed = (await t.as(office).get(`/api/v1/items?status=closed&inspectionId=${round.id}&pageSize=1`).expect(200)).body
      .total as number;
    expect(closed).toBeGreaterThan(0);
    await page.locator('#summary', { hasText: `共 ${closed} 项` }).waitFor();
    const first = page.locator('#rechecks-table .el-table__body tr').first();
    const title = (await first.getByRole('link').innerText()).trim();
    await first.getByRole('button', { name: '登记结果' }).click();
    await page.locator(`${d} .el-radio`, { hasText: '问题反弹' }).click();
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await page.locator(d).locator('.error', { hasText: '问题反弹须写明情况' }).waitFor();
    await page.locator(d).getByLabel('情况说明').fill('回访发现问题复现');
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await page.locator('#rechecks-table .el-table__body tr', { hasText: title }).filter({ hasText: '问题反弹' }).first().waitFor();
    await page.locator('#rebounds', { hasText: '已回头看 1 项，问题反弹 1 项，反弹率 100.0%' }).waitFor();
    const rebound = (await t.as(office).get('/api/v1/rechecks?status=rebound').expect(200)).body.data;
    expect(rebound).toHaveLength(1);
    // The item is open again (问题反弹).
    expect((await t.as(office).get(`/api/v1/items/${rebound[0].itemId}`).expect(200)).body.status).toBe('in_progress');
    await expectNoEnumCodes(page);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("office: 导出台账 exports the ledger with the list's current filters; 督办单 and 通报 as Word", async () => {
    const { context, page } = await signIn('office');
    await nav(page, '整改事项');
    await page.locator('.filters .el-form-item', { hasText: '是否逾期' }).locator('.el-select').click();
    await page.getByRole('option', { name: '已逾期', exact: true }).click();
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/overdue=true/);
    const [unit] = await t.dataSource.query<{ id: string; name: string }[]>(
      `SELECT u.id, u.name FROM units u JOIN rectification_items i ON i.responsible_unit_id = u.id
        WHERE i.status IN ('pending', 'in_progress') AND i.deadline < '2026-11-20' GROUP BY u.id, u.name ORDER BY count(*) DESC, u.name LIMIT 1`,
    );
    await page.locator('.filters .el-form-item', { hasText: '责任单位' }).locator('.el-select').click();
    await page.getByRole('option', { name: unit.name, exact: true }).click();
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(new RegExp(`unitId=${unit.id}`));
    const api = (await t.as(office).get(`/api/v1/items?overdue=true&unitId=${unit.id}&pageSize=200`).expect(200)).body;
    await page.locator('#summary', { hasText: `共 ${api.total} 项` }).waitFor();
    const file = await download(page, page.locator('#ledger-export'));
    expect(file.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('整改台账')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    const idCol = headers.indexOf('事项编号') + 1;
    const ids = Array.from({ length: ws.actualRowCount - 1 }, (_, i) => ws.getRow(i + 2).getCell(idCol).text);
    expect(ids.sort()).toEqual(api.data.map((i: { id: string }) => i.id).sort());
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan((await t.as(office).get('/api/v1/items?pageSize=1').expect(200)).body.total);

    // 督办单 (one issued by hand here) as Word from the chase board.
    await t
      .as(office)
      .post(`/api/v1/items/${api.data[0].id}/chase`)
      .send({ kind: 'supervise', note: '请抓紧整改' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    await nav(page, '逾期督办');
    const notice = page.locator('#notices a.notice-docx').first();
    await notice.waitFor();
    isDocx(await download(page, notice));

    // 整改进展通报 as Word.
    await nav(page, '通报');
    isDocx(await download(page, page.locator('#bulletin-now')));
    await expectNoEnumCodes(page);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("leadership: picks the round, clicks a unit's bar (also a 0 % unit), the on-time tile and a month: exactly those items", async () => {
    const [round] = (await t.as(leader).get('/api/v1/inspections?kind=internal_round').expect(200)).body as { id: string; title: string }[];
    const units = (await t.as(leader).get(`/api/v1/reports/closure?groupBy=unit&inspectionId=${round.id}`).expect(200)).body as {
      key: string;
      label: string;
      total: number;
      closed: number;
    }[];
    const { context, page } = await signIn('leader');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.locator('#dashboard[data-loaded="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('.el-select', { has: page.locator('#round-select') }).click();
    await page.getByRole('option', { name: round.title, exact: true }).click();
    await page.waitForURL(new RegExp(`inspectionId=${round.id}`));
    await page.locator('#as-of', { hasText: round.title }).waitFor();
    await page.locator('#dashboard[data-loaded="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    const overview = (await t.as(leader).get(`/api/v1/reports/overview?inspectionId=${round.id}`).expect(200)).body;
    await page.locator('#tile-total .tile-value', { hasText: new RegExp(`^${overview.total}$`) }).waitFor();
    expect(await page.locator('#as-of').innerText()).toContain(`数据截至 ${overview.asOf}`);
    await expectNoEnumCodes(page);

    const count = async (q: string) => (await t.as(leader).get(`/api/v1/items?${q}&pageSize=1`).expect(200)).body.total as number;
    const landsOn = async (u: (typeof units)[number]) => {
      await page.locator('#chart-closure').scrollIntoViewIfNeeded();
      const at = await page.evaluate<{ x: number; y: number; idx: number }>(barAt(u.label));
      expect(at.idx).toBeGreaterThanOrEqual(0);
      await page.mouse.click(at.x, at.y);
      await page.waitForURL((url) => url.pathname === '/items' && url.searchParams.get('responsibleUnitId') === u.key);
      const q = new URL(page.url()).searchParams;
      expect(Object.fromEntries(q)).toEqual({ inspectionId: round.id, responsibleUnitId: u.key, status: COUNTED });
      expect(await count(`responsibleUnitId=${u.key}&inspectionId=${round.id}&status=${COUNTED}`)).toBe(u.total);
      await page.locator('#summary', { hasText: `共 ${u.total} 项` }).waitFor();
      const rows = page.locator('#items-table .el-table__body tr');
      expect(await rows.count()).toBe(Math.min(u.total, 20));
      for (const text of await rows.allInnerTexts()) expect(text).toContain(u.label);
      await expectNoEnumCodes(page);
      await page.goBack();
      await page.locator('#dashboard[data-loaded="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    };
    const some = units.find((u) => u.closed > 0)!;
    const zero = units.find((u) => u.closed === 0);
    expect(zero).toBeDefined();
    await landsOn(some);
    await landsOn(zero!);

    // The on-time tile: the items closed by their original deadline in the round.
    await page.locator('#tile-on-time').click();
    await page.waitForURL(/onTime=true/);
    await page.locator('#summary', { hasText: `共 ${overview.closedOnTime} 项` }).waitFor();
    await page.goBack();
    await page.locator('#dashboard[data-loaded="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    // A month of the deadline distribution.
    const months = (await t.as(leader).get(`/api/v1/reports/closure?groupBy=month&inspectionId=${round.id}`).expect(200)).body as {
      key: string;
      label: string;
      total: number;
    }[];
    const month = months.find((x) => x.total > 0)!;
    await page.locator('#month-links a', { hasText: `${month.label}：${month.total} 项` }).click();
    await page.waitForURL(new RegExp(`from=${month.key}-01`));
    await page.locator('#summary', { hasText: `共 ${month.total} 项` }).waitFor();
    await context.close();
    expect(problems).toEqual([]);
  });
});
