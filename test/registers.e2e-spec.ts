import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The office's registers (问题线索, 约谈, 问责): who reads and writes them, what they validate, what they link. */
describe('registers units never see: clues, interviews, accountability', () => {
  let t: TestApp;
  let org: Org;
  let itemA: string;
  let itemA1: string;
  let itemB: string;
  let roundId: string;
  let findingA: string;
  let findingB: string;

  const office = () => t.as(org.users.office.token);
  const auditCount = async (action: string) =>
    Number((await t.dataSource.query(`SELECT count(*)::int AS c FROM audit_entries WHERE action = $1`, [action]))[0].c);

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    [itemA, itemA1, itemB] = await seedItems(t.dataSource, [
      { title: '甲事项', unitId: org.units.a, deadline: '2026-05-01' },
      { title: '甲一事项', unitId: org.units.a1, deadline: '2026-05-01' },
      { title: '乙事项', unitId: org.units.b, deadline: '2026-05-01' },
    ]);
    [{ id: roundId }] = await t.dataSource.query(`SELECT id FROM inspections WHERE kind = 'internal_round' LIMIT 1`);
    [{ id: findingA }] = await t.dataSource.query(`SELECT id FROM findings WHERE unit_id = $1`, [org.units.a]);
    [{ id: findingB }] = await t.dataSource.query(`SELECT id FROM findings WHERE unit_id = $1`, [org.units.b]);
  });

  afterAll(async () => {
    await t?.close();
  });

  const clue = (over: object = {}) => ({
    inspectionId: roundId,
    unitId: org.units.a,
    findingId: findingA,
    summary: '甲单位某干部涉嫌违规收受礼金',
    transferredTo: '纪检监察',
    transferredOn: '2026-06-10',
    ...over,
  });

  it('问题线索: the office records and closes a clue, audited; office and leadership read it', async () => {
    const created = await office().post('/api/v1/clues').send(clue());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ unitId: org.units.a, findingId: findingA, transferredTo: '纪检监察', outcome: null });
    const patched = await office().patch(`/api/v1/clues/${created.body.id}`).send({ outcome: '已立案审查', outcomeOn: '2026-07-01' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ outcome: '已立案审查', outcomeOn: '2026-07-01' });
    expect(await auditCount('clue.create')).toBe(1);
    expect(await auditCount('clue.update')).toBe(1);
    for (const token of [org.users.office.token, org.users.leadership.token]) {
      const one = await t.as(token).get(`/api/v1/clues/${created.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body.outcome).toBe('已立案审查');
      const list = await t.as(token).get(`/api/v1/clues?unitId=${org.units.a}&transferredTo=纪检监察`);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(1);
    }
    expect((await office().get(`/api/v1/clues?transferredTo=组织部门`)).body.total).toBe(0);
    // Leadership reads but does not keep the register.
    expect((await t.as(org.users.leadership.token).post('/api/v1/clues').send(clue())).status).toBe(403);
  });

  it('问题线索: 404 for everyone else, admin included — exactly like an id that does not exist, and nothing written', async () => {
    const created = await office()
      .post('/api/v1/clues')
      .send(clue({ summary: '另一条线索', findingId: undefined }));
    expect(created.status).toBe(201);
    const missing = '0b8e5a3c-1f2d-4e6a-9b7c-5d4e3f2a1b0c';
    const before = await auditCount('clue.create');
    for (const token of [org.adminToken, org.users.managerA.token, org.users.staffA.token, org.users.inspector.token]) {
      const as = t.as(token);
      const real = await as.get(`/api/v1/clues/${created.body.id}`);
      const none = await as.get(`/api/v1/clues/${missing}`);
      expect(real.status).toBe(404);
      expect(real.body).toEqual(none.body);
      expect((await as.get('/api/v1/clues')).status).toBe(404);
      expect((await as.post('/api/v1/clues').send(clue())).status).toBe(404);
      const patch = await as.patch(`/api/v1/clues/${created.body.id}`).send({ outcome: '改', outcomeOn: '2026-07-01' });
      expect(patch.status).toBe(404);
      expect(patch.body).toEqual((await as.patch(`/api/v1/clues/${missing}`).send({ outcome: '改', outcomeOn: '2026-07-01' })).body);
    }
    expect(await auditCount('clue.create')).toBe(before);
    const [row] = await t.dataSource.query(`SELECT outcome FROM clues WHERE id = $1`, [created.body.id]);
    expect(row.outcome).toBeNull();
  });

  it('问题线索: validated — blank summary, unknown receiver, bad date, a finding of another unit', async () => {
    const bad = async (over: object) => {
      const res = await office().post('/api/v1/clues').send(clue(over));
      expect(res.status).toBe(400);
      return JSON.stringify(res.body);
    };
    expect(await bad({ summary: ' \u200b ' })).toContain('summary');
    expect(await bad({ transferredTo: '公安机关' })).toContain('transferredTo');
    expect(await bad({ transferredOn: '2026-02-30' })).toContain('transferredOn');
    expect(await bad({ findingId: findingB })).toContain('findingId');
    const created = await office()
      .post('/api/v1/clues')
      .send(clue({ findingId: undefined }));
    const early = await office().patch(`/api/v1/clues/${created.body.id}`).send({ outcome: '结果', outcomeOn: '2026-06-01' });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('outcomeOn');
  });

  const newFinding = async (description: string): Promise<string> =>
    (
      await t.dataSource.query(
        `INSERT INTO findings (inspection_id, unit_id, category, description) VALUES ($1, $2, '其他', $3) RETURNING id`,
        [roundId, org.units.a, description],
      )
    )[0].id;
  const cluesOf = async (findingId: string) =>
    Number((await t.dataSource.query(`SELECT count(*)::int AS c FROM clues WHERE finding_id = $1`, [findingId]))[0].c);

  it('问题线索: one clue per finding — a second is 409 naming the day the first was registered (APP_TIMEZONE), nothing written', async () => {
    const findingId = await newFinding('重复登记线索的发现问题');
    const first = await office().post('/api/v1/clues').send(clue({ findingId }));
    expect(first.status).toBe(201);
    // Registered at 20:00 UTC on 14 June: 15 June in Asia/Shanghai.
    await t.dataSource.query(`UPDATE clues SET created_at = '2026-06-14T20:00:00Z' WHERE id = $1`, [first.body.id]);
    const audits = await auditCount('clue.create');
    const again = await office()
      .post('/api/v1/clues')
      .send(clue({ findingId, summary: '同一问题的第二条线索', transferredTo: '组织部门' }));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DUPLICATE');
    expect(again.body.message).toContain('2026-06-15');
    expect(again.body.message).toContain('不能重复登记');
    // Without a unit the finding is still the same finding.
    expect(
      (
        await office()
          .post('/api/v1/clues')
          .send(clue({ findingId, unitId: undefined }))
      ).status,
    ).toBe(409);
    expect(await cluesOf(findingId)).toBe(1);
    expect(await auditCount('clue.create')).toBe(audits);
  });

  it('问题线索: two posts at once for one finding — one 201, one 409, one clue', async () => {
    const findingId = await newFinding('同时登记线索的发现问题');
    const audits = await auditCount('clue.create');
    const results = await Promise.all([
      office()
        .post('/api/v1/clues')
        .send(clue({ findingId, summary: '线索一' })),
      office()
        .post('/api/v1/clues')
        .send(clue({ findingId, summary: '线索二' })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await cluesOf(findingId)).toBe(1);
    expect(await auditCount('clue.create')).toBe(audits + 1);
  });

  it('问题线索: GET /clues?findingId= (and findingIds= for a page of findings) gives their clues; validated; still 404 to all but office and leadership', async () => {
    const findingId = await newFinding('按问题查询线索的发现问题');
    const other = await newFinding('没有线索的发现问题');
    const created = await office().post('/api/v1/clues').send(clue({ findingId }));
    expect(created.status).toBe(201);
    for (const token of [org.users.office.token, org.users.leadership.token]) {
      const res = await t.as(token).get(`/api/v1/clues?findingId=${findingId}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
      expect((await t.as(token).get(`/api/v1/clues?findingId=${other}`)).body).toMatchObject({ total: 0, data: [] });
    }
    const bad = await office().get('/api/v1/clues?findingId=not-a-uuid');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('findingId');
    // A page of findings asks once: findingIds, comma-separated.
    const some = await office().get(`/api/v1/clues?findingIds=${other},${findingId}`);
    expect(some.status).toBe(200);
    expect(some.body.data.map((c: { findingId: string }) => c.findingId)).toEqual([findingId]);
    expect((await office().get(`/api/v1/clues?findingIds=${other}`)).body.total).toBe(0);
    for (const q of [`${findingId},not-a-uuid`, '', Array.from({ length: 101 }, () => findingId).join(',')]) {
      const res = await office().get(`/api/v1/clues?findingIds=${q}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('findingIds');
    }
    for (const token of [org.adminToken, org.users.managerA.token, org.users.staffA.token, org.users.inspector.token]) {
      for (const q of [`findingId=${findingId}`, `findingIds=${findingId}`, 'findingIds=not-a-uuid']) {
        const res = await t.as(token).get(`/api/v1/clues?${q}`);
        expect(res.status).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain(created.body.id);
      }
    }
  });

  it('约谈: itemIds must be items of the unit or its sub-units (400 naming the others, nothing written)', async () => {
    const before = await auditCount('interview.create');
    const res = await office()
      .post('/api/v1/interviews')
      .send({ unitId: org.units.a, itemIds: [itemA, itemB], date: '2026-06-12', interviewer: '巡察办主任', note: '约谈甲单位' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'itemIds', messages: [itemB] }]);
    expect(await auditCount('interview.create')).toBe(before);
    const acc = await office()
      .post('/api/v1/accountability')
      .send({ unitId: org.units.b, itemIds: [itemA1], subject: '乙单位某干部', decision: '诫勉谈话', decidedOn: '2026-06-12' });
    expect(acc.status).toBe(400);
    expect(res.body.message).toContain(itemB);
    expect(acc.body.details).toEqual([{ field: 'itemIds', messages: [itemA1] }]);
  });

  it('约谈: recorded with items, it answers their open level-3 escalations, shown in /items/:id/reminders', async () => {
    const [{ id: runId }] = await t.dataSource.query(
      `INSERT INTO follow_up_runs (id, as_of, trigger, recorded, finished_at) VALUES (gen_random_uuid(), now(), 'sweep', 2, now()) RETURNING id`,
    );
    for (const level of [2, 3]) {
      await t.dataSource.query(
        `INSERT INTO reminder_ledger (item_id, kind, step, level, deadline_version, deadline, run_id, created_at)
         VALUES ($1, 'escalation', $2::int, $2::int, 1, '2026-05-01', $3, now())`,
        [itemA1, level, runId],
      );
    }
    const res = await t
      .as(org.users.leadership.token)
      .post('/api/v1/interviews')
      .send({ unitId: org.units.a, itemIds: [itemA1], date: '2026-06-12', interviewer: '领导小组副组长', note: '约谈甲单位逾期事项' });
    expect(res.status).toBe(201);
    expect(res.body.linkedEscalations).toBe(1);
    const rows = (await office().get(`/api/v1/items/${itemA1}/reminders`).expect(200)).body as { level?: number; interviewId?: string }[];
    expect(rows.find((r) => r.level === 3)?.interviewId).toBe(res.body.id);
    expect(rows.find((r) => r.level === 2)?.interviewId).toBeNull();
    // The unit's manager sees it on his item too.
    const mine = (await t.as(org.users.managerA.token).get(`/api/v1/items/${itemA1}/reminders`).expect(200)).body as {
      level?: number;
      interviewId?: string;
    }[];
    expect(mine.find((r) => r.level === 3)?.interviewId).toBe(res.body.id);
    expect(await auditCount('interview.create')).toBe(1);
  });

  it("约谈: the unit's manager reads his unit's records; sub-unit, sibling, staff, inspector and admin do not", async () => {
    const onB = await office()
      .post('/api/v1/interviews')
      .send({ unitId: org.units.b, date: '2026-06-13', interviewer: '巡察办主任', note: '约谈乙单位' });
    expect(onB.status).toBe(201);
    const [{ id: onA }] = await t.dataSource.query(`SELECT id FROM interviews WHERE unit_id = $1`, [org.units.a]);
    const managerA = t.as(org.users.managerA.token);
    const listA = await managerA.get('/api/v1/interviews');
    expect(listA.status).toBe(200);
    expect(listA.body.data.map((r: { id: string }) => r.id)).toEqual([onA]);
    expect((await managerA.get(`/api/v1/interviews/${onA}`)).status).toBe(200);
    expect((await managerA.get(`/api/v1/interviews/${onB.body.id}`)).status).toBe(404);
    expect((await managerA.get(`/api/v1/interviews?unitId=${org.units.b}`)).body.total).toBe(0);
    // The sub-unit's manager does not see his parent's record; B's manager sees only B's.
    expect((await t.as(org.users.managerA1.token).get(`/api/v1/interviews/${onA}`)).status).toBe(404);
    expect((await t.as(org.users.managerA1.token).get('/api/v1/interviews')).body.total).toBe(0);
    expect((await t.as(org.users.managerB.token).get(`/api/v1/interviews/${onA}`)).status).toBe(404);
    expect((await t.as(org.users.managerB.token).get('/api/v1/interviews')).body.data.map((r: { id: string }) => r.id)).toEqual([
      onB.body.id,
    ]);
    for (const token of [org.users.staffA.token, org.users.inspector.token, org.adminToken]) {
      expect((await t.as(token).get(`/api/v1/interviews/${onA}`)).status).toBe(404);
      expect((await t.as(token).get('/api/v1/interviews')).status).toBe(404);
      expect((await t.as(token).post('/api/v1/interviews').send({})).status).toBe(404);
    }
    // A manager reads but does not record 约谈.
    const own = await managerA
      .post('/api/v1/interviews')
      .send({ unitId: org.units.a, date: '2026-06-13', interviewer: '我', note: '自己' });
    expect(own.status).toBe(403);
    expect((await office().get('/api/v1/interviews')).body.total).toBe(2);
  });

  it('问责: office and leadership record and read; 404 for everyone else, admin included', async () => {
    const res = await office()
      .post('/api/v1/accountability')
      .send({ unitId: org.units.a, itemIds: [itemA, itemA1], subject: '甲单位分管副职', decision: '通报批评', decidedOn: '2026-06-14' });
    expect(res.status).toBe(201);
    expect(res.body.itemIds).toEqual([itemA, itemA1]);
    expect(await auditCount('accountability.create')).toBe(1);
    expect((await t.as(org.users.leadership.token).get(`/api/v1/accountability/${res.body.id}`)).status).toBe(200);
    expect((await t.as(org.users.leadership.token).get('/api/v1/accountability')).body.total).toBe(1);
    for (const token of [org.adminToken, org.users.managerA.token, org.users.staffA.token, org.users.inspector.token]) {
      expect((await t.as(token).get(`/api/v1/accountability/${res.body.id}`)).status).toBe(404);
      expect((await t.as(token).get('/api/v1/accountability')).status).toBe(404);
      expect((await t.as(token).post('/api/v1/accountability').send({})).status).toBe(404);
    }
    const blank = await office()
      .post('/api/v1/accountability')
      .send({ unitId: org.units.a, subject: '\u3000', decision: '通报批评', decidedOn: '2026-13-01' });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toContain('subject');
    expect(JSON.stringify(blank.body)).toContain('decidedOn');
  });

  it("the audit trail shows the registers' entries to the office alone, never to admin", async () => {
    const types = ['clue', 'interview', 'accountability_record'];
    const seen = async (token: string) => {
      const all = (await t.as(token).get('/api/v1/audit?pageSize=200').expect(200)).body.data as { entityType: string }[];
      const filtered = await Promise.all(
        types.map(async (type) => (await t.as(token).get(`/api/v1/audit?entityType=${type}`).expect(200)).body.total as number),
      );
      return { listed: all.filter((e) => types.includes(e.entityType)).length, filtered: filtered.reduce((a, b) => a + b, 0) };
    };
    const office = await seen(org.users.office.token);
    expect(office.listed).toBeGreaterThan(0);
    expect(office.filtered).toBeGreaterThan(0);
    expect(await seen(org.adminToken)).toEqual({ listed: 0, filtered: 0 });
  });
});
