import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedOrg, type Org } from './support/org.js';
import { expectNoEnumCodes, launchChromium, signInAs } from './support/pages.js';
import { createRound, importFixturePlan } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 14: the office marks a finding (found at 乙单位) as a 共性问题 on its 自查自纠下发 page and
 * sends it to 甲单位; 甲单位's manager has it to answer; the statistics on the page show it.
 */
describe('office 自查自纠下发 page in Chromium', () => {
  let t: TestApp;
  let org: Org;
  let base: string;
  let browser: Browser;
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  const FINDING = '共性问题：办公用房超标准配置';

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-06-15T02:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const plan = await importFixturePlan(t, org.users.office.token);
    // The inspector's group inspects 乙单位 (B), where the finding is recorded.
    const round = await createRound(t, org.users.office.token, plan.planId, [[org.units.b], [org.units.a], []], [org.users.inspector.id]);
    const measures = (await t.as(org.users.office.token).get(`/api/v1/plans/${plan.planId}/measures`).expect(200)).body as { id: string }[];
    const made = await t
      .as(org.users.inspector.token)
      .post('/api/v1/findings')
      .send({
        inspectionId: round.roundId,
        unitId: org.units.b,
        groupId: round.groupIds[0],
        category: '中央八项规定精神',
        description: FINDING,
        severity: 'general',
        measureIds: [measures[0].id],
      });
    expect(made.status).toBe(201);
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

  it('office sends the finding to 甲单位; its manager has it to answer; the statistics show it unanswered', async () => {
    const office = await signIn('office1', org.users.office.password, '/office/overdue');
    await office.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '自查自纠下发', exact: true }).click();
    await office.waitForURL('**/office/self-checks');
    await office.getByRole('button', { name: `下发自查自纠：${FINDING}` }).click();
    const form = office.locator('#mark-common-form');
    // Nothing chosen: the page says what is missing instead of sending.
    await form.getByRole('button', { name: '下发', exact: true }).click();
    await form.getByRole('alert').filter({ hasText: '请选择下发的单位' }).waitFor();
    await form.locator('.el-form-item', { hasText: '下发单位' }).locator('.el-select').click();
    const offered = office.getByRole('option');
    await offered.first().waitFor();
    expect(await offered.allInnerTexts()).not.toContain('乙单位'); // the finding's own unit is not offered
    await office.getByRole('option', { name: '甲单位', exact: true }).click();
    await office.keyboard.press('Escape');
    const due = form.getByLabel('答复期限');
    await due.fill('2026-07-15');
    await due.press('Enter');
    await form.getByLabel('自查要求').fill('对照检查本单位办公用房配置，如有超标立即整改');
    await form.getByRole('button', { name: '下发', exact: true }).click();

    const reportRow = office.locator('#self-check-report .el-table__body tr', { hasText: FINDING });
    await reportRow.waitFor();
    const text = await reportRow.innerText();
    expect(text).toContain('乙单位');
    expect(text).toContain('甲单位：');
    expect(text).toContain('未答复');
    expect(text).toContain('1 / 0 / 0 / 0');
    await office.locator('#findings-table .el-table__body tr', { hasText: FINDING }).getByText('已下发').waitFor();
    await expectNoEnumCodes(office);

    const [stored] = await t.dataSource.query(
      `SELECT s.unit_id, to_char(s.due_date, 'YYYY-MM-DD') AS due, p.scope FROM self_checks s JOIN common_problems p ON p.id = s.common_problem_id`,
    );
    expect(stored).toEqual({ unit_id: org.units.a, due: '2026-07-15', scope: 'units' });

    // 甲单位's manager has it to answer; 乙单位's does not.
    const ofA = (await t.as(org.users.managerA.token).get('/api/v1/self-checks?answered=false').expect(200)).body;
    expect(ofA.data.map((s: { description: string }) => s.description)).toEqual([FINDING]);
    expect((await t.as(org.users.managerB.token).get('/api/v1/self-checks').expect(200)).body.total).toBe(0);
    expect(problems).toEqual([]);
  });
});
