import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('inspections, groups and findings: who may record, who may see', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    // Batch 1 inspects unit B; batch 2 unit A (the inspector is added to that group below).
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.b], [org.units.a], []]);
  });
  afterAll(async () => {
    await t.close();
  });

  const office = () => t.as(org.users.office.token);
  const inspector = () => t.as(org.users.inspector.token);
  const finding = (unitId: string, extra: Record<string, unknown> = {}) => ({
    inspectionId: round.roundId,
    unitId,
    category: '中央八项规定精神',
    description: '公务用车管理不规范，存在公车私用情况',
    measureIds: [plan.measuresByNumber[46], plan.measuresByNumber[48]],
    ...extra,
  });

  let findingA: string;

  it('the office records a finding at unit A linked to measures 46 and 48; the group and batch are inferred', async () => {
    const res = await office().post('/api/v1/findings').send(finding(org.units.a));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      unitId: org.units.a,
      groupId: round.groupIds[1],
      batchId: round.batchIds[1],
      category: '中央八项规定精神',
      measures: [
        { id: plan.measuresByNumber[46], number: 46, content: expect.any(String) },
        { id: plan.measuresByNumber[48], number: 48, content: expect.any(String) },
      ],
    });
    findingA = res.body.id;
    const audit = await t.dataSource.query(`SELECT action FROM audit_entries WHERE entity_id = $1`, [findingA]);
    expect(audit).toEqual([{ action: 'finding.create' }]);
    const measures = await office().get(`/api/v1/plans/${plan.planId}/measures`);
    const counted = measures.body.filter((m: { findingCount: number }) => m.findingCount > 0).map((m: { number: number }) => m.number);
    expect(counted).toEqual([46, 48]);
  });

  it('refuses findings with an unknown category or measure, or on the higher-level inspection', async () => {
    expect(
      (
        await office()
          .post('/api/v1/findings')
          .send(finding(org.units.a, { measureIds: ['00000000-0000-4000-8000-000000000000'] }))
      ).status,
    ).toBe(400);
    const cat = await office()
      .post('/api/v1/findings')
      .send(finding(org.units.a, { category: '不存在的类别' }));
    expect(cat.status).toBe(400);
    expect(cat.body.details).toEqual([{ field: 'category', messages: expect.any(Array) }]);
    expect(
      (
        await office()
          .post('/api/v1/findings')
          .send(finding(org.units.a, { inspectionId: plan.inspectionId }))
      ).status,
    ).toBe(400);
    expect(
      (
        await office()
          .post('/api/v1/findings')
          .send(finding(org.units.a, { measureIds: [org.units.a] }))
      ).status,
    ).toBe(400);
  });

  it('an inspector in no group sees no units and cannot record; unit roles may never record', async () => {
    expect((await inspector().get('/api/v1/units')).body).toEqual([]);
    expect((await inspector().post('/api/v1/findings').send(finding(org.units.a))).status).toBe(404);
    expect((await t.as(org.users.managerA.token).post('/api/v1/findings').send(finding(org.units.a))).status).toBe(403);
    expect((await t.as(org.users.leadership.token).post('/api/v1/findings').send(finding(org.units.a))).status).toBe(403);
  });

  it('an inspector added to the group for unit A sees exactly unit A, records there, gets 404 for unit B', async () => {
    const group = await office()
      .post(`/api/v1/inspections/${round.roundId}/groups`)
      .send({
        name: '第二巡察组（补充）',
        leaderId: org.users.inspector.id,
        memberIds: [org.users.inspector.id],
        batchId: round.batchIds[1],
        unitIds: [org.units.a],
      });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ leader: { id: org.users.inspector.id }, units: [{ id: org.units.a, code: 'A' }] });
    const units = await inspector().get('/api/v1/units');
    expect(units.body.map((u: { id: string }) => u.id)).toEqual([org.units.a]);

    const atA = await inspector()
      .post('/api/v1/findings')
      .send(finding(org.units.a, { description: '学习记录存在补记', category: '思想建设' }));
    expect(atA.status).toBe(201);
    expect(atA.body.groupId).toBe(group.body.id);
    const atB = await inspector().post('/api/v1/findings').send(finding(org.units.b));
    expect(atB.status).toBe(404);
    const foreignGroup = await inspector()
      .post('/api/v1/findings')
      .send(finding(org.units.a, { groupId: round.groupIds[1] }));
    expect(foreignGroup.status).toBe(404);

    const list = await inspector().get('/api/v1/findings');
    expect(list.body.total).toBe(2);
    const rounds = await inspector().get('/api/v1/inspections');
    expect(rounds.body.map((i: { id: string }) => i.id).sort()).toEqual([plan.inspectionId, round.roundId].sort());
    const detail = await inspector().get(`/api/v1/inspections/${round.roundId}`);
    expect(detail.body.groups.map((g: { id: string }) => g.id)).toEqual([group.body.id]);
  });

  it('unit B sees neither unit A findings in its list nor by id (404); unit A and its leadership do', async () => {
    const b = t.as(org.users.managerB.token);
    expect((await b.get(`/api/v1/findings/${findingA}`)).status).toBe(404);
    const listB = await b.get('/api/v1/findings');
    expect(listB.status).toBe(200);
    expect(listB.body.data.map((f: { id: string }) => f.id)).not.toContain(findingA);
    expect(listB.body.total).toBe(0);
    const byMeasure = await b.get(`/api/v1/plans/${plan.planId}/measures`);
    expect(byMeasure.body.every((m: { findingCount: number }) => m.findingCount === 0)).toBe(true);

    const a = await t.as(org.users.managerA.token).get(`/api/v1/findings/${findingA}`);
    expect(a.status).toBe(200);
    expect(a.body.measures.map((m: { number: number }) => m.number)).toEqual([46, 48]);
    expect((await t.as(org.users.managerA1.token).get(`/api/v1/findings/${findingA}`)).status).toBe(404);
    const lead = await t.as(org.users.leadership.token).get(`/api/v1/findings?measureId=${plan.measuresByNumber[48]}`);
    expect(lead.body.total).toBe(2);
    const roundForA = await t.as(org.users.managerA.token).get(`/api/v1/inspections/${round.roundId}`);
    expect(roundForA.status).toBe(200);
    expect(roundForA.body.groups.flatMap((g: { units: { id: string }[] }) => g.units.map((u) => u.id))).toEqual([org.units.a, org.units.a]);
  });

  it('groups check their members, batch and units', async () => {
    const other = await createRound(t, org.users.office.token, plan.planId, [[org.units.b], [], []]);
    const foreignBatch = await office()
      .post(`/api/v1/inspections/${round.roundId}/groups`)
      .send({ name: '组', batchId: other.batchIds[0], unitIds: [org.units.a] });
    expect(foreignBatch.status).toBe(400);
    const badLeader = await office()
      .post(`/api/v1/inspections/${round.roundId}/groups`)
      .send({ name: '组', leaderId: org.units.a, unitIds: [org.units.a] });
    expect(badLeader.status).toBe(400);
    const badUnit = await office()
      .post(`/api/v1/inspections/${round.roundId}/groups`)
      .send({ name: '组', unitIds: [plan.planId] });
    expect(badUnit.status).toBe(400);
    const noUnits = await office().post(`/api/v1/inspections/${round.roundId}/groups`).send({ name: '组', unitIds: [] });
    expect(noUnits.status).toBe(400);
    const onHigher = await office()
      .post(`/api/v1/inspections/${plan.inspectionId}/groups`)
      .send({ name: '组', unitIds: [org.units.a] });
    expect(onHigher.status).toBe(409);
  });

  it('finding categories: everyone reads the list, the office adds and deactivates', async () => {
    const list = await t.as(org.users.staffA.token).get('/api/v1/finding-categories');
    expect(list.status).toBe(200);
    expect(list.body.map((c: { name: string }) => c.name)).toContain('政治纪律');
    expect((await t.as(org.users.managerA.token).post('/api/v1/finding-categories').send({ name: '网络舆情' })).status).toBe(403);
    const created = await office().post('/api/v1/finding-categories').send({ name: '网络舆情' });
    expect(created.status).toBe(201);
    expect((await office().post('/api/v1/finding-categories').send({ name: '网络舆情' })).status).toBe(409);
    expect(
      (
        await office()
          .post('/api/v1/findings')
          .send(finding(org.units.a, { category: '网络舆情' }))
      ).status,
    ).toBe(201);
    expect((await office().patch(`/api/v1/finding-categories/${created.body.id}`).send({ active: false })).status).toBe(200);
    expect(
      (
        await office()
          .post('/api/v1/findings')
          .send(finding(org.units.a, { category: '网络舆情' }))
      ).status,
    ).toBe(400);
  });
});
