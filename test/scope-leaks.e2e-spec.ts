import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { NAV, PAGE_ROUTES } from '../src/modules/web/page-routes.js';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { draftItem, openUnitPlan } from './support/unit-plans.js';

/**
 * Unit B's users (and an inspector whose only group inspects B) must learn NOTHING about unit A:
 * not its items, findings, evidence, extensions, progress, notifications, counts or names.
 *
 * Generic over the OpenAPI document: every operation with an id in its path is called with unit
 * A's real id and with a random UUID, and the two answers must be indistinguishable (same status,
 * same code; for reads the same body). Every read, with A's ids also put in every query parameter,
 * must not mention any of A's markers (ids, names, titles). Mutations on A's records must be
 * refused and write nothing, audit included. Then the aggregate figures are checked by value.
 */

jest.setTimeout(120_000);

const RANDOM_UUID = '0b8e5a3c-1f2d-4e6a-9b7c-5d4e3f2a1b0c';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const A_ITEM_TITLE = '甲单位保密事项XQ7';
const A_FINDING_TEXT = '甲单位保密问题XQ7描述';
const A_PROGRESS_NOTE = '甲单位进展XQ7';
const A_EXTENSION_REASON = '甲单位延期理由XQ7';
/** A clue referral's note: no unit user may ever read it, nor learn that a referral exists. */
const CLUE_NOTE = '线索移交说明QZ9';

