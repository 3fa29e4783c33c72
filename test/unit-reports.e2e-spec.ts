import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { changedTables, dbFingerprint, fileCount } from './support/fingerprint.js';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { recordFinding } from './support/unit-plans.js';

/** 17:00Z on 2026-06-15 is 01:00 on the 16th in Asia/Shanghai. */
const NOW = '2026-06-15T17:00:00Z';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe("a unit's 整改情况报告: attachments checked like evidence, figures shown, accepted or returned", () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  let reportId: string;
  const office = () => t.as(org.users.office.token);
  const managerA = () => t.as(org.users.managerA.token);

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
    const finding = await recordFinding(t, org.users.office.token, {
      inspectionId: round.roundId,
      unitId: org.units.a,
      groupId: round.groupIds[0],
      batchId: round.batchIds[0],
      description: '报告测试问题',
      measureIds: [plan.measuresByNumber[46], plan.measuresByNumber[47]],
    });
    const item = (title: string, deadline: string) =>
      office()
        .post('/api/v1/items')
        .send({ findingId: finding, title, responsibleUnitId: org.units.a, deadline, rectificationType: 'time_limited' })
        .expect(201);
    // One overdue in Shanghai (15th < 16th) though not in UTC, one due later, and one closed below.
    await item('逾期事项', '2026-06-15');
    await item('未到期事项', '2026-07-31');
    const closed = (await item('已销号事项', '2026-07-31')).body.id;
    await t.dataSource.query(
      `UPDATE rectification_items SET status = 'closed', closed_at = now(), closed_on = '2026-06-10' WHERE id = $1`,
      [closed],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it("the unit's manager hands it in for his unit only; the page carries the unit's figures", async () => {
    const body = { inspectionId: round.roundId, unitId: org.units.a, summary: '本单位整改情况报告正文' };
    expect((await t.as(org.users.managerB.token).post('/api/v1/unit-reports').send(body)).status).toBe(400);
    expect((await t.as(org.users.staffA.token).post('/api/v1/unit-reports').send(body)).status).toBe(403);
    expect(
      (
        await managerA()
          .post('/api/v1/unit-reports')
          .send({ ...body, summary: '　 ' })
      ).status,
    ).toBe(400);
    const res = await managerA().post('/api/v1/unit-reports').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', statusLabel: '待审核' });
    reportId = res.body.id;
    const page = await managerA().get(`/api/v1/unit-reports/${reportId}`);
    expect(page.body.figures).toEqual({ items: 3, closed: 1, open: 2, overdue: 1, measures: 2, measuresAnswered: 0 });
  });

  it('attachments pass the evidence checks: a disguised file or an empty one is refused and nothing is written', async () => {
    const files = fileCount(t.env.UPLOAD_DIR);
    const before = await dbFingerprint(t.dataSource);
    const fake = await managerA()
      .post(`/api/v1/unit-reports/${reportId}/files`)
      .attach('file', Buffer.from('MZ this is an exe'), { filename: '报告.pdf', contentType: 'application/pdf' });
    expect(fake.status).toBe(415);
    const empty = await managerA()
      .post(`/api/v1/unit-reports/${reportId}/files`)
      .attach('file', Buffer.alloc(0), { filename: '空.pdf', contentType: 'application/pdf' });
    expect(empty.status).toBe(400);
    expect(changedTables(before, await dbFingerprint(t.dataSource))).toEqual([]);
    expect(fileCount(t.env.UPLOAD_DIR)).toBe(files);
    const ok = await managerA()
      .post(`/api/v1/unit-reports/${reportId}/files`)
      .attach('file', PDF, { filename: '整改报告\u202e.pdf', contentType: 'application/pdf' });
    expect(ok.status).toBe(201);
    expect(ok.body.originalName).toBe('整改报告.pdf');
    const page = await managerA().get(`/api/v1/unit-reports/${reportId}`);
    expect(page.body.files).toHaveLength(1);
    const dl = await managerA().get(`/api/v1/unit-reports/${reportId}/files/${ok.body.id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toContain('application/pdf');
    expect((await t.as(org.users.managerB.token).get(`/api/v1/unit-reports/${reportId}/files/${ok.body.id}`)).status).toBe(404);
  });

  it('the office returns it only with a comment, the unit manager is told; decided reports take no more files', async () => {
    expect((await managerA().post(`/api/v1/unit-reports/${reportId}/decision`).send({ accept: true })).status).toBe(403);
    expect((await office().post(`/api/v1/unit-reports/${reportId}/decision`).send({ accept: false })).status).toBe(400);
    const res = await office().post(`/api/v1/unit-reports/${reportId}/decision`).send({ accept: false, comment: '数据不全URC' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'returned', decisionComment: '数据不全URC' });
    expect((await office().post(`/api/v1/unit-reports/${reportId}/decision`).send({ accept: true })).status).toBe(409);
    const late = await managerA()
      .post(`/api/v1/unit-reports/${reportId}/files`)
      .attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(late.status).toBe(409);
    await office().post('/api/v1/follow-up/sweep?wait=true').expect(200);
    const inbox = await managerA().get('/api/v1/notifications?pageSize=50');
    expect((inbox.body.data as { title: string; body: string }[]).find((n) => n.title.startsWith('整改情况报告被退回'))?.body).toContain(
      '数据不全URC',
    );
    // A new report, accepted.
    const again = await managerA()
      .post('/api/v1/unit-reports')
      .send({ inspectionId: round.roundId, unitId: org.units.a, summary: '补充后的报告' });
    const ok = await office().post(`/api/v1/unit-reports/${again.body.id}/decision`).send({ accept: true });
    expect(ok.body.status).toBe('accepted');
  });

  it('scoped: other units and sub-units see none of it', async () => {
    for (const token of [org.users.managerB.token, org.users.staffB.token, org.users.managerA1.token]) {
      expect((await t.as(token).get(`/api/v1/unit-reports/${reportId}`)).status).toBe(404);
      const list = await t.as(token).get(`/api/v1/unit-reports?unitId=${org.units.a}`);
      expect(list.body.total).toBe(0);
    }
    expect((await t.as(org.users.staffA.token).get('/api/v1/unit-reports')).body.total).toBe(2);
  });
});
