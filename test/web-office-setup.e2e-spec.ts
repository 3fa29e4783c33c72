import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedOrg, type Org } from './support/org.js';
import { expectNoEnumCodes, launchChromium, watchProblems } from './support/pages.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Issue 14: the office sets up a round from an imported plan through the pages only. */
describe('office set-up pages in Chromium', () => {
  let t: TestApp;
  let org: Org;
  let base: string;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name }).click();
  async function date(page: Page, label: string, value: string): Promise<void> {
    const input = page.getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Enter');
  }
  async function pick(page: Page, scope: string, field: string, option: string): Promise<void> {
    await page.locator(`${scope} .el-form-item`, { hasText: field }).locator('.el-select').first().click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('office: 上级巡视 → 整改方案 → plan import checked then imported → 本级巡察 round → batch → group with leader, members and units', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    watchProblems(page, problems, new Set());
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('office1');
    await page.getByLabel('密码').fill(org.users.office.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/office/overdue');

    // The higher-level inspection and its plan.
    await nav(page, '巡视巡察');
    await page.getByRole('button', { name: '新建巡视巡察' }).click();
    await page.locator('.el-radio', { hasText: '上级巡视' }).click();
    await page.getByLabel('名称', { exact: true }).fill('页面上级巡视');
    await date(page, '开始日期', '2026-03-01');
    await date(page, '结束日期', '2026-04-30');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/office\/inspections\/[0-9a-f-]{36}$/);
    await page.getByLabel('方案名称').fill('页面整改落实方案');
    await page.getByRole('button', { name: '新建整改方案' }).click();
    await page.locator('.timeline', { hasText: '页面整改落实方案' }).waitFor();
    await expectNoEnumCodes(page);

    // Its 53 measures: checked first (nothing written), then imported.
    await nav(page, '导入与台账');
    const card = page.locator('#plan-import');
    await card.locator('.el-select').click();
    await page.getByRole('option', { name: '页面整改落实方案' }).click();
    const csv = readFileSync(join(process.cwd(), 'test', 'fixtures', 'rectification-plan-53.csv'));
    await card.getByLabel('Excel 或 CSV 文件').setInputFiles({ name: '整改方案.csv', mimeType: 'text/csv', buffer: csv });
    await card.getByRole('button', { name: '检查' }).click();
    await card.locator('.import-result', { hasText: '检查通过' }).waitFor();
    expect(await card.locator('.import-result').innerText()).toContain('整改措施 53 条');
    const measures = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM measures m JOIN rectification_plans p ON p.id = m.plan_id WHERE p.title = '页面整改落实方案'`,
        )
      )[0].n;
    expect(await measures()).toBe(0);
    await card.getByRole('button', { name: '导入' }).click();
    await card.locator('.import-result', { hasText: '导入成功' }).waitFor();
    expect(await measures()).toBe(53);

    // The internal round serving that plan, a batch, a group.
    await nav(page, '巡视巡察');
    await page.getByRole('button', { name: '新建巡视巡察' }).click();
    await page.locator('.el-radio', { hasText: '本级巡察' }).click();
    await page.getByLabel('名称', { exact: true }).fill('页面第一轮巡察');
    await date(page, '开始日期', '2026-05-01');
    await date(page, '结束日期', '2026-06-30');
    await pick(page, '.el-dialog', '所落实的整改方案', '页面整改落实方案');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/office\/inspections\/[0-9a-f-]{36}$/);
    await page.getByLabel('批次序号').fill('1');
    await date(page, '批次开始日期', '2026-05-01');
    await date(page, '批次结束日期', '2026-05-31');
    await page.getByRole('button', { name: '添加批次' }).click();
    await page.locator('#batches', { hasText: '第 1 批次' }).waitFor();

    await page.getByRole('button', { name: '新建巡察组' }).click();
    await page.getByLabel('巡察组名称').fill('页面第一巡察组');
    await pick(page, '.el-dialog', '批次', '第 1 批次');
    await pick(page, '.el-dialog', '组长', 'inspector1');
    await page.keyboard.press('Escape');
    await pick(page, '.el-dialog', '被巡察单位', '甲单位');
    await page.keyboard.press('Escape');
    await page.locator('.el-dialog').getByRole('button', { name: '保存' }).click();
    const row = page.locator('#groups-table .el-table__body tr', { hasText: '页面第一巡察组' });
    await row.waitFor();
    expect(await row.innerText()).toContain('甲单位');
    expect(await row.innerText()).toContain('第 1 批次');
    const [group] = await t.dataSource.query(
      `SELECT g.leader_id, i.plan_id, p.title FROM inspection_groups g JOIN inspections i ON i.id = g.inspection_id
         JOIN rectification_plans p ON p.id = i.plan_id WHERE g.name = '页面第一巡察组'`,
    );
    expect(group).toMatchObject({ leader_id: org.users.inspector.id, title: '页面整改落实方案' });
    await expectNoEnumCodes(page);
    await context.close();
    expect(problems).toEqual([]);
  });
});
