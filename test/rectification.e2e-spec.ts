import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Rectification items over HTTP against real Postgres: the issue-3 walk (two items of one finding
 * through start → progress → evidence → submit → reject → resubmit → approve, then trace and
 * history), scope (404), roles (403), lifecycle (409), optimistic locking, extensions, uploads and
 * the derived warning light under a moved clock.
 *
 * The walk builds its chain through the public API (the 53-measure fixture plan imported, a round,
 * a finding at unit A linked to measures 46 and 48). The other tests use a smaller chain inserted
 * with SQL (setup, not mocking) so that they can shape measures and problems freely.
 */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]), Buffer.alloc(64)]);

interface Chain {
  higherLevelId: string;
  roundId: string;
  batchId: string;
  groupId: string;
  measures: Record<number, string>;
  problems: Record<string, string>;
}

async function seedChain(t: TestApp): Promise<Chain> {
  const one = async (sql: string, params: unknown[] = []) => (await t.dataSource.query<{ id: string }[]>(sql, params))[0].id;
  const higherLevelId = await one(
    `INSERT INTO inspections (kind, title, inspecting_body, start_date, end_date, feedback_date)
     VALUES ('higher_level', '上级党组第二巡视组巡视', '上级党组第二巡视组', '2019-03-01', '2019-04-30', '2019-05-20') RETURNING id`,
  );
  const planId = await one(`INSERT INTO rectification_plans (inspection_id, title) VALUES ($1, '整改落实方案') RETURNING id`, [
    higherLevelId,
  ]);
  const problems: Record<string, string> = {};
  for (const [code, category, description] of [
    ['1-1', '党的政治建设方面', '贯彻落实重大决策部署不够到位'],
    ['2-3', '全面从严治党方面', '落实中央八项规定精神不够严格'],
    ['3-1', '选人用人方面', '干部选拔任用程序不规范'],
  ]) {
    problems[code] = await one(
      `INSERT INTO feedback_problems (inspection_id, code, category, description) VALUES ($1, $2, $3, $4) RETURNING id`,
      [higherLevelId, code, category, description],
    );
  }
  const measures: Record<number, string> = {};
  for (let n = 1; n <= 60; n++) {
    measures[n] = await one(
      `INSERT INTO measures (plan_id, number, content, rectification_type) VALUES ($1, $2, $3, 'time_limited') RETURNING id`,
      [planId, n, `第${n}条整改措施`],
    );
    const codes = n === 46 ? ['1-1', '2-3'] : n === 48 ? ['3-1'] : ['1-1'];
    for (const code of codes) {
      await t.dataSource.query(`INSERT INTO measure_feedback_problems (measure_id, feedback_problem_id) VALUES ($1, $2)`, [
        measures[n],
        problems[code],
      ]);
    }
  }
  const roundId = await one(
    `INSERT INTO inspections (kind, title, start_date, end_date, plan_id) VALUES ('internal_round', '第一轮巡察', '2026-03-01', '2026-05-31', $1) RETURNING id`,
    [planId],
  );
  const batchId = await one(
    `INSERT INTO inspection_batches (inspection_id, number, start_date, end_date) VALUES ($1, 1, '2026-03-01', '2026-03-21') RETURNING id`,
    [roundId],
  );
  const groupId = await one(`INSERT INTO inspection_groups (inspection_id, batch_id, name) VALUES ($1, $2, '第一巡察组') RETURNING id`, [
    roundId,
    batchId,
  ]);
  return { higherLevelId, roundId, batchId, groupId, measures, problems };
}

async function seedFinding(
  t: TestApp,
  chain: Chain,
  unitId: string,
  measureNumbers: number[],
  description = '公务用车管理不规范',
): Promise<string> {
  const [{ id }] = await t.dataSource.query<{ id: string }[]>(
    `INSERT INTO findings (inspection_id, unit_id, group_id, batch_id, category, description) VALUES ($1, $2, $3, $4, '作风建设', $5) RETURNING id`,
    [chain.roundId, unitId, chain.groupId, chain.batchId, description],
  );
  for (const n of measureNumbers) {
    await t.dataSource.query(`INSERT INTO finding_measures (finding_id, measure_id) VALUES ($1, $2)`, [id, chain.measures[n]]);
  }
  return id;
}

