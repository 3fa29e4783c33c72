import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedOrg, type Org } from './support/org.js';
import { expectNoEnumCodes, launchChromium, signInAs } from './support/pages.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 14: the inspection group and the unit manager do their work through the pages only — a
 * finding recorded by the group; the unit's 整改方案 drafted, submitted, returned with a reason,
 * resubmitted and approved by the office; an owner assigned; a 督办单 answered (the 督办单 itself is
 * issued through the API: the office's page offers 督办 for overdue items only).
 */
describe('inspection group and unit manager pages in Chromium', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  let base: string;
  let browser: Browser;
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  const FINDING = '页面登记：公务用车管理台账缺失，存在公车私用';
  const TASK = '建立公务用车使用登记台账';

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-06-15T02:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    // The inspector leads the first group, which inspects unit A (甲单位); B is another group's.
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []], [org.users.inspector.id]);
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function signIn(username: string, password: string, home: string): Promise<Page> {
    const { context, page } = await signInAs(browser, base, username, password, { problems, home });
    contexts.push(context);
    return page;
  }
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true }).click();
  async function pick(page: Page, scope: string, field: string, option: string): Promise<void> {
    await page.locator(`${scope} .el-form-item`, { hasText: field }).locator('.el-select').first().click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }
  const db = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];

  it('inspector: records a finding at a unit its group inspects (category, a measure, description) and sees it listed', async () => {
    const page = await signIn('inspector1', org.users.inspector.password, '/group/findings');
    // Only the units its groups inspect are offered: 甲单位, chosen already as the only one.
    const unitField = page.locator('#finding-form .el-form-item', { hasText: '被巡察单位' });
    await unitField.filter({ hasText: '甲单位' }).waitFor();
    await unitField.locator('.el-select').click();
    await page.getByRole('option').first().waitFor();
    const offered = await page.getByRole('option').allInnerTexts();
    expect(offered).toEqual(['甲单位']);
    await page.keyboard.press('Escape');
    const categories = (await t.as(org.users.inspector.token).get('/api/v1/finding-categories').expect(200)).body as {
      name: string;
      path: string;
    }[];
    const category = categories.find((c) => c.name === '中央八项规定精神')!;
    await pick(page, '#finding-form', '问题类别', category.path);
    const measure = (await t.as(org.users.office.token).get(`/api/v1/plans/${plan.planId}/measures`).expect(200)).body.find(
      (m: { number: number }) => m.number === 46,
    );
    await pick(page, '#finding-form', '对应整改措施', `第 46 条 ${measure.content}`);
    await page.keyboard.press('Escape');
    await page.getByLabel('问题描述').fill(FINDING);
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.locator('#findings-table .el-table__body tr', { hasText: FINDING }).waitFor();
    expect(await page.locator('#findings-table .el-table__body tr', { hasText: FINDING }).innerText()).toContain('第 46 条');
    const finding = await db(
      `SELECT f.unit_id, f.group_id, f.category, f.created_by_id, array(SELECT measure_id::text FROM finding_measures WHERE finding_id = f.id) AS measures
         FROM findings f WHERE f.description = $1`,
      [FINDING],
    );
    expect(finding).toEqual({
      unit_id: org.units.a,
      group_id: round.groupIds[0],
      category: '中央八项规定精神',
      created_by_id: org.users.inspector.id,
      measures: [measure.id],
    });
    // 问题线索移交: the group marks a clue on its own finding with a note; the row then shows it referred.
    const row = page.locator('#findings-table .el-table__body tr', { hasText: FINDING });
    await row.getByRole('button', { name: '移交线索' }).click();
    await page.locator('#clue-note').fill('涉嫌违规发放津补贴，建议移交');
    await page.getByRole('button', { name: '确认移交' }).click();
    await row.getByText('已移交线索').waitFor();
    expect(await row.getByRole('button', { name: '移交线索' }).count()).toBe(0);
    const referred = await db(`SELECT clue_referral_note, clue_referred_by_id FROM findings WHERE description = $1`, [FINDING]);
    expect(referred).toEqual({ clue_referral_note: '涉嫌违规发放津补贴，建议移交', clue_referred_by_id: org.users.inspector.id });
    await expectNoEnumCodes(page);
    expect(problems).toEqual([]);
  });

  it('unit manager drafts and submits the 整改方案; the office returns it with a reason; the manager sees it, resubmits; the office approves', async () => {
    const manager = await signIn('managerA', org.users.managerA.password, '/items');
    await nav(manager, '整改方案');
    await manager.getByRole('button', { name: '新建整改方案' }).click();
    await manager.locator('#plan-create').getByRole('button', { name: '新建' }).click();
    await manager.waitForURL(/\/unit-plans\/[0-9a-f-]{36}$/);
    const planId = manager.url().split('/').pop()!;
    await manager.locator('#problems-table', { hasText: FINDING }).waitFor();

    // One task under the problem (no owner yet: assigned afterwards).
    await manager.getByRole('button', { name: '为第 1 个问题添加整改事项' }).click();
    const form = manager.locator('#draft-item-form');
    await form.getByLabel('整改事项', { exact: true }).fill(TASK);
    await form.getByLabel('整改措施').fill('清查车辆，建立台账，每月公示');
    await form.getByLabel('责任领导').fill('分管副局长');
    const deadline = form.getByLabel('整改时限');
    await deadline.fill('2026-09-30');
    await deadline.press('Enter');
    await form.getByRole('button', { name: '保存' }).click();
    await manager.locator('#tasks-table .el-table__body tr', { hasText: TASK }).waitFor();
    await expectNoEnumCodes(manager);
    await manager.getByRole('button', { name: '报送整改方案' }).click();
    await manager.locator('.tag-unitPlanStatus-submitted').waitFor();
    expect((await db(`SELECT status FROM unit_plans WHERE id = $1`, [planId])).status).toBe('submitted');

    // The office returns it: a reason is required.
    const office = await signIn('office1', org.users.office.password, '/office/overdue');
    await nav(office, '整改方案');
    await office.locator('#plans-table .el-table__body tr', { hasText: '甲单位' }).getByRole('link', { name: '审核', exact: true }).click();
    await office.waitForURL(`**/unit-plans/${planId}`);
    await office.getByRole('button', { name: '退回' }).click();
    await office.getByRole('alert').filter({ hasText: '退回必须填写意见' }).waitFor();
    const reason = '任务清单中整改措施不够具体，请细化到每月公示的责任人';
    await office.getByLabel('审核意见（退回时必填）').fill(reason);
    await office.getByRole('button', { name: '退回' }).click();
    await office.locator('.tag-unitPlanStatus-draft').waitFor();
    await expectNoEnumCodes(office);

    // The manager sees the reason, edits the task and resubmits.
    await manager.reload();
    await manager.locator('#return-reason', { hasText: reason }).waitFor();
    // A slow unit list (a loaded server): what the manager types while the dialog still loads must
    // not be overwritten by the item when it arrives (the form stays disabled until then).
    await manager.route('**/api/v1/units', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await manager.getByRole('button', { name: `修改：${TASK}` }).click();
    await form.getByLabel('整改措施').fill('清查车辆，建立台账，每月由办公室主任公示');
    await form.getByRole('button', { name: '保存' }).click();
    await manager.locator('#tasks-table .el-table__body tr', { hasText: '每月由办公室主任公示' }).waitFor();
    await manager.unroute('**/api/v1/units');
    await manager.getByRole('button', { name: '报送整改方案' }).click();
    await manager.locator('.tag-unitPlanStatus-submitted').waitFor();
    await expectNoEnumCodes(manager);

    // The office approves: the draft becomes a pending item.
    await office.reload();
    await office.getByRole('button', { name: '审定通过' }).click();
    await office.locator('.tag-unitPlanStatus-approved').waitFor();
    expect(await db(`SELECT status, actions FROM rectification_items WHERE title = $1`, [TASK])).toEqual({
      status: 'pending',
      actions: '清查车辆，建立台账，每月由办公室主任公示',
    });
    await expectNoEnumCodes(office);
    expect(problems).toEqual([]);
  });

  it('unit manager assigns the owner, then answers the 督办单 the office issued; the office reads the reply', async () => {
    const item = await db(`SELECT id FROM rectification_items WHERE title = $1`, [TASK]);
    const manager = await signIn('managerA', org.users.managerA.password, '/items');
    await nav(manager, '指派责任人');
    const row = manager.locator('#owners-table .el-table__body tr', { hasText: TASK });
    await row.locator('.el-select').click();
    await manager.getByRole('option', { name: 'staffA', exact: true }).click();
    await row.getByRole('button', { name: `指派：${TASK}` }).click();
    await manager.getByText('已指派 staffA 为责任人').waitFor();
    expect((await db(`SELECT owner_id FROM rectification_items WHERE id = $1`, [item.id])).owner_id).toBe(org.users.staffA.id);
    await expectNoEnumCodes(manager);

    const issued = await t
      .as(org.users.office.token)
      .post(`/api/v1/items/${item.id}/chase`)
      .send({ kind: 'supervise', note: '请加快整改' });
    expect(issued.status).toBe(201);
    await nav(manager, '督办单');
    const noticeRow = manager.locator('#notices-table .el-table__body tr', { hasText: TASK });
    await noticeRow.waitFor();
    expect(await noticeRow.innerText()).toContain('待回复');
    const word = await manager.request.get(`${base}${await noticeRow.getByRole('link', { name: /Word/ }).getAttribute('href')}`);
    expect(word.status()).toBe(200);
    expect(word.headers()['content-type']).toContain('wordprocessingml');
    await noticeRow.getByRole('button', { name: /^回复督办单/ }).click();
    const reply = '已建立公务用车使用登记台账，9月底前完成全部车辆清查';
    await manager.getByLabel('回复内容').fill(reply);
    await manager.getByRole('button', { name: '提交回复' }).click();
    await noticeRow.filter({ hasText: '已回复' }).waitFor();
    expect((await db(`SELECT reply_text FROM supervision_notices WHERE item_id = $1`, [item.id])).reply_text).toBe(reply);
    await expectNoEnumCodes(manager);

    const office = await signIn('office1', org.users.office.password, '/office/overdue');
    await nav(office, '督办单');
    await office.locator('#notices-table .el-table__body tr', { hasText: reply }).waitFor();
    expect(await office.getByRole('button', { name: /^回复督办单/ }).count()).toBe(0);
    await expectNoEnumCodes(office);
    expect(problems).toEqual([]);
  });
  it('unit manager answers a 自查自纠 and hands in the 整改情况报告 with an attachment; the office returns it with a reason the manager then reads', async () => {
    // A problem found at unit B, sent to unit A to check itself for (举一反三).
    const office = t.as(org.users.office.token);
    const found = await office.post('/api/v1/findings').send({
      inspectionId: round.roundId,
      unitId: org.units.b,
      groupId: round.groupIds[1],
      category: '中央八项规定精神',
      description: '乙单位：违规发放津贴补贴',
      measureIds: [],
    });
    expect(found.status).toBe(201);
    const common = await office
      .post(`/api/v1/findings/${found.body.id}/common`)
      .send({ scope: 'units', unitIds: [org.units.a], dueDate: '2026-07-31', instructions: '对照检查津贴补贴发放情况' });
    expect(common.status).toBe(201);

    const manager = await signIn('managerA', org.users.managerA.password, '/items');
    await nav(manager, '自查自纠');
    const check = manager.locator('#self-checks-table .el-table__body tr', { hasText: '对照检查津贴补贴发放情况' });
    await check.getByRole('button', { name: /^答复/ }).click();
    const statement = '经逐月核对，本单位未发现违规发放津贴补贴问题';
    await manager.getByLabel('自查情况说明').fill(statement);
    await manager.getByRole('button', { name: '提交答复' }).click();
    await manager.getByText('自查自纠已答复').waitFor();
    expect(await db(`SELECT found, statement FROM self_checks WHERE unit_id = $1`, [org.units.a])).toEqual({ found: false, statement });
    await expectNoEnumCodes(manager);

    await nav(manager, '整改情况报告');
    await manager.getByRole('button', { name: '撰写整改情况报告' }).click();
    const report = manager.locator('#report-form');
    await report.getByLabel('报告正文').fill('一、整改工作开展情况\n本单位对照巡察反馈问题逐项整改……');
    await report.getByLabel(/附件/).setInputFiles({
      name: '整改情况报告附件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
    });
    await report.getByRole('button', { name: '报送' }).click();
    await manager.waitForURL(/\/unit-reports\/[0-9a-f-]{36}$/);
    await manager.locator('#report-files-list', { hasText: '整改情况报告附件.pdf' }).waitFor();
    const reportId = manager.url().split('/').pop()!;
    await expectNoEnumCodes(manager);

    const officePage = await signIn('office1', org.users.office.password, '/office/overdue');
    await nav(officePage, '整改情况报告');
    await officePage
      .locator('#reports-table .el-table__body tr', { hasText: '甲单位' })
      .getByRole('link', { name: '审核', exact: true })
      .click();
    await officePage.waitForURL(`**/unit-reports/${reportId}`);
    const why = '未逐项说明整改措施落实情况，请补充后重新报送';
    await officePage.getByLabel('审核意见（退回时必填）').fill(why);
    await officePage.getByRole('button', { name: '退回' }).click();
    await officePage.locator('#report-decision', { hasText: why }).waitFor();
    expect((await db(`SELECT status FROM unit_reports WHERE id = $1`, [reportId])).status).toBe('returned');

    await manager.reload();
    await manager.locator('#report-decision', { hasText: why }).waitFor();
    await expectNoEnumCodes(manager);
    expect(problems).toEqual([]);
  });
});