describe('scope leaks: unit B learns nothing about unit A', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  const a: Record<string, string> = {};
  const b: Record<string, string> = {};
  /** A measure A leads: its id is no secret (B reads the plan's measures), so it is not one of A's markers. */
  let measureA: string;
  let markers: string[] = [];
  let doc: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    const office = t.as(org.users.office.token);
    plan = await importFixturePlan(t, org.users.office.token);
    // The inspector leads only the group that inspects B.
    round = await createRound(
      t,
      org.users.office.token,
      plan.planId,
      [[org.units.a], [org.units.b], [org.units.a1]],
      [undefined, org.users.inspector.id],
    );
    const finding = async (unitId: string, groupId: string, batchId: string, measure: number, description: string) => {
      const res = await office.post('/api/v1/findings').send({
        inspectionId: round.roundId,
        unitId,
        groupId,
        batchId,
        category: '中央八项规定精神',
        description,
        measureIds: [plan.measuresByNumber[measure]],
      });
      if (res.status !== 201) throw new Error(`finding: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const item = async (findingId: string, unitId: string, title: string, deadline: string, ownerId?: string) => {
      const res = await office
        .post('/api/v1/items')
        .send({ findingId, title, responsibleUnitId: unitId, ownerId, deadline, rectificationType: 'time_limited' });
      if (res.status !== 201) throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    // A: two items on measure 47, one overdue; B: one item on measure 46.
    a.finding = await finding(org.units.a, round.groupIds[0], round.batchIds[0], 47, A_FINDING_TEXT);
    a.item = await item(a.finding, org.units.a, A_ITEM_TITLE, '2026-06-30', org.users.staffA.id);
    a.overdueItem = await item(a.finding, org.units.a1, `${A_ITEM_TITLE}-2`, '2026-05-01');
    // A's own task directly under measure 47, which A leads (issue 12).
    measureA = plan.measuresByNumber[47];
    expect((await office.patch(`/api/v1/measures/${measureA}`).send({ leadUnitId: org.units.a })).status).toBe(200);
    const task = await office.post('/api/v1/items').send({
      measureId: measureA,
      title: `${A_ITEM_TITLE}-任务`,
      responsibleUnitId: org.units.a,
      deadline: '2026-05-02',
      rectificationType: 'time_limited',
    });
    expect(task.status).toBe(201);
    a.measureTask = task.body.id;
    b.finding = await finding(org.units.b, round.groupIds[1], round.batchIds[1], 46, '乙单位问题');
    b.item = await item(b.finding, org.units.b, '乙单位事项', '2026-07-31', org.users.staffB.id);
    // 问题线索移交 on both units' findings: B's by the inspector leading B's group, A's by the office.
    const referB = await t.as(org.users.inspector.token).post(`/api/v1/findings/${b.finding}/clue-referral`).send({ note: CLUE_NOTE });
    expect(referB.status).toBe(201);
    expect((await office.post(`/api/v1/findings/${a.finding}/clue-referral`).send({ note: CLUE_NOTE })).status).toBe(201);
    const staffA = t.as(org.users.staffA.token);
    const progress = await staffA.post(`/api/v1/items/${a.item}/progress`).send({ note: A_PROGRESS_NOTE, percent: 30 });
    expect(progress.status).toBe(201);
    a.progress = progress.body.id;
    const ev = await staffA
      .post(`/api/v1/items/${a.item}/evidence`)
      .attach('file', PDF, { filename: '甲单位佐证XQ7.pdf', contentType: 'application/pdf' });
    expect(ev.status).toBe(201);
    a.evidence = ev.body.id;
    const ext = await staffA.post(`/api/v1/items/${a.item}/extensions`).send({ newDeadline: '2026-09-30', reason: A_EXTENSION_REASON });
    expect(ext.status).toBe(201);
    a.extension = ext.body.id;
    // An inbox notification of unit A's manager (written as the follow-up worker would).
    const [n] = await t.dataSource.query(
      `INSERT INTO notifications (user_id, digest_key, title, body, item_ids, run_id, created_at)
       VALUES ($1, 'leak-test', '甲单位催办XQ7', '甲单位催办XQ7正文', ARRAY[$2]::uuid[], $3, now()) RETURNING id`,
      [org.users.managerA.id, a.item, RANDOM_UUID],
    );
    a.notification = n.id;
    // A's entries in the office's registers (问题线索, 约谈, 问责).
    const clue = await office.post('/api/v1/clues').send({
      inspectionId: round.roundId,
      unitId: org.units.a,
      findingId: a.finding,
      summary: '甲单位线索XQ7',
      transferredTo: '纪检监察',
      transferredOn: '2026-06-10',
    });
    expect(clue.status).toBe(201);
    a.clue = clue.body.id;
    const interview = await office
      .post('/api/v1/interviews')
      .send({ unitId: org.units.a, itemIds: [a.item], date: '2026-06-12', interviewer: '巡察办主任', note: '甲单位约谈XQ7' });
    expect(interview.status).toBe(201);
    a.interview = interview.body.id;
    const accountability = await office
      .post('/api/v1/accountability')
      .send({ unitId: org.units.a, subject: '甲单位问责对象XQ7', decision: '通报批评', decidedOn: '2026-06-14' });
    expect(accountability.status).toBe(201);
    a.accountability = accountability.body.id;
    // A's own 整改方案 with a draft item.
    a.unitPlan = await openUnitPlan(t, org.users.managerA.token, round.roundId, org.units.a);
    const report = await t
      .as(org.users.managerA.token)
      .post('/api/v1/unit-reports')
      .send({ inspectionId: round.roundId, unitId: org.units.a, summary: '甲单位整改情况报告XQ7' });
    expect(report.status).toBe(201);
    a.unitReport = report.body.id;
    // A closed item of A under a 回头看.
    const closedA = await item(a.finding, org.units.a, `${A_ITEM_TITLE}-已销号`, '2026-06-20');
    await t.dataSource.query(
      `UPDATE rectification_items SET status = 'closed', closed_at = now(), closed_on = '2026-06-12' WHERE id = $1`,
      [closedA],
    );
    const recheck = await office.post('/api/v1/rechecks').send({ itemIds: [closedA], dueDate: '2026-09-30' });
    expect(recheck.status).toBe(201);
    a.recheck = recheck.body.data[0].id;
    a.draftItem = await draftItem(t, org.users.managerA.token, {
      unitPlanId: a.unitPlan,
      findingId: a.finding,
      unitId: org.units.a,
      title: `${A_ITEM_TITLE}-草稿`,
      deadline: '2026-08-31',
    });
    // A 督办单 addressed to A (its Word copy and JSON are covered by the route walk below).
    const supervise = await office.post(`/api/v1/items/${a.overdueItem}/chase`).send({ kind: 'supervise' });
    expect(supervise.status).toBe(201);
    const [notice] = await t.dataSource.query(`SELECT id FROM supervision_notices WHERE item_id = $1`, [a.overdueItem]);
    a.notice = notice.id;
    // A's side of the round: its feedback date (and so its obligations), a self-check sent to A about B's finding.
    for (const unitId of [org.units.a, org.units.b]) {
      const feedback = await office.post(`/api/v1/inspections/${round.roundId}/feedbacks`).send({ unitId, feedbackDate: '2026-06-10' });
      expect(feedback.status).toBe(201);
      if (unitId === org.units.a) a.feedback = feedback.body.id;
    }
    const common = await office
      .post(`/api/v1/findings/${b.finding}/common`)
      .send({ scope: 'units', unitIds: [org.units.a], dueDate: '2026-07-15', instructions: '甲单位自查要求XQ7' });
    expect(common.status).toBe(201);
    const selfChecks = await office.get(`/api/v1/self-checks?commonProblemId=${common.body.id}`);
    expect(selfChecks.body.total).toBe(1);
    a.selfCheck = selfChecks.body.data[0].id;
    a.unit = org.units.a;
    a.unit1 = org.units.a1;
    a.group = round.groupIds[0];
    a.batch = round.batchIds[0];
    a.managerA = org.users.managerA.id;
    a.staffA = org.users.staffA.id;
    markers = [
      ...Object.entries(a)
        .filter(([k]) => k !== 'batch') // the round's batches are listed to anyone the round inspects
        .map(([, v]) => v),
      '甲单位',
      'XQ7',
      'managerA',
      'staffA',
    ];
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  afterAll(async () => {
    await t?.close();
  });

  const outsiders = () =>
    [
      ['managerB', org.users.managerB.token],
      ['staffB', org.users.staffB.token],
      ['inspector(B)', org.users.inspector.token],
    ] as const;

  async function auditMax(): Promise<string> {
    const [row] = await t.dataSource.query(`SELECT max(id)::text AS m, count(*)::int AS c FROM audit_entries`);
    return `${row.m}/${row.c}`;
  }

  /** A's id for a path whose first segment names the kind of record. */
  function idFor(path: string): string | undefined {
    const segment = path.split('/')[3];
    return (
      {
        items: a.item,
        findings: a.finding,
        evidence: a.evidence,
        extensions: a.extension,
        notifications: a.notification,
        units: a.unit,
        users: a.staffA,
        clues: a.clue,
        interviews: a.interview,
        accountability: a.accountability,
        'unit-plans': a.unitPlan,
        'unit-reports': a.unitReport,
        rechecks: a.recheck,
        'supervision-notices': a.notice,
        measures: measureA,
        'self-checks': a.selfCheck,
      } as Record<string, string>
    )[segment];
  }

  function leaks(body: unknown): string[] {
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
    return markers.filter((m) => text.includes(m));
  }

  it('every read with an id of A answers exactly like a read of a random id, and never mentions A', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/') || !ops.get) continue;
      const hasId = /\{id\}/.test(path);
      const aId = idFor(path);
      if (hasId && !aId) continue;
      // Every query parameter set to one of A's ids (or A's unit for unit filters).
      const qs = (ops.get.parameters ?? [])
        .filter((p) => p.in === 'query' && /Id$/.test(p.name))
        .map((p) => {
          const v = { unitId: a.unit, findingId: a.finding, ownerId: a.staffA, groupId: a.group, batchId: a.batch }[p.name];
          return v ? `${p.name}=${v}` : null;
        })
        .filter(Boolean)
        .join('&');
      for (const [who, token] of outsiders()) {
        const url = (id: string) => `${path.replace('{id}', id)}${qs ? `?${qs}` : ''}`;
        const mine = await t.as(token).get(url(aId ?? ''));
        checked++;
        const found = leaks(mine.text);
        if (found.length) problems.push(`${who} GET ${url(aId ?? '')} → ${mine.status} mentions ${found.join(', ')}`);
        if (hasId) {
          const other = await t.as(token).get(url(RANDOM_UUID));
          if (mine.status !== other.status || JSON.stringify(mine.body) !== JSON.stringify(other.body)) {
            problems.push(
              `${who} GET ${path}: A's id → ${mine.status} ${JSON.stringify(mine.body).slice(0, 80)}; random → ${other.status}`,
            );
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
    expect(problems).toEqual([]);
  });

  it('every change aimed at A is refused exactly like one aimed at a random id, and writes nothing', async () => {
    const bodies: Record<string, object> = {
      '/api/v1/items/{id}': { title: '改', version: 1 },
      '/api/v1/items/{id}/progress': { note: '乙单位试图登记进展' },
      '/api/v1/items/{id}/transitions': { action: 'start' },
      '/api/v1/items/{id}/extensions': { newDeadline: '2026-12-31', reason: '试图申请延期' },
      '/api/v1/extensions/{id}/decision': { approve: true },
      '/api/v1/notifications/{id}/read': {},
      '/api/v1/clues/{id}': { outcome: '乙单位试图登记处置结果', outcomeOn: '2026-07-01' },
      '/api/v1/unit-plans/{id}/decision': { approve: false, comment: '乙单位试图退回' },
      '/api/v1/unit-reports/{id}/decision': { accept: false, comment: '乙单位试图退回' },
      '/api/v1/rechecks/{id}/result': { held: false, note: '乙单位试图登记反弹' },
      '/api/v1/self-checks/{id}/answer': { found: false, statement: '乙单位试图答复' },
    };
    const problems: string[] = [];
    const before = await auditMax();
    for (const [path, ops] of Object.entries(doc.paths)) {
      const aId = idFor(path);
      if (!path.startsWith('/api/v1/') || !/\{id\}/.test(path) || !aId) continue;
      for (const method of ['post', 'patch', 'put', 'delete'] as const) {
        if (!ops[method]) continue;
        for (const [who, token] of outsiders()) {
          const send = (id: string) => {
            // A nested id (DELETE /items/{id}/evidence/{evidenceId}) is always A's own.
            const req = t.as(token)[method](path.replace('{id}', id).replace('{evidenceId}', a.evidence));
            return path.endsWith('/evidence') || path.endsWith('/files')
              ? req.attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' })
              : req.send(bodies[path] ?? {});
          };
          const mine = await send(aId);
          const other = await send(RANDOM_UUID);
          if (mine.status < 400) problems.push(`${who} ${method} ${path} on A → ${mine.status}`);
          if (mine.status !== other.status || mine.body?.code !== other.body?.code || leaks(mine.text).length) {
            problems.push(
              `${who} ${method} ${path}: A's id → ${mine.status} ${mine.body?.code}; random → ${other.status} ${other.body?.code}`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await auditMax()).toBe(before);
    const [n] = await t.dataSource.query(`SELECT read_at FROM notifications WHERE id = $1`, [a.notification]);
    expect(n.read_at).toBeNull();
  });

  it('lists and figures count only B: items, findings, extensions, measures, reports, inbox', async () => {
    const mb = t.as(org.users.managerB.token);
    const items = await mb.get('/api/v1/items?pageSize=200');
    expect(items.status).toBe(200);
    expect(items.body.total).toBe(1);
    expect(items.body.data.map((i: { id: string }) => i.id)).toEqual([b.item]);
    const overdueItems = await mb.get('/api/v1/items?overdue=true');
    expect(overdueItems.body.total).toBe(0);
    // The list's group, deadline-range and sort options never widen it: A's group and A's deadlines give nothing.
    const byAGroup = await mb.get(`/api/v1/items?groupId=${round.groupIds[0]}&from=2026-01-01&to=2026-12-31&sort=unit&order=desc`);
    expect(byAGroup.status).toBe(200);
    expect(byAGroup.body.total).toBe(0);
    const byDeadline = await mb.get('/api/v1/items?from=2026-04-01&to=2026-07-01&sort=title&pageSize=200');
    expect(leaks(byDeadline.text)).toEqual([]);

    const findings = await mb.get('/api/v1/findings?pageSize=200');
    expect(findings.body.total).toBe(1);
    expect(findings.body.data[0].id).toBe(b.finding);

    const feedbacks = await mb.get(`/api/v1/inspections/${round.roundId}/feedbacks`);
    expect(feedbacks.status).toBe(200);
    expect(feedbacks.body.data.map((f: { unitId: string }) => f.unitId)).toEqual([org.units.b]);
    const selfChecks = await mb.get('/api/v1/self-checks');
    expect(selfChecks.status).toBe(200);
    expect(selfChecks.body.total).toBe(0);

    const extensions = await mb.get('/api/v1/extensions');
    expect(extensions.status).toBe(200);
    expect(extensions.body).toEqual([]);

    const measures = await mb.get(`/api/v1/plans/${plan.planId}/measures`);
    expect(measures.status).toBe(200);
    const byNumber = new Map((measures.body as { number: number; findingCount: number; itemCount: number }[]).map((m) => [m.number, m]));
    expect(byNumber.get(47)).toMatchObject({ findingCount: 0, itemCount: 0, leadUnitId: null, status: 'not_started' });
    expect(leaks(measures.text)).toEqual([]);
    expect(byNumber.get(46)).toMatchObject({ findingCount: 1, itemCount: 1 });

    const overview = await mb.get('/api/v1/reports/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.total).toBe(1);
    expect(overview.body.overdue).toBe(0);
    const closure = await mb.get('/api/v1/reports/closure?groupBy=unit');
    expect(closure.status).toBe(200);
    expect((closure.body as { total: number }[]).reduce((s, r) => s + r.total, 0)).toBe(1);
    const perMeasure = await mb.get(`/api/v1/reports/measures?planId=${plan.planId}`);
    expect(perMeasure.status).toBe(200);
    const m47 = (perMeasure.body as { number: number }[]).find((m) => m.number === 47);
    const m46 = (perMeasure.body as { number: number }[]).find((m) => m.number === 46);
    expect(m47).toMatchObject({ total: 0, closed: 0, overdue: 0, covered: false });
    expect(m46).toMatchObject({ total: 1, covered: true });
    const coverage = await mb.get(`/api/v1/reports/coverage?planId=${plan.planId}`);
    expect(coverage.status).toBe(200);
    expect(leaks(coverage.text)).toEqual([]);
    const overdue = await mb.get('/api/v1/reports/overdue');
    expect(overdue.status).toBe(200);
    expect(leaks(overdue.text)).toEqual([]);

    for (const [who, token] of outsiders()) {
      const ledger = await t.as(token).get('/api/v1/reports/ledger.xlsx?format=csv');
      expect(ledger.status).toBe(200);
      expect({ who, leaks: leaks(ledger.text) }).toEqual({ who, leaks: [] });
      const trend = await t.as(token).get(`/api/v1/reports/trend?unitId=${a.unit}`);
      expect({ who, leaks: leaks(trend.text) }).toEqual({ who, leaks: [] });
    }

    const inbox = await mb.get('/api/v1/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.total).toBe(0);

    for (const list of ['/api/v1/unit-plans', '/api/v1/unit-reports', '/api/v1/rechecks']) {
      const res = await mb.get(list);
      expect({ list, status: res.status, total: res.body.total }).toEqual({ list, status: 200, total: 0 });
    }

    const units = await mb.get('/api/v1/units');
    expect((units.body as { id: string }[]).map((u) => u.id)).toEqual([org.units.b]);

    const inspection = await mb.get(`/api/v1/inspections/${round.roundId}`);
    expect(inspection.status).toBe(200);
    expect(leaks(inspection.text)).toEqual([]);
  });

  it("registers: clues and accountability are 404 to unit users, inspectors and admin; 约谈 only to the unit's own manager", async () => {
    const hidden = [
      ...outsiders(),
      ['managerA', org.users.managerA.token],
      ['staffA', org.users.staffA.token],
      ['admin', org.adminToken],
    ] as const;
    const missing = { clues: RANDOM_UUID, accountability: RANDOM_UUID };
    for (const [who, token] of hidden) {
      const as = t.as(token);
      for (const [register, id] of [
        ['clues', a.clue],
        ['accountability', a.accountability],
      ] as const) {
        const list = await as.get(`/api/v1/${register}?unitId=${a.unit}`);
        const one = await as.get(`/api/v1/${register}/${id}`);
        const none = await as.get(`/api/v1/${register}/${missing[register]}`);
        expect({ who, register, list: list.status, one: one.status, leaks: leaks(list.text + one.text) }).toEqual({
          who,
          register,
          list: 404,
          one: 404,
          leaks: [],
        });
        expect(one.body).toEqual(none.body);
      }
    }
    // 约谈: A's manager reads A's record; B's manager, B's staff, the inspector and admin do not.
    const mine = await t.as(org.users.managerA.token).get(`/api/v1/interviews/${a.interview}`);
    expect(mine.status).toBe(200);
    expect((await t.as(org.users.managerA.token).get('/api/v1/interviews')).body.total).toBe(1);
    const mb = await t.as(org.users.managerB.token).get('/api/v1/interviews');
    expect(mb.status).toBe(200);
    expect(mb.body.total).toBe(0);
    expect(leaks(mb.text)).toEqual([]);
    for (const [who, token] of [...outsiders(), ['staffA', org.users.staffA.token], ['admin', org.adminToken]] as const) {
      const one = await t.as(token).get(`/api/v1/interviews/${a.interview}`);
      expect({ who, status: one.status, leaks: leaks(one.text) }).toEqual({ who, status: 404, leaks: [] });
      expect(one.body).toEqual((await t.as(token).get(`/api/v1/interviews/${RANDOM_UUID}`)).body);
    }
  });

  it("register pages (问题线索, 约谈, 问责) are in no menu but the bureau readers' and answer 403 to everyone else", async () => {
    const registers = ['clues', 'interviews', 'accountability'] as const;
    for (const role of ['unit_manager', 'unit_staff', 'inspector', 'admin'] as const) {
      for (const r of registers) expect({ role, page: r, inMenu: NAV[role].includes(r) }).toEqual({ role, page: r, inMenu: false });
    }
    expect(registers.every((r) => NAV.office.includes(r) && NAV.leadership.includes(r))).toBe(true);
    for (const [who, token] of [
      ...outsiders(),
      ['managerA', org.users.managerA.token],
      ['staffA', org.users.staffA.token],
      ['admin', org.adminToken],
    ] as const) {
      for (const r of registers) {
        const page = await t.http().get(PAGE_ROUTES[r].path).set('Authorization', `Bearer ${token}`);
        expect({ who, page: r, status: page.status, leaks: leaks(page.text) }).toEqual({ who, page: r, status: 403, leaks: [] });
      }
    }
    for (const token of [org.users.office.token, org.users.leadership.token]) {
      for (const r of registers) expect((await t.http().get(PAGE_ROUTES[r].path).set('Authorization', `Bearer ${token}`)).status).toBe(200);
    }
  });

  it('a clue referral (问题线索移交) is never shown to unit users, on their own findings either; the group and the office see it', async () => {
    const own = [
      ['managerB', org.users.managerB.token, b.finding],
      ['staffB', org.users.staffB.token, b.finding],
      ['managerA', org.users.managerA.token, a.finding],
      ['staffA', org.users.staffA.token, a.finding],
    ] as const;
    for (const [who, token, findingId] of own) {
      const as = t.as(token);
      const one = await as.get(`/api/v1/findings/${findingId}`);
      const list = await as.get('/api/v1/findings?clueReferred=true&pageSize=200');
      const inbox = await as.get('/api/v1/notifications');
      expect(one.status).toBe(200);
      expect(list.body.data.map((f: { id: string }) => f.id)).toContain(findingId);
      const seen = [one.body, ...list.body.data].map((f: { clueReferral?: unknown }) => f.clueReferral ?? null);
      const text = one.text + list.text + inbox.text;
      expect({ who, seen: seen.filter((x) => x !== null), note: text.includes('QZ9'), word: text.includes('移交') }).toEqual({
        who,
        seen: [],
        note: false,
        word: false,
      });
    }
    const group = await t.as(org.users.inspector.token).get(`/api/v1/findings/${b.finding}`);
    expect(group.body.clueReferral).toMatchObject({ note: CLUE_NOTE, by: { id: org.users.inspector.id } });
    const office = await t.as(org.users.office.token).get('/api/v1/findings?clueReferred=true');
    expect(office.body.data.map((f: { id: string }) => f.id).sort()).toEqual([a.finding, b.finding].sort());
  });

  it("security events (who was refused what) are the admin's alone: 403 to everyone else, whatever the filter", async () => {
    const callers = [
      ...outsiders(),
      ['managerA', org.users.managerA.token],
      ['office', org.users.office.token],
      ['leadership', org.users.leadership.token],
    ] as const;
    for (const [who, token] of callers) {
      for (const url of [
        '/api/v1/security-events',
        `/api/v1/security-events?userId=${a.staffA}`,
        '/api/v1/security-events?kind=forbidden',
      ]) {
        const res = await t.as(token).get(url);
        expect({ who, url, status: res.status, leaks: leaks(res.text) }).toEqual({ who, url, status: 403, leaks: [] });
      }
    }
    // The admin's list has them (the refusals above among them).
    const admin = await t.as(org.adminToken).get('/api/v1/security-events?kind=forbidden&pageSize=1');
    expect(admin.status).toBe(200);
    expect(admin.body.total).toBeGreaterThan(0);
  });

  it('a plan is read only where /inspections shows its higher-level inspection: otherwise 404, and missing from lists', async () => {
    const office = t.as(org.users.office.token);
    // A second higher-level inspection and its plan, which no round inspecting B (or the inspector's group) answers.
    const other = await office.post('/api/v1/inspections').send({
      kind: 'higher_level',
      title: '上级党组第五巡视组专项巡视ZP9',
      inspectingBody: '上级党组第五巡视组',
      startDate: '2026-01-05',
      endDate: '2026-02-05',
    });
    expect(other.status).toBe(201);
    const otherPlan = await office.post('/api/v1/plans').send({ inspectionId: other.body.id, title: '专项巡视整改方案ZP9' });
    expect(otherPlan.status).toBe(201);
    const problem = await office
      .post(`/api/v1/inspections/${other.body.id}/feedback-problems`)
      .send({ code: '1-1', category: '专项问题', description: '专项反馈问题ZP9' });
    expect(problem.status).toBe(201);
    const measure = await office
      .post(`/api/v1/plans/${otherPlan.body.id}/measures`)
      .send({ number: 1, content: '专项整改措施ZP9', feedbackProblemIds: [problem.body.id], rectificationType: 'time_limited' });
    expect(measure.status).toBe(201);

    for (const [who, token] of outsiders()) {
      const as = t.as(token);
      const seen = (res: { status: number; text: string }) => ({ who, status: res.status, mentions: res.text.includes('ZP9') });
      // /inspections already hides it …
      expect(seen(await as.get(`/api/v1/inspections/${other.body.id}`))).toEqual({ who, status: 404, mentions: false });
      // … and the plan answers the same way, exactly like a plan that does not exist.
      const hidden = await as.get(`/api/v1/plans/${otherPlan.body.id}`);
      const missing = await as.get(`/api/v1/plans/${RANDOM_UUID}`);
      expect(seen(hidden)).toEqual({ who, status: 404, mentions: false });
      expect(hidden.body).toEqual(missing.body);
      const measures = await as.get(`/api/v1/plans/${otherPlan.body.id}/measures`);
      expect(seen(measures)).toEqual({ who, status: 404, mentions: false });
      expect(measures.body).toEqual((await as.get(`/api/v1/plans/${RANDOM_UUID}/measures`)).body);
      // Nor do the reports that walk plans down to their measures and problems.
      for (const report of [
        '/api/v1/reports/measures',
        '/api/v1/reports/coverage',
        `/api/v1/reports/coverage?planId=${otherPlan.body.id}`,
      ]) {
        const res = await as.get(report);
        expect({ report, ...seen(res) }).toEqual({ report, who, status: 200, mentions: false });
      }
      const list = await as.get('/api/v1/plans');
      expect(seen(list)).toEqual({ who, status: 200, mentions: false });
      expect(seen(await as.get(`/api/v1/plans?inspectionId=${other.body.id}`))).toEqual({ who, status: 200, mentions: false });
      // The 对账 list is the bureau's: 404 for them even on the plan they read, like a missing plan.
      const rec = await as.get(`/api/v1/plans/${plan.planId}/reconciliation`);
      expect(seen(rec)).toEqual({ who, status: 404, mentions: false });
      expect(rec.body).toEqual((await as.get(`/api/v1/plans/${RANDOM_UUID}/reconciliation`)).body);
      // The plan their own round answers stays readable, as its inspection is through /inspections.
      expect((await as.get(`/api/v1/inspections/${plan.inspectionId}`)).status).toBe(200);
      expect((await as.get(`/api/v1/plans/${plan.planId}`)).status).toBe(200);
      expect((list.body as { id: string }[]).map((p) => p.id)).toEqual([plan.planId]);
    }
    // The bureau reads both.
    expect((await t.as(org.users.leadership.token).get(`/api/v1/plans/${otherPlan.body.id}`)).status).toBe(200);
    expect((await t.as(org.users.leadership.token).get('/api/v1/plans')).body).toHaveLength(2);
  });

  it('office-only settings and boards (a unit’s group robot, the follow-up board) answer 403 to units and inspectors, for A’s id as for a random one', async () => {
    const office = t.as(org.users.office.token);
    // A's robot exists, so an answer that let it through would name it.
    const set = await office
      .put(`/api/v1/units/${a.unit}/webhook`)
      .send({ url: 'https://robot.example.test/XQ7/send?key=k1', style: 'wecom' });
    expect(set.status).toBe(200);
    expect((await office.get(`/api/v1/units/${a.unit}/webhook`)).text).toContain('XQ7');
    const robot = () => t.dataSource.query(`SELECT url, style, updated_at FROM unit_webhooks WHERE unit_id = $1`, [a.unit]);
    const robotBefore = await robot();
    const auditBefore = await auditMax();
    const calls = [
      ['get', '/api/v1/units/{id}/webhook', undefined],
      ['put', '/api/v1/units/{id}/webhook', { url: 'https://evil.example.test/hook', style: 'generic' }],
      ['delete', '/api/v1/units/{id}/webhook', undefined],
    ] as const;
    for (const [who, token] of outsiders()) {
      for (const [method, path, body] of calls) {
        const call = (id: string) =>
          t
            .as(token)
            [method](path.replace('{id}', id))
            .send(body ?? {});
        const mine = await call(a.unit);
        const other = await call(RANDOM_UUID);
        expect({ who, method, status: mine.status, leaks: leaks(mine.text) }).toEqual({ who, method, status: 403, leaks: [] });
        expect({ who, method, status: other.status, body: other.body }).toEqual({ who, method, status: mine.status, body: mine.body });
      }
      const board = await t.as(token).get('/api/v1/follow-up/board');
      expect({ who, status: board.status, leaks: leaks(board.text) }).toEqual({ who, status: 403, leaks: [] });
    }
    expect(await robot()).toEqual(robotBefore);
    expect(await auditMax()).toBe(auditBefore);
    expect((await office.get('/api/v1/follow-up/board')).status).toBe(200);
  });
});
