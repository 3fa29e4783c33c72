import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { seedItems } from './support/items.js';
import { seedOrg, type Org, type OrgUser } from './support/org.js';
import { expectNoEnumCodes, launchChromium, signInAs } from './support/pages.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 14 journeys through the pages only (set-up data through the API or SQL, the work itself by
 * clicks and keys): the admin reshapes the unit tree; staff report, upload and submit, the office
 * returns it with a reason, staff read the 退回 banner and resubmit, and a second office user
 * approves (four eyes: whoever submitted never approves); keyboard alone reaches every action on
 * each role's home page and works the items filters. No console error, no failed call, no enum code.
 */
describe('issue-14 journeys in Chromium', () => {
  let t: TestApp;
  let org: Org;
  let base: string;
  let browser: Browser;
  let office2: OrgUser;
  const problems: string[] = [];
  /** Paths a test makes answer 4xx on purpose. */
  const expected = new Set<string>();
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    const password = 'office2-pass-123';
    const res = await t
      .as(org.adminToken)
      .post('/api/v1/users')
      .send({ username: 'office2', password, displayName: '办公室二', role: 'office' });
    expect(res.status).toBe(201);
    office2 = { id: res.body.id, username: 'office2', password, token: await t.login('office2', password) };
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(username: string, password: string): Promise<Page> {
    return (await signInAs(browser, base, username, password, { problems, expected })).page;
  }
  const unitOf = async (code: string) =>
    (await t.dataSource.query(`SELECT id, name, parent_id, active FROM units WHERE code = $1`, [code]))[0];
  const itemOf = async (id: string) => (await t.as(org.users.office.token).get(`/api/v1/items/${id}`).expect(200)).body;

  it('admin renames, moves (not under its own subtree) and deactivates then reactivates a unit on the units page', async () => {
    const admin = t.as(org.adminToken);
    const c = (await admin.post('/api/v1/units').send({ code: 'C', name: '丙单位' }).expect(201)).body.id;
    const c1 = (await admin.post('/api/v1/units').send({ code: 'C1', name: '丙单位一科', parentId: c }).expect(201)).body.id;
    await admin.post('/api/v1/units').send({ code: 'C2', name: '丙单位二组', parentId: c1 }).expect(201);

    // The refusal provoked on purpose below (409: a unit with an active sub-unit).
    expected.add('/api/v1/units/');
    const page = await signIn(ADMIN.username, ADMIN.password);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '单位管理' }).click();
    await page.locator('#summary').filter({ hasText: '共 6 个单位' }).waitFor();
    const node = (code: string) => page.locator(`.tree-node[data-unit="${code}"]`);
    // Top-level units cannot move: no 移动 on them.
    expect(await node('C').getByRole('button', { name: '移动' }).count()).toBe(0);

    // Rename.
    await node('C1').getByRole('button', { name: '改名' }).click();
    const dialog = page.locator('#unit-change');
    await dialog.getByLabel('单位名称').fill('丙单位综合科');
    await dialog.getByRole('button', { name: '保存' }).click();
    await node('C1').filter({ hasText: '丙单位综合科' }).waitFor();
    expect((await unitOf('C1')).name).toBe('丙单位综合科');

    // Move: the choices leave out the unit and its sub-units.
    await node('C1').getByRole('button', { name: '移动' }).click();
    await dialog.locator('.el-select').click();
    const options = page.locator('.el-select-dropdown:visible .el-tree-node__content');
    await options.filter({ hasText: '乙单位' }).waitFor();
    const offered = await options.allInnerTexts();
    expect(offered.map((s) => s.trim())).toEqual(expect.arrayContaining(['甲单位', '乙单位', '丙单位']));
    expect(offered.join('|')).not.toMatch(/丙单位综合科|丙单位二组/);
    await options.filter({ hasText: '乙单位' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await page
      .locator('#unit-change')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    for (let i = 0; i < 50 && (await unitOf('C1')).parent_id !== org.units.b; i++) await page.waitForTimeout(100);
    expect((await unitOf('C1')).parent_id).toBe(org.units.b);

    // A unit with an active sub-unit cannot be deactivated: the server's refusal is shown in the dialog.
    const dialogError = dialog.locator('.error');
    await node('C1').getByRole('button', { name: '停用' }).click();
    await dialog.getByRole('button', { name: '确定停用' }).click();
    await dialogError.filter({ hasText: '丙单位二组' }).waitFor();
    expect(await dialogError.innerText()).toContain('还有未停用的下级单位');
    await dialog.getByRole('button', { name: '取消' }).click();
    expect((await unitOf('C1')).active).toBe(true);

    // Deactivate, confirmed; the tree shows it; then reactivate.
    await node('C2').getByRole('button', { name: '停用' }).click();
    await page.getByText('不再接收新的整改事项').waitFor();
    await dialog.getByRole('button', { name: '确定停用' }).click();
    await node('C2').getByText('已停用').waitFor();
    await page.locator('#summary').filter({ hasText: '其中 1 个已停用' }).waitFor();
    expect((await unitOf('C2')).active).toBe(false);
    expect(await node('C2').getByRole('button', { name: '新建下级单位' }).count()).toBe(0);
    await expectNoEnumCodes(page);
    await node('C2').getByRole('button', { name: '启用' }).click();
    await dialog.getByRole('button', { name: '确定启用' }).click();
    await node('C2').getByRole('button', { name: '停用' }).waitFor();
    expect((await unitOf('C2')).active).toBe(true);
    await page.context().close();
    expect(problems).toEqual([]);
    expected.clear();
  });

  it('staff report, upload and submit; office 1 returns it with a reason; staff see the banner and resubmit; office 2 approves (the submitter never can)', async () => {
    const [itemId, officeItem] = await seedItems(t.dataSource, [
      { title: '规范公务用车管理', unitId: org.units.a, deadline: '2026-07-31', ownerId: org.users.staffA.id, status: 'in_progress' },
      { title: '办公室代报的整改事项', unitId: org.units.a, deadline: '2026-08-31', status: 'in_progress' },
    ]);
    // The office itself submits the second item (through the API: set-up for the four-eyes check).
    const o1 = t.as(org.users.office.token);
    await o1.post(`/api/v1/items/${officeItem}/progress`).send({ note: '办公室代为报送进展', percent: 100 }).expect(201);
    await o1
      .post(`/api/v1/items/${officeItem}/evidence`)
      .attach('file', PDF, { filename: '代报佐证.pdf', contentType: 'application/pdf' })
      .expect(201);
    await o1
      .post(`/api/v1/items/${officeItem}/transitions`)
      .send({ action: 'submit', version: (await itemOf(officeItem)).version })
      .expect(200);

    // Staff: progress, evidence, 申请销号.
    let staff = await signIn(org.users.staffA.username, org.users.staffA.password);
    await staff.locator(`#items-table a[href="/items/${itemId}"]`).click();
    await staff.waitForURL(`**/items/${itemId}`);
    await staff.getByLabel('进展情况').fill('已清查全部公务用车，修订管理办法');
    await staff.getByLabel('完成百分比（0–100）').fill('90');
    await staff.getByRole('button', { name: '报送进展' }).click();
    await staff.locator('#progress-list').filter({ hasText: '修订管理办法' }).waitFor();
    await staff.getByLabel(/选择文件/).setInputFiles({ name: '公务用车清查表.pdf', mimeType: 'application/pdf', buffer: PDF });
    await staff.getByRole('button', { name: '上传佐证材料' }).click();
    await staff.locator('#evidence-list').filter({ hasText: '公务用车清查表.pdf' }).waitFor();
    await staff.getByRole('button', { name: '申请销号' }).click();
    await staff.getByLabel(/书面说明（选填）/).waitFor();
    await staff.getByRole('button', { name: '确认申请销号' }).click();
    await staff.locator('#item-badges').filter({ hasText: '待审核' }).waitFor();
    expect((await itemOf(itemId)).status).toBe('submitted');
    await staff.context().close();

    // Office 1: returns it with a reason; on the item it submitted itself, 审核通过 is not offered.
    const reason = '清查表缺少车辆处置记录，请补充后再申请销号';
    let office = await signIn(org.users.office.username, org.users.office.password);
    await office.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '销号审核' }).click();
    const card = (p: Page, id: string) => p.locator(`article.review[data-id="${id}"]`);
    await card(office, itemId).waitFor();
    await card(office, officeItem).waitFor();
    expect(await card(office, officeItem).getByRole('button', { name: '审核通过（销号）' }).count()).toBe(0);
    expect(await card(office, itemId).getByRole('button', { name: '审核通过（销号）' }).count()).toBe(1);
    await card(office, itemId).getByLabel('退回理由（退回时必填）').fill(reason);
    await card(office, itemId).getByRole('button', { name: '退回' }).click();
    await card(office, itemId).waitFor({ state: 'detached' });
    expect((await itemOf(itemId)).status).toBe('in_progress');
    await expectNoEnumCodes(office);
    await office.context().close();

    // Staff: the banner carries the reason; one more report, then resubmit.
    staff = await signIn(org.users.staffA.username, org.users.staffA.password);
    await staff.goto(`${base}/items/${itemId}`);
    await staff.locator('#item-return').filter({ hasText: reason }).waitFor();
    expect(await staff.locator('#item-return').innerText()).toContain('已退回');
    await staff.getByLabel('进展情况').fill('已补充车辆处置记录');
    await staff.getByRole('button', { name: '报送进展' }).click();
    await staff.locator('#progress-list').filter({ hasText: '已补充车辆处置记录' }).waitFor();
    // The file that went with the returned application is on record: no 删除 on it.
    await staff.locator('#evidence-list').filter({ hasText: '公务用车清查表.pdf' }).waitFor();
    expect(await staff.locator('#evidence-list').getByRole('button', { name: '删除' }).count()).toBe(0);
    await staff.getByRole('button', { name: '申请销号' }).click();
    await staff.getByRole('button', { name: '确认申请销号' }).click();
    await staff.locator('#item-badges').filter({ hasText: '待审核' }).waitFor();
    await expectNoEnumCodes(staff);
    // 打印 prints the page; on paper the item shows its record, not the menu, buttons or forms.
    await staff.evaluate(`window.print = () => { window.__printed = true; }`);
    await staff.getByRole('button', { name: '打印' }).click();
    expect(await staff.evaluate<boolean>(`window.__printed === true`)).toBe(true);
    await staff.emulateMedia({ media: 'print' });
    for (const hidden of ['header.top', '.upload-form', '#actions', 'footer.foot'])
      expect([hidden, await staff.locator(hidden).isVisible()]).toEqual([hidden, false]);
    for (const shown of ['#item-title', '#item-return', '#progress-list', '#evidence-list'])
      expect([shown, await staff.locator(shown).isVisible()]).toEqual([shown, true]);
    await staff.context().close();

    // Office 2 approves both: the staff's resubmission and the item office 1 submitted.
    office = await signIn(office2.username, office2.password);
    await office.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '销号审核' }).click();
    for (const id of [itemId, officeItem]) {
      await card(office, id).getByRole('button', { name: '审核通过（销号）' }).click();
      await card(office, id).waitFor({ state: 'detached' });
      expect((await itemOf(id)).status).toBe('closed');
    }
    const approvals: { actor_id: string; entity_id: string }[] = await t.dataSource.query(
      `SELECT actor_id, entity_id FROM audit_entries WHERE action = 'item.approve' AND entity_id = ANY($1::uuid[])`,
      [[itemId, officeItem]],
    );
    expect(approvals.map((a) => a.actor_id)).toEqual([office2.id, office2.id]);
    await office.context().close();
    expect(problems).toEqual([]);
  });

  it('staff delete an upload before submitting (confirmed), are told a 书面说明 is needed without evidence, then submit with one', async () => {
    const [itemId] = await seedItems(t.dataSource, [
      { title: '清理违规发放津补贴', unitId: org.units.a, deadline: '2026-07-31', ownerId: org.users.staffA.id, status: 'in_progress' },
    ]);
    await t.as(org.users.staffA.token).post(`/api/v1/items/${itemId}/progress`).send({ note: '已清退全部违规津补贴' }).expect(201);
    expected.add(`/api/v1/items/${itemId}/transitions`);
    const staff = await signIn(org.users.staffA.username, org.users.staffA.password);
    await staff.goto(`${base}/items/${itemId}`);
    await staff.getByLabel(/选择文件/).setInputFiles({ name: '误传的文件.pdf', mimeType: 'application/pdf', buffer: PDF });
    await staff.getByRole('button', { name: '上传佐证材料' }).click();
    const row = staff.locator('#evidence-list li').filter({ hasText: '误传的文件.pdf' });
    await row.waitFor();
    const [{ stored_name: storedName }] = await t.dataSource.query(`SELECT stored_name FROM item_evidence WHERE item_id = $1`, [itemId]);
    expect(readdirSync(t.env.UPLOAD_DIR)).toContain(storedName);

    // 删除 asks first; 取消 keeps the file.
    await row.getByRole('button', { name: '删除' }).click();
    const box = staff.locator('.el-message-box');
    await box.filter({ hasText: '删除佐证材料“误传的文件.pdf”' }).waitFor();
    await box.getByRole('button', { name: '取消' }).click();
    await box.waitFor({ state: 'hidden' });
    expect((await itemOf(itemId)).evidence).toHaveLength(1);
    await row.getByRole('button', { name: '删除' }).click();
    await box.getByRole('button', { name: '删除' }).click();
    await row.waitFor({ state: 'detached' });
    await staff.locator('#evidence-list').filter({ hasText: '暂无佐证材料' }).waitFor();
    expect((await itemOf(itemId)).evidence).toHaveLength(0);
    expect(readdirSync(t.env.UPLOAD_DIR)).not.toContain(storedName);

    // Without evidence the 书面说明 is required; left empty, the API's refusal is shown.
    await staff.getByRole('button', { name: '申请销号' }).click();
    const explanation = staff.getByLabel(/书面说明（尚无佐证材料，必填）/);
    await explanation.waitFor();
    await staff.getByRole('button', { name: '确认申请销号' }).click();
    await staff.locator('#action-error').filter({ hasText: '申请销号前须先提交佐证材料或书面说明' }).waitFor();
    expect((await itemOf(itemId)).status).toBe('in_progress');

    await explanation.fill('津补贴已全部清退，财务凭证由财务处留存，不另附材料');
    await staff.getByRole('button', { name: '确认申请销号' }).click();
    await staff.locator('#item-badges').filter({ hasText: '待审核' }).waitFor();
    expect((await itemOf(itemId)).status).toBe('submitted');
    const [submit] = await t.dataSource.query(`SELECT after FROM audit_entries WHERE action = 'item.submit' AND entity_id = $1`, [itemId]);
    expect(submit.after.explanation).toBe('津补贴已全部清退，财务凭证由财务处留存，不另附材料');
    await expectNoEnumCodes(staff);
    await staff.context().close();
    expect(problems).toEqual([]);
    expected.clear();
  });

  it('keyboard: Tab reaches every action of each role’s home page, and the items filters work by keyboard alone', async () => {
    const who: [string, string][] = [
      [ADMIN.username, ADMIN.password],
      [org.users.office.username, org.users.office.password],
      [org.users.leadership.username, org.users.leadership.password],
      [org.users.inspector.username, org.users.inspector.password],
      [org.users.managerA.username, org.users.managerA.password],
      [org.users.staffA.username, org.users.staffA.password],
    ];
    // Every visible, enabled link and button of the header and the page (not the footer; not inside a
    // closed <details>, whose summary is the action), by what it
    // is and says (the page may re-render an element after load; the same action is then the same key).
    const KEY = `const key = (e) => e.tagName + ' ' + (e.getAttribute('href') || '') + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim();`;
    const ACTIONS = `(() => { ${KEY} return [...new Set([...document.querySelectorAll('header a[href], header button, main a[href], main button')]
      .filter((e) => !e.disabled && e.offsetParent !== null && e.getAttribute('tabindex') !== '-1' && !e.closest('details:not([open])')).map(key))]; })()`;
    const LISTEN = `(() => { ${KEY} window.__reached = new Set(); document.addEventListener('focusin', (e) => window.__reached.add(key(e.target))); })()`;
    const REACHED = `[...window.__reached]`;
    for (const [username, password] of who) {
      const page = await signIn(username, password);
      await page.locator('#main').waitFor();
      await page.waitForLoadState('networkidle');
      const actions = await page.evaluate<string[]>(ACTIONS);
      expect(actions.length).toBeGreaterThan(2);
      await page.locator('body').focus();
      await page.evaluate(LISTEN);
      let reached = new Set<string>();
      // Tab in rounds of 20, until every action has had the focus (or 300 presses).
      for (let round = 0; round < 15 && actions.some((a) => !reached.has(a)); round++) {
        for (let i = 0; i < 20; i++) await page.keyboard.press('Tab');
        reached = new Set(await page.evaluate<string[]>(REACHED));
      }
      const missed = actions.filter((a) => !reached.has(a));
      expect({ username, path: new URL(page.url()).pathname, missed }).toEqual({
        username,
        path: new URL(page.url()).pathname,
        missed: [],
      });
      await expectNoEnumCodes(page);
      await page.context().close();
    }

    // The items filters by keyboard alone: keyword, a select, a date, the order, then Enter.
    await seedItems(t.dataSource, [
      { title: '键盘筛选用的已销号事项', unitId: org.units.b, deadline: '2026-07-15', status: 'closed' },
      { title: '键盘筛选用的过早事项', unitId: org.units.b, deadline: '2026-06-30', status: 'closed' },
      { title: '键盘筛选用的未销号事项', unitId: org.units.b, deadline: '2026-07-15', status: 'in_progress' },
    ]);
    const page = await signIn(org.users.office.username, org.users.office.password);
    await page.goto(`${base}/items`);
    await page.locator('#summary').filter({ hasText: '共' }).waitFor();
    await page.getByLabel('关键词').focus();
    await page.keyboard.type('键盘筛选');
    await page.keyboard.press('Tab');
    const HOVERED = `[...document.querySelectorAll('.el-select-dropdown__item.is-hovering')].find((e) => e.offsetParent !== null)?.textContent ?? ''`;
    const focusedLabel = () => page.evaluate<string>(`document.activeElement?.getAttribute('aria-label') ?? ''`);
    /** Tab forward to the control labelled `label`. */
    const tabTo = async (label: string) => {
      for (let i = 0; i < 30 && (await focusedLabel()) !== label; i++) await page.keyboard.press('Tab');
      expect(await focusedLabel()).toBe(label);
    };
    /** Open the focused select with Enter, arrow down to `option`, Enter. */
    const choose = async (option: string) => {
      await page.keyboard.press('Enter');
      await page.locator('.el-select-dropdown:visible').waitFor();
      for (let i = 0; i < 10 && (await page.evaluate<string>(HOVERED)).trim() !== option; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    };
    await tabTo('状态');
    await choose('已销号');
    await tabTo('整改时限自');
    await page.keyboard.type('2026-07-01');
    await page.keyboard.press('Enter');
    await tabTo('排序字段');
    await choose('完成进度');
    for (let i = 0; i < 30 && !(await page.evaluate<boolean>(`document.activeElement?.id === 'filter-submit'`)); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('status') === 'closed');
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '键盘筛选',
      status: 'closed',
      from: '2026-07-01',
      sort: 'progressPercent',
    });
    await page.locator('#summary').filter({ hasText: '共 1 项' }).waitFor();
    // The address alone reproduces the list.
    const again = await signIn(org.users.office.username, org.users.office.password);
    await again.goto(url.toString());
    await again.locator('#summary').filter({ hasText: '共 1 项' }).waitFor();
    expect(await again.locator('#items-table .el-table__body a').allInnerTexts()).toEqual(['键盘筛选用的已销号事项']);
    await expectNoEnumCodes(again);

    // Print: no menu, filters or buttons; the table spans the page.
    await again.emulateMedia({ media: 'print' });
    expect(await again.locator('header.top').isVisible()).toBe(false);
    expect(await again.locator('#item-filters').isVisible()).toBe(false);
    expect(await again.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    const widths = await again.evaluate<{ table: number; main: number }>(
      `({ table: document.querySelector('#items-table').getBoundingClientRect().width, main: document.querySelector('#main').getBoundingClientRect().width })`,
    );
    expect(widths.table).toBeGreaterThanOrEqual(widths.main - 2);

    // A dashboard drill-down's filters the form has no control for are sent with the list and show as tags that remove them.
    await again.emulateMedia({ media: 'screen' });
    await again.goto(`${url.origin}/items?status=closed&onTime=true&category=${encodeURIComponent('无此类别')}`);
    await again.locator('#summary').filter({ hasText: '共 0 项' }).waitFor();
    expect(await again.locator('#extra-filters .extra-filter').allInnerTexts()).toEqual(['问题类别：无此类别', '按期销号']);
    await again.locator('#extra-filters .extra-filter', { hasText: '问题类别' }).locator('.el-tag__close').click();
    await again.waitForURL((u) => !u.searchParams.has('category'));
    expect(Object.fromEntries(new URL(again.url()).searchParams)).toEqual({ status: 'closed', onTime: 'true' });
    await again.locator('#extra-filters .extra-filter', { hasText: '问题类别' }).waitFor({ state: 'detached' });
    expect(await again.locator('#extra-filters .extra-filter').allInnerTexts()).toEqual(['按期销号']);
    await page.context().close();
    await again.context().close();
    expect(problems).toEqual([]);
  }, 240_000);
});