describe('rectification items', () => {
  let t: TestApp;
  let org: Org;
  let chain: Chain;
  let findingA: string;
  let plan: ImportedPlan;
  let round: Round;
  let walkFinding: string;
  const url = (path: string) => `/api/v1${path}`;

  const createItem = async (over: Record<string, unknown> = {}) => {
    const res = await t
      .as(org.users.office.token)
      .post(url('/items'))
      .send({
        findingId: findingA,
        title: '规范公务用车管理',
        actions: '清查车辆，修订制度',
        responsibleUnitId: org.units.a,
        deadline: '2026-07-31',
        rectificationType: 'time_limited',
        ...over,
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; status: string; deadline: string };
  };
  const version = async (id: string) => (await t.as(org.users.office.token).get(url(`/items/${id}`))).body.version as number;
  const move = (token: string, id: string, body: Record<string, unknown>) =>
    t
      .as(token)
      .post(url(`/items/${id}/transitions`))
      .send(body);
  const uploadedFiles = () => readdirSync(t.env.UPLOAD_DIR);
  const count = async (table: string) => (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    // 10:00 in Asia/Shanghai on 2026-06-15.
    t = await startTestApp({ now: '2026-06-15T02:00:00Z', env: { UPLOAD_MAX_BYTES: '65536' } });
    org = await seedOrg(t);
    chain = await seedChain(t);
    findingA = await seedFinding(t, chain, org.units.a, [46, 48]);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
    const finding = await t
      .as(org.users.office.token)
      .post(url('/findings'))
      .send({
        inspectionId: round.roundId,
        unitId: org.units.a,
        groupId: round.groupIds[0],
        batchId: round.batchIds[0],
        category: '中央八项规定精神',
        description: '公务用车管理不规范，存在公车私用情况',
        measureIds: [plan.measuresByNumber[46], plan.measuresByNumber[48]],
      });
    expect(finding.status).toBe(201);
    walkFinding = finding.body.id as string;
  });
  afterAll(async () => {
    await t.close();
  });

  it('walks two items of one finding from creation to closure, with trace and history', async () => {
    const office = t.as(org.users.office.token);
    const staffA = org.users.staffA;
    const item1 = await createItem({ findingId: walkFinding, ownerId: staffA.id });
    const item2 = await createItem({ findingId: walkFinding, title: '修订公务用车管理办法' });
    expect(item1).toMatchObject({
      status: 'pending',
      deadline: '2026-07-31',
      originalDeadline: '2026-07-31',
      ownerId: staffA.id,
      version: 1,
      overdue: false,
      light: 'green',
    });
    expect(item2.status).toBe('pending');
    const listed = await t.as(org.users.managerA.token).get(url(`/items?findingId=${walkFinding}`));
    expect(listed.body.total).toBe(2);
    expect(listed.body.data.map((i: { id: string }) => i.id).sort()).toEqual([item1.id, item2.id].sort());

    const id = item1.id;
    let res = await move(org.users.managerA.token, id, { action: 'start', version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_progress', version: 2 });

    res = await t
      .as(staffA.token)
      .post(url(`/items/${id}/progress`))
      .send({ note: '已完成车辆清查', percent: 40 });
    expect(res.status).toBe(201);
    const pdfName = '整改报告（第一阶段）.pdf';
    res = await t
      .as(staffA.token)
      .post(url(`/items/${id}/evidence`))
      .attach('file', PDF, { filename: pdfName, contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ originalName: pdfName, mimeType: 'application/pdf', size: String(PDF.length) });
    expect(res.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect(res.body.storedName).toMatch(/^[0-9a-f-]{36}$/);
    expect(uploadedFiles()).toContain(res.body.storedName);
    const evidenceId = res.body.id as string;

    res = await move(staffA.token, id, { action: 'submit' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'submitted', progressPercent: 40 });
    expect(res.body.submittedAt).toBeTruthy();

    res = await move(org.users.office.token, id, { action: 'reject' });
    expect(res.status).toBe(400);
    res = await move(org.users.office.token, id, { action: 'reject', reason: '佐证材料不全，缺少制度文件' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('in_progress');

    res = await move(staffA.token, id, { action: 'submit' });
    expect(res.body.status).toBe('submitted');
    res = await move(org.users.office.token, id, { action: 'approve', version: res.body.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', closedOn: '2026-06-15', closedLate: false, light: 'green', overdue: false });
    expect(new Date(res.body.closedAt).toISOString()).toBe('2026-06-15T02:00:00.000Z');
    expect(res.body.availableActions).toEqual(['reopen']);

    // Detail shows owner, unit, the finding, latest progress and evidence.
    const detail = (await office.get(url(`/items/${id}`))).body;
    expect(detail).toMatchObject({
      owner: { id: staffA.id, displayName: 'staffA' },
      unit: { id: org.units.a, name: '甲单位' },
      finding: { id: walkFinding, description: '公务用车管理不规范，存在公车私用情况' },
      progress: [{ note: '已完成车辆清查', percent: 40 }],
      evidence: [{ id: evidenceId, originalName: pdfName }],
    });

    // Trace: up from the item to the round, batch, group, unit, measures 46 and 48, their feedback
    // problems and the higher-level inspection.
    const trace = await office.get(url(`/items/${id}/trace`));
    expect(trace.status).toBe(200);
    expect(trace.body).toMatchObject({
      item: { id, status: 'closed' },
      finding: { id: walkFinding, category: '中央八项规定精神' },
      inspection: { id: round.roundId, kind: 'internal_round', title: '2026年第一轮巡察' },
      batch: { id: round.batchIds[0], number: 1 },
      group: { id: round.groupIds[0], name: '第一巡察组' },
      unit: { id: org.units.a, name: '甲单位' },
    });
    expect(trace.body.measures.map((m: { number: number }) => m.number)).toEqual([46, 48]);
    const [m46, m48] = trace.body.measures as {
      id: string;
      content: string;
      feedbackProblems: { id: string; code: string; inspection: unknown }[];
    }[];
    expect(m46.id).toBe(plan.measuresByNumber[46]);
    expect(m46.content).toContain('整改台账');
    expect(m46.feedbackProblems.map((p) => p.code)).toEqual(['6-1']);
    expect(Object.keys(m46.feedbackProblems[0]).sort()).toEqual(['category', 'code', 'description', 'id', 'inspection']);
    expect(m48.feedbackProblems.map((p) => p.code).sort()).toEqual(['5-2', '6-1']);
    expect(m48.feedbackProblems.map((p) => p.id).sort()).toEqual([plan.problemsByCode['5-2'], plan.problemsByCode['6-1']].sort());
    for (const p of [...m46.feedbackProblems, ...m48.feedbackProblems]) {
      expect(p.inspection).toEqual({
        id: plan.inspectionId,
        title: '上级党组第二巡视组巡视',
        inspectingBody: '上级党组第二巡视组',
        kind: 'higher_level',
      });
    }

    // History: every step, oldest first, with its actor.
    const history = await t.as(org.users.managerA.token).get(url(`/items/${id}/history`));
    expect(history.status).toBe(200);
    const steps = (history.body as { action: string; actor: { username: string; role: string } }[]).map(
      (h) => `${h.action} by ${h.actor.username}`,
    );
    expect(steps).toEqual([
      'item.create by office1',
      'item.start by managerA',
      'item.progress by staffA',
      'item.evidence by staffA',
      'item.submit by staffA',
      'item.reject by office1',
      'item.submit by staffA',
      'item.approve by office1',
    ]);
    const reject = history.body.find((h: { action: string }) => h.action === 'item.reject');
    expect(reject).toMatchObject({
      actor: { role: 'office' },
      before: { status: 'submitted' },
      after: { status: 'in_progress', reason: '佐证材料不全，缺少制度文件' },
    });
    expect(typeof reject.at).toBe('string');

    // The evidence downloads with the Chinese name (RFC 5987) and the same bytes.
    const dl = await t
      .as(org.users.managerA.token)
      .get(url(`/evidence/${evidenceId}/download`))
      .buffer(true);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(pdfName).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);

    // Reopen (问题反弹) clears the closure.
    res = await move(org.users.office.token, id, { action: 'reopen', reason: '问题反弹' });
    expect(res.body).toMatchObject({ status: 'in_progress', closedAt: null, closedOn: null });
  });

  it('hides another unit’s item, evidence, trace and history (404), and lists none of them', async () => {
    const item = await createItem({ ownerId: org.users.staffA.id });
    const ev = await t
      .as(org.users.staffA.token)
      .post(url(`/items/${item.id}/evidence`))
      .attach('file', PNG, { filename: 'photo.png', contentType: 'image/png' });
    expect(ev.status).toBe(201);
    for (const token of [org.users.managerB.token, org.users.staffB.token, org.users.managerA1.token]) {
      const b = t.as(token);
      for (const path of [
        `/items/${item.id}`,
        `/items/${item.id}/evidence`,
        `/items/${item.id}/trace`,
        `/items/${item.id}/history`,
        `/items/${item.id}/extensions`,
        `/evidence/${ev.body.id}/download`,
      ]) {
        const res = await b.get(url(path));
        expect([path, res.status]).toEqual([path, 404]);
      }
      expect((await move(token, item.id, { action: 'start' })).status).toBe(404);
      expect((await b.post(url(`/items/${item.id}/progress`)).send({ note: '试图越权' })).status).toBe(404);
      const list = await b.get(url('/items'));
      expect(list.status).toBe(200);
      expect(list.body.data.map((i: { id: string }) => i.id)).not.toContain(item.id);
    }
    const listA = await t.as(org.users.managerA.token).get(url('/items?pageSize=200'));
    expect(listA.body.data.map((i: { id: string }) => i.id)).toContain(item.id);
    expect(listA.body).toMatchObject({ page: 1, pageSize: 200 });
    expect(listA.body.total).toBeGreaterThanOrEqual(1);
    // Leadership reads everything.
    expect((await t.as(org.users.leadership.token).get(url(`/items/${item.id}/trace`))).status).toBe(200);
  });

  it('refuses wrong roles (403), illegal moves (409) and an incomplete submission', async () => {
    const item = await createItem({ ownerId: org.users.staffA.id });
    // Roles that may never move an item.
    expect((await move(org.users.leadership.token, item.id, { action: 'start' })).status).toBe(403);
    expect((await move(org.users.managerA.token, item.id, { action: 'approve' })).status).toBe(403);
    expect(
      (
        await t
          .as(org.users.leadership.token)
          .post(url(`/items/${item.id}/progress`))
          .send({ note: 'x' })
      ).status,
    ).toBe(403);
    // A unit manager adds items only to his unit's own 整改方案 (unitPlanId); directly, only the office does.
    const direct = {
      findingId: findingA,
      title: 'x',
      responsibleUnitId: org.units.a,
      deadline: '2026-07-31',
      rectificationType: 'time_limited',
    };
    expect((await t.as(org.users.managerA.token).post(url('/items')).send(direct)).status).toBe(403);
    // Office may approve, but not a pending item.
    let res = await move(org.users.office.token, item.id, { action: 'approve' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    // Staff of the unit reads an item it does not own but may not move it.
    const other = await createItem();
    expect((await t.as(org.users.staffA.token).get(url(`/items/${other.id}`))).status).toBe(200);
    expect((await move(org.users.staffA.token, other.id, { action: 'start' })).status).toBe(403);
    expect(
      (
        await t
          .as(org.users.staffA.token)
          .post(url(`/items/${other.id}/progress`))
          .send({ note: 'x' })
      ).status,
    ).toBe(403);
    // Submit needs a progress note and evidence or a written explanation.
    expect((await move(org.users.staffA.token, item.id, { action: 'start' })).status).toBe(200);
    res = await move(org.users.staffA.token, item.id, { action: 'submit' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('整改进展');
    await t
      .as(org.users.staffA.token)
      .post(url(`/items/${item.id}/progress`))
      .send({ note: '已整改完毕' });
    res = await move(org.users.staffA.token, item.id, { action: 'submit' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('佐证材料');
    res = await move(org.users.staffA.token, item.id, { action: 'submit', explanation: '该问题为制度缺失，已印发新制度，无其他佐证' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('submitted');
    // Bad input names the field.
    res = await move(org.users.office.token, item.id, { action: 'close' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('action');
  });

  it('refuses a stale version with 409 and changes nothing; of two concurrent moves exactly one wins', async () => {
    const item = await createItem();
    const edit = await t
      .as(org.users.office.token)
      .patch(url(`/items/${item.id}`))
      .send({ title: '规范公务用车管理（修订）', version: 1 });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ title: '规范公务用车管理（修订）', version: 2 });
    const historyBefore = (await t.as(org.users.office.token).get(url(`/items/${item.id}/history`))).body.length;

    let res = await move(org.users.managerA.token, item.id, { action: 'start', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('STALE_VERSION');
    res = await t
      .as(org.users.office.token)
      .patch(url(`/items/${item.id}`))
      .send({ title: '又一次修改', version: 1 });
    expect(res.body.code).toBe('STALE_VERSION');
    const after = (await t.as(org.users.office.token).get(url(`/items/${item.id}`))).body;
    expect(after).toMatchObject({ status: 'pending', version: 2, title: '规范公务用车管理（修订）' });
    expect((await t.as(org.users.office.token).get(url(`/items/${item.id}/history`))).body.length).toBe(historyBefore);

    const both = await Promise.all([
      move(org.users.managerA.token, item.id, { action: 'start', version: 2 }),
      move(org.users.office.token, item.id, { action: 'start', version: 2 }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await version(item.id)).toBe(3);
  });

  it('lets a unit manager assign an owner of its unit, and only that', async () => {
    const item = await createItem();
    const m = t.as(org.users.managerA.token);
    let res = await m.patch(url(`/items/${item.id}`)).send({ ownerId: org.users.staffB.id, version: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('ownerId');
    res = await m.patch(url(`/items/${item.id}`)).send({ title: '改标题', version: 1 });
    expect(res.status).toBe(403);
    // Only a draft's deadline is edited; afterwards an extension moves it.
    res = await m.patch(url(`/items/${item.id}`)).send({ deadline: '2027-01-01', version: 1 });
    expect(res.status).toBe(409);
    res = await m.patch(url(`/items/${item.id}`)).send({ ownerId: org.users.staffA.id, version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ownerId: org.users.staffA.id, owner: { id: org.users.staffA.id }, deadline: '2026-07-31' });
    // Creation checks the finding, the unit and the owner.
    const office = t.as(org.users.office.token);
    const base = {
      findingId: findingA,
      title: 't',
      responsibleUnitId: org.units.a,
      deadline: '2026-07-31',
      rectificationType: 'immediate',
    };
    expect((await office.post(url('/items')).send({ ...base, responsibleUnitId: org.units.b })).body.details[0].field).toBe(
      'responsibleUnitId',
    );
    expect((await office.post(url('/items')).send({ ...base, ownerId: org.users.staffB.id })).status).toBe(400);
    expect((await office.post(url('/items')).send({ ...base, deadline: '2026-02-30' })).status).toBe(400);
    expect(
      (await office.post(url('/items')).send({ ...base, responsibleUnitId: org.units.a1, ownerId: org.users.managerA1.id })).status,
    ).toBe(201);
    // A past deadline is allowed (backfilling a ledger) and is overdue at once.
    const backfilled = await office.post(url('/items')).send({ ...base, deadline: '2026-05-31' });
    expect(backfilled.status).toBe(201);
    expect(backfilled.body).toMatchObject({ overdue: true, daysOverdue: 15, light: 'red' });
  });

  it('moves the deadline only through an approved extension, keeping the original', async () => {
    const item = await createItem({ deadline: '2026-06-30', ownerId: org.users.staffA.id });
    const managerA = t.as(org.users.managerA.token);
    expect((await managerA.post(url(`/items/${item.id}/extensions`)).send({ newDeadline: '2026-06-20', reason: '太忙' })).status).toBe(400);
    const req = await managerA
      .post(url(`/items/${item.id}/extensions`))
      .send({ newDeadline: '2026-08-31', reason: '涉及制度修订，需待上级批复' });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({
      status: 'pending',
      currentDeadline: '2026-06-30',
      newDeadline: '2026-08-31',
      requestedById: org.users.managerA.id,
    });
    const second = await t
      .as(org.users.staffA.token)
      .post(url(`/items/${item.id}/extensions`))
      .send({ newDeadline: '2026-09-30', reason: '再延' });
    expect(second.status).toBe(409);

    const pendingB = await t.as(org.users.managerB.token).get(url('/extensions?status=pending'));
    expect(pendingB.body.map((e: { id: string }) => e.id)).not.toContain(req.body.id);
    const pendingOffice = await t.as(org.users.office.token).get(url('/extensions?status=pending'));
    expect(pendingOffice.body.find((e: { id: string }) => e.id === req.body.id)).toMatchObject({
      item: { id: item.id, deadline: '2026-06-30' },
    });
    expect((await managerA.post(url(`/extensions/${req.body.id}/decision`)).send({ approve: true })).status).toBe(403);

    const ok = await t
      .as(org.users.office.token)
      .post(url(`/extensions/${req.body.id}/decision`))
      .send({ approve: true, comment: '同意' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedById: org.users.office.id, comment: '同意' });
    const moved = (await managerA.get(url(`/items/${item.id}`))).body;
    expect(moved).toMatchObject({ deadline: '2026-08-31', originalDeadline: '2026-06-30', deadlineVersion: 1, version: 2 });
    expect(moved.extensions).toHaveLength(1);
    expect(
      (
        await t
          .as(org.users.office.token)
          .post(url(`/extensions/${req.body.id}/decision`))
          .send({ approve: false })
      ).status,
    ).toBe(409);

    // The requester never decides its own request, even as office.
    const admin = t.as(org.adminToken);
    await admin.post(url('/users')).send({ username: 'office2', password: 'office2-pass-123', displayName: '巡察办二', role: 'office' });
    const office2 = t.as(await t.login('office2', 'office2-pass-123'));
    const own = await t
      .as(org.users.office.token)
      .post(url(`/items/${item.id}/extensions`))
      .send({ newDeadline: '2026-09-30', reason: '单位书面申请，代为登记' });
    expect(own.status).toBe(201);
    const self = await t
      .as(org.users.office.token)
      .post(url(`/extensions/${own.body.id}/decision`))
      .send({ approve: true });
    expect(self.status).toBe(403);
    expect((await office2.post(url(`/extensions/${own.body.id}/decision`)).send({ approve: false, comment: '理由不足' })).body.status).toBe(
      'rejected',
    );
    expect((await managerA.get(url(`/items/${item.id}`))).body.deadline).toBe('2026-08-31');

    const history = (await managerA.get(url(`/items/${item.id}/history`))).body.map((h: { action: string }) => h.action);
    expect(history).toEqual(['item.create', 'extension.request', 'extension.approve', 'extension.request', 'extension.reject']);
  });

  it('refuses uploads that are too large (413), of a wrong type (415) or disguised, leaving nothing behind', async () => {
    const item = await createItem({ ownerId: org.users.staffA.id });
    const staff = t.as(org.users.staffA.token);
    const rows = await count('item_evidence');
    const files = uploadedFiles().length;
    let res = await staff
      .post(url(`/items/${item.id}/evidence`))
      .attach('file', Buffer.concat([PDF, Buffer.alloc(70_000)]), { filename: 'big.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    res = await staff
      .post(url(`/items/${item.id}/evidence`))
      .attach('file', EXE, { filename: 'setup.exe', contentType: 'application/x-msdownload' });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    res = await staff
      .post(url(`/items/${item.id}/evidence`))
      .attach('file', EXE, { filename: '整改报告.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(415);
    res = await staff
      .post(url(`/items/${item.id}/evidence`))
      .attach('file', PDF, { filename: 'report.exe', contentType: 'application/pdf' });
    expect(res.status).toBe(415);
    res = await staff.post(url(`/items/${item.id}/evidence`)).attach('file', PNG, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(415);
    res = await staff.post(url(`/items/${item.id}/evidence`)).field('note', 'x');
    expect(res.status).toBe(400);
    expect(await count('item_evidence')).toBe(rows);
    expect(uploadedFiles()).toHaveLength(files);
    // A path in the name is stripped.
    res = await staff
      .post(url(`/items/${item.id}/evidence`))
      .attach('file', Buffer.from('说明文字'), { filename: '../../etc/说明.txt', contentType: 'text/plain' });
    expect(res.status).toBe(201);
    expect(res.body.originalName).toBe('说明.txt');
    expect((await staff.get(url(`/items/${item.id}/evidence`))).body).toHaveLength(1);
  });

  it('derives the warning light and days overdue from the clock, in the item and in list filters', async () => {
    const item = await createItem({ deadline: '2026-06-30', title: '灯色测试事项' });
    const office = t.as(org.users.office.token);
    const ids = async (query: string) =>
      (await office.get(url(`/items?q=灯色测试&pageSize=200&${query}`))).body.data.map((i: { id: string }) => i.id);
    try {
      expect((await office.get(url(`/items/${item.id}`))).body).toMatchObject({
        light: 'green',
        overdue: false,
        daysOverdue: 0,
        daysLeft: 15,
      });
      expect(await ids('light=green')).toEqual([item.id]);

      t.clock.set('2026-06-23T02:00:00Z'); // 7 days left
      expect((await office.get(url(`/items/${item.id}`))).body).toMatchObject({ light: 'yellow', overdue: false });
      expect(await ids('light=yellow')).toEqual([item.id]);
      expect(await ids('light=green')).toEqual([]);

      t.clock.set('2026-06-30T15:59:00Z'); // 23:59 on the deadline in Asia/Shanghai
      expect((await office.get(url(`/items/${item.id}`))).body).toMatchObject({ light: 'yellow', overdue: false });

      t.clock.set('2026-07-03T02:00:00Z');
      expect((await office.get(url(`/items/${item.id}`))).body).toMatchObject({ light: 'red', overdue: true, daysOverdue: 3 });
      expect(await ids('light=red')).toEqual([item.id]);
      expect(await ids('overdue=true')).toEqual([item.id]);
      expect(await ids('overdue=false')).toEqual([]);
      const listed = (await office.get(url(`/items?q=灯色测试`))).body.data[0];
      expect(listed).toMatchObject({ daysOverdue: 3, light: 'red', unit: { name: '甲单位' } });
      // Other filters compose with it.
      expect(await ids(`measureId=${chain.measures[46]}&unitId=${org.units.a}&status=pending,in_progress&type=time_limited`)).toEqual([
        item.id,
      ]);
      expect(await ids(`measureId=${chain.measures[47]}`)).toEqual([]);
      expect(await ids(`unitId=${org.units.b}`)).toEqual([]);
      expect((await office.get(url('/items?light=purple'))).status).toBe(400);
    } finally {
      t.clock.set('2026-06-15T02:00:00Z');
    }
  });

  it('builds the trace in the same, small number of queries whatever the number of measures', async () => {
    const many = await seedFinding(t, chain, org.units.a, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], '很多措施的问题');
    const few = (await createItem()).id;
    const lots = (await createItem({ findingId: many })).id;
    const runner = t.dataSource.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => Promise<unknown> };
    await runner.release();
    const spy = jest.spyOn(proto, 'query');
    const queriesFor = async (id: string) => {
      spy.mockClear();
      const res = await t.as(org.users.office.token).get(url(`/items/${id}/trace`));
      expect(res.status).toBe(200);
      return { n: spy.mock.calls.length, measures: res.body.measures.length as number };
    };
    try {
      const a = await queriesFor(few);
      const b = await queriesFor(lots);
      expect([a.measures, b.measures]).toEqual([2, 12]);
      expect(a.n).toBeGreaterThanOrEqual(3); // the spy does see the queries
      expect(b.n).toBe(a.n);
      // user lookup (auth) + item lookup (scope) + the three trace queries
      expect(b.n).toBeLessThanOrEqual(5);
    } finally {
      spy.mockRestore();
    }
  });
});
