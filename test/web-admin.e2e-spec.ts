import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { seedOrg, type Org } from './support/org.js';
import { expectNoEnumCodes, launchChromium, signInAs } from './support/pages.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/** Issue 14: the admin sets up units and users through the pages only. */
describe('admin pages in Chromium', () => {
  let t: TestApp;
  let org: Org;
  let base: string;
  let browser: Browser;
  const problems: string[] = [];
  const expected = new Set<string>();

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

  async function pick(page: Page, field: string, option: string): Promise<void> {
    await page.locator('.el-dialog .el-form-item', { hasText: field }).locator('.el-select').click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('admin: unit tree, a new sub-unit, a new user in it, role change, password reset, deactivation, security events', async () => {
    const { context, page } = await signInAs(browser, base, ADMIN.username, ADMIN.password, { problems, expected, home: '/admin/users' });
    await page.locator('#summary').filter({ hasText: '共' }).waitFor();
    await expectNoEnumCodes(page);

    // A sub-unit under the first unit of the tree.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '单位管理' }).click();
    await page.locator('#unit-tree .el-tree-node').first().waitFor();
    const [parent] = await t.dataSource.query(`SELECT id, name FROM units ORDER BY created_at LIMIT 1`);
    await page.locator('#unit-tree .tree-node', { hasText: parent.name }).first().getByRole('button', { name: '新建下级单位' }).click();
    await page.getByLabel('单位编码').fill('PG01');
    await page.getByLabel('单位名称').fill('页面新建科室');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('#unit-tree').filter({ hasText: '页面新建科室' }).waitFor();
    const [unit] = await t.dataSource.query(`SELECT id, parent_id FROM units WHERE code = 'PG01'`);
    expect(unit.parent_id).toBe(parent.id);
    await expectNoEnumCodes(page);

    // A 责任人 of that unit.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '用户管理' }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    await page.getByLabel('用户名').fill('pagestaff');
    await page.getByLabel('初始密码').fill('Page-Staff-2026!');
    await page.getByLabel('姓名').fill('页面责任人');
    await pick(page, '所属单位', '页面新建科室');
    await page.getByLabel('手机号（可选）').fill('13800000000');
    await page.getByRole('button', { name: '保存' }).click();
    const row = page.locator('#users-table .el-table__body tr', { hasText: 'pagestaff' });
    await row.waitFor();
    expect(await row.innerText()).toContain('责任人');
    // The list answers unitId only (the document says so); the page names the unit from the units list.
    expect(await row.innerText()).toContain('页面新建科室');
    const [created] = await t.dataSource.query(`SELECT id, role, unit_id, phone FROM users WHERE username = 'pagestaff'`);
    expect(created).toMatchObject({ role: 'unit_staff', unit_id: unit.id, phone: '13800000000' });
    await t.login('pagestaff', 'Page-Staff-2026!');

    // Made 单位负责人 of the same unit.
    await row.getByRole('button', { name: '编辑' }).click();
    await pick(page, '角色', '单位负责人');
    await page.getByRole('button', { name: '保存' }).click();
    await row.filter({ hasText: '单位负责人' }).waitFor();
    const [{ role, phone }] = await t.dataSource.query(`SELECT role, phone FROM users WHERE id = $1`, [created.id]);
    expect(role).toBe('unit_manager');
    // Editing the role keeps the phone: the edit form is filled from the user's answer, which carries it.
    expect(phone).toBe('13800000000');

    // Password reset: the next sign-in must change it first.
    await row.getByRole('button', { name: '重置密码' }).click();
    await page.getByLabel('临时密码').fill('Temporary-Reset-2026');
    await page.getByRole('button', { name: '确认重置' }).click();
    await page.locator('.el-message', { hasText: '密码已重置' }).waitFor();
    const [{ must_change_password }] = await t.dataSource.query(`SELECT must_change_password FROM users WHERE id = $1`, [created.id]);
    expect(must_change_password).toBe(true);

    // Deactivated: sign-in refused.
    await row.getByRole('button', { name: '停用' }).click();
    await row.filter({ hasText: '已停用' }).waitFor();
    await t.http().post('/api/v1/auth/login').send({ username: 'pagestaff', password: 'Temporary-Reset-2026' }).expect(401);
    await expectNoEnumCodes(page);

    // A refused request shows up in the security events, in words.
    await t.as(org.users.staffA.token).post('/api/v1/units').send({ code: 'NO1', name: '越权' }).expect(403);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '安全事件' }).click();
    await page.locator('#events-table .el-table__body tr', { hasText: '越权访问被拒绝（403）' }).first().waitFor();
    await expectNoEnumCodes(page);
    await context.close();
    expect(problems).toEqual([]);
  });
});
