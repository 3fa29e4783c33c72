import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedOrg, type Org } from './support/org.js';
import { expectNoEnumCodes, launchChromium, watchProblems, signInAs } from './support/pages.js';
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
  /** A date typed into the picker of the form item labelled `field` inside `scope`. */
  async function dateIn(page: Page, scope: string, field: string, value: string): Promise<void> {
    const input = page.locator(`${scope} .el-form-item`, { hasText: field }).locator('input').first();
    await input.fill(value);
    await input.press('Enter');
  }
  const signIn = (username: string, password: string, expected = new Set<string>()) =>
    signInAs(browser, base, username, password, { problems, expected });
  const planId = async () =>
    (await t.dataSource.query(`SELECT id FROM rectification_plans WHERE title = '页面整改落实方案'`))[0].id as string;
  const roundId = async () => (await t.dataSource.query(`SELECT id FROM inspections WHERE title = '页面第一轮巡察'`))[0].id as string;

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

  it('office: edits a measure’s 牵头单位, 配合单位, 责任领导 and 完成时限 on the 对账 board; the table and the API show them', async () => {
    const { context, page } = await signIn('office1', org.users.office.password);
    await nav(page, '对账销号');
    await page.locator('#recon-summary', { hasText: '整改措施 53 条' }).waitFor();
    const row = page.locator('.measure-table .el-table__body tr', { hasText: /第 2 条/ }).first();
    expect(await row.locator('.measure-setup').innerText()).toContain('完成时限：2019-09-30（方案原文：2019年9月底前）');
    await row.getByRole('button', { name: '编辑' }).click();
    const d = '.el-dialog:visible';
    await page.locator(d, { hasText: '编辑整改措施：第 2 条' }).waitFor();
    // Nothing changed: said so, nothing sent.
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await page.locator(`${d} .error`, { hasText: '没有修改任何内容' }).waitFor();
    // Both selects list every unit: take the option from the open one's list.
    for (const [field, unit] of [
      ['牵头单位', '甲单位'],
      ['配合单位', '乙单位'],
    ]) {
      const select = page.locator(`${d} .el-form-item`, { hasText: field }).locator('.el-select').first();
      await select.click();
      await page.getByRole('listbox', { name: field }).getByRole('option', { name: unit, exact: true }).click();
      // The choice shows in its select before the next list opens (the first list's fading popper lies over the second select).
      await page.locator(`${d} .el-form-item`, { hasText: field }).locator('.el-select', { hasText: unit }).waitFor();
      if (field === '牵头单位') await page.getByRole('listbox', { name: field }).waitFor({ state: 'hidden' });
    }
    await page.keyboard.press('Escape');
    await page.getByRole('listbox', { name: '配合单位' }).waitFor({ state: 'hidden' });
    await page.locator(d).getByLabel('责任领导').fill('党组成员、副局长');
    // The dialog says a new date replaces the plan's wording.
    expect(await page.locator(`${d} .el-form-item`, { hasText: '完成时限' }).innerText()).toContain('不再显示方案原文“2019年9月底前”');
    await dateIn(page, d, '完成时限', '2026-09-30');
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await row.locator('.measure-setup', { hasText: '牵头单位：甲单位' }).waitFor();
    const setup = await row.locator('.measure-setup').innerText();
    expect(setup).toContain('配合单位：乙单位');
    expect(setup).toContain('责任领导：党组成员、副局长');
    // The new date replaces the plan's wording (kept in the audit entry).
    expect(setup).toContain('完成时限：2026-09-30');
    expect(setup).not.toContain('2019年9月底前');
    const measures = (
      await t
        .as(org.users.office.token)
        .get(`/api/v1/plans/${await planId()}/measures`)
        .expect(200)
    ).body as {
      number: number;
      leadUnitId: string | null;
      cooperatingUnits: { id: string }[];
      responsibleLeader: string | null;
      deadline: string | null;
      deadlineText: string | null;
    }[];
    expect(measures.find((m) => m.number === 2)).toMatchObject({
      leadUnitId: org.units.a,
      cooperatingUnits: [{ id: org.units.b }],
      responsibleLeader: '党组成员、副局长',
      deadline: '2026-09-30',
      deadlineText: null,
    });

    // Taking the lead unit away again is one click on the select's clear button.
    await row.getByRole('button', { name: '编辑' }).click();
    await page.locator(`${d} .el-form-item`, { hasText: '牵头单位' }).locator('.el-select').hover();
    await page.locator(`${d} .el-form-item`, { hasText: '牵头单位' }).locator('.el-select__clear').click();
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await row.locator('.measure-setup', { hasText: '牵头单位：办公室' }).waitFor();
    await expectNoEnumCodes(page);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('office: records a unit’s feedback date on the round; it is listed with the deadlines it starts, a second date for the unit is refused in Chinese, a wrong date is corrected with a reason', async () => {
    const id = await roundId();
    const { context, page } = await signIn('office1', org.users.office.password, new Set([`/api/v1/inspections/${id}/feedbacks`]));
    await nav(page, '巡视巡察');
    await page.getByRole('link', { name: '页面第一轮巡察' }).click();
    await page.waitForURL(`**/office/inspections/${id}`);
    const table = page.locator('#feedbacks-table');
    await table.locator('.el-table__empty-text', { hasText: '尚未登记反馈日期' }).waitFor();
    const f = '#feedback-form';
    await pick(page, f, '反馈的巡察组', '页面第一巡察组');
    // Only the units the group inspects are offered.
    await page.locator(`${f} .el-form-item`, { hasText: '被反馈单位' }).locator('.el-select').click();
    expect(await page.getByRole('option', { name: '乙单位', exact: true }).count()).toBe(0);
    await page.getByRole('option', { name: '甲单位', exact: true }).click();
    await dateIn(page, f, '反馈日期', '2026-06-20');
    await page.getByRole('button', { name: '登记反馈日期' }).click();
    const row = table.locator('.el-table__body tr', { hasText: '甲单位' });
    await row.waitFor();
    const [listed] = (await t.as(org.users.office.token).get(`/api/v1/inspections/${id}/feedbacks`).expect(200)).body.data as {
      unitId: string;
      feedbackDate: string;
      planDueDate: string;
      reportDueDate: string;
    }[];
    expect(listed).toMatchObject({ unitId: org.units.a, feedbackDate: '2026-06-20' });
    const text = await row.innerText();
    for (const part of ['页面第一巡察组', '2026-06-20', listed.planDueDate, listed.reportDueDate, '未报送']) expect(text).toContain(part);

    // The same unit again: the server's 409 in Chinese, nothing else written.
    await pick(page, f, '被反馈单位', '甲单位（已登记）');
    await dateIn(page, f, '反馈日期', '2026-06-25');
    await page.getByRole('button', { name: '登记反馈日期' }).click();
    await page.locator('.error', { hasText: '该单位本轮的反馈日期已登记' }).waitFor();
    const rows: { feedback_date: string }[] = await t.dataSource.query(
      `SELECT to_char(feedback_date, 'YYYY-MM-DD') AS feedback_date FROM unit_feedbacks WHERE inspection_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ feedback_date: '2026-06-20' }]);

    // A date typed wrong is corrected with a reason: the row shows the new date and deadlines.
    await row.getByRole('button', { name: '更正甲单位的反馈日期' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '更正反馈日期' });
    await dialog.locator('#fix-date').fill('2026-06-22');
    await dialog.locator('#fix-date').press('Enter');
    await dialog.locator('#fix-reason').fill('反馈会改期至6月22日');
    await dialog.getByRole('button', { name: '更正', exact: true }).click();
    await row.filter({ hasText: '2026-06-22' }).waitFor();
    const [fixed] = (await t.as(org.users.office.token).get(`/api/v1/inspections/${id}/feedbacks`).expect(200)).body
      .data as (typeof listed)[];
    expect(fixed).toMatchObject({ feedbackDate: '2026-06-22', planDueDate: '2026-07-22' });
    expect(await row.innerText()).toContain('2026-07-22');
    await expectNoEnumCodes(page);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('an inspector’s referred clues appear in the office’s list; registering one from there creates a clue with its finding, and the row reads 已登记; leadership only reads', async () => {
    const id = await roundId();
    const measures = (
      await t
        .as(org.users.office.token)
        .get(`/api/v1/plans/${await planId()}/measures`)
        .expect(200)
    ).body as {
      id: string;
    }[];
    const inspector = t.as(org.users.inspector.token);
    const refer = async (description: string, note: string) => {
      const finding = await inspector
        .post('/api/v1/findings')
        .send({ inspectionId: id, unitId: org.units.a, category: '中央八项规定精神', description, measureIds: [measures[0].id] });
      expect(finding.status).toBe(201);
      expect((await inspector.post(`/api/v1/findings/${finding.body.id}/clue-referral`).send({ note })).status).toBe(201);
      return finding.body.id as string;
    };
    const findingId = await refer('工程项目招标存在围标串标迹象', '反映负责人插手工程项目，建议移交纪检监察机关');
    await refer('公务接待超标准', '建议移交处置');

    const { context, page } = await signIn('office1', org.users.office.password);
    await nav(page, '问题线索');
    const referred = page.locator('#referred-table .el-table__body tr', { hasText: '工程项目招标存在围标串标迹象' });
    await referred.waitFor();
    const text = await referred.innerText();
    for (const part of ['甲单位', '页面第一巡察组', '反映负责人插手工程项目，建议移交纪检监察机关', 'inspector1'])
      expect(text).toContain(part);
    await referred.getByRole('button', { name: '登记' }).click();
    const d = '.el-dialog:visible';
    await page.locator(d, { hasText: '来自巡察组移交' }).waitFor();
    expect(await page.locator(d).getByLabel('线索摘要').inputValue()).toContain('工程项目招标存在围标串标迹象');
    await dateIn(page, d, '移交日期', '2026-07-01');
    await page.locator(d).getByRole('button', { name: '保存' }).click();
    await referred.locator('.el-tag', { hasText: '已登记' }).waitFor();
    expect(await referred.getByRole('button', { name: '登记' }).count()).toBe(0);
    await page.locator('#clues-table .el-table__body tr', { hasText: '工程项目招标存在围标串标迹象' }).waitFor();
    const clues = (await t.as(org.users.office.token).get('/api/v1/clues').expect(200)).body.data;
    expect(clues).toEqual([
      expect.objectContaining({ inspectionId: id, unitId: org.units.a, findingId, transferredTo: '纪检监察', transferredOn: '2026-07-01' }),
    ]);
    await expectNoEnumCodes(page);
    await context.close();

    const lead = await signIn('leader1', org.users.leadership.password);
    // Straight to the page: a menu click right after sign-in can lose to the dashboard's own router.replace (see STATUS).
    await lead.page.goto(`${base}/office/clues`);
    const rows = lead.page.locator('#referred-table .el-table__body tr');
    await rows.filter({ hasText: '已登记' }).filter({ hasText: '工程项目招标存在围标串标迹象' }).waitFor();
    await rows.filter({ hasText: '待登记' }).filter({ hasText: '公务接待超标准' }).waitFor();
    expect(await lead.page.locator('#referred-table').getByRole('button').count()).toBe(0);
    expect(await lead.page.getByRole('button', { name: '登记问题线索' }).count()).toBe(0);
    await expectNoEnumCodes(lead.page);
    await lead.context.close();
    expect(problems).toEqual([]);
  });
});
