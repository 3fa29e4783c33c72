import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { seedOrg, type Org } from './support/org.js';
import { importFixturePlan, PLAN_CSV, PLAN_XLSX, XLSX_MIME } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { xlsxOf } from './support/workbooks.js';

interface MeasureBody {
  id: string;
  number: number;
  deadline: string | null;
  deadlineText: string | null;
  rectificationType: string;
  feedbackProblems: { code: string }[];
  findingCount: number;
  itemCount: number;
  leadUnitId: string | null;
  cooperatingUnits: { id: string; name: string }[];
}

describe('plans: import of the 53-measure plan (xlsx and csv), measures, all-or-nothing errors', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const office = () => t.as(org.users.office.token);
  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM feedback_problems)::int AS problems, (SELECT COUNT(*) FROM measures)::int AS measures,
              (SELECT COUNT(*) FROM measure_feedback_problems)::int AS links, (SELECT COUNT(*) FROM audit_entries)::int AS audits`,
    );
    return row as { problems: number; measures: number; links: number; audits: number };
  };
  const newPlan = async (issuedDate: string | undefined = '2019-06-10') => {
    const insp = await office().post('/api/v1/inspections').send({
      kind: 'higher_level',
      title: '上级巡视',
      startDate: '2019-03-01',
      endDate: '2019-04-30',
      feedbackDate: '2019-05-20',
    });
    expect(insp.status).toBe(201);
    const plan = await office().post('/api/v1/plans').send({ inspectionId: insp.body.id, title: '整改落实方案', issuedDate });
    expect(plan.status).toBe(201);
    return { inspectionId: insp.body.id as string, planId: plan.body.id as string };
  };
  const upload = (planId: string, body: Buffer, filename: string, contentType: string, query = '') =>
    office().post(`/api/v1/plans/${planId}/import${query}`).attach('file', body, { filename, contentType });
  const measuresOf = async (planId: string) => {
    const res = await office().get(`/api/v1/plans/${planId}/measures`);
    expect(res.status).toBe(200);
    return res.body as MeasureBody[];
  };

  const expectFixturePlan = (measures: MeasureBody[]) => {
    expect(measures).toHaveLength(53);
    expect(measures.map((m) => m.number)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
    const twoProblems = measures.filter((m) => m.feedbackProblems.length === 2).map((m) => m.number);
    expect(twoProblems).toEqual([4, 25, 28, 38, 44, 48]);
    const byNumber = new Map(measures.map((m) => [m.number, m]));
    expect(
      byNumber
        .get(4)!
        .feedbackProblems.map((p) => p.code)
        .sort(),
    ).toEqual(['1-1', '6-2']);
    expect(
      byNumber
        .get(48)!
        .feedbackProblems.map((p) => p.code)
        .sort(),
    ).toEqual(['5-2', '6-1']);
    expect(byNumber.get(2)).toMatchObject({ deadline: '2019-09-30', deadlineText: '2019年9月底前', rectificationType: 'time_limited' });
    expect(byNumber.get(3)).toMatchObject({ deadline: '2019-12-31', rectificationType: 'time_limited' });
    expect(byNumber.get(47)).toMatchObject({ deadline: '2020-06-30', deadlineText: '2020年6月底前' });
    expect(byNumber.get(1)).toMatchObject({ rectificationType: 'immediate', deadlineText: '立行立改', deadline: '2019-06-10' });
    expect(byNumber.get(8)).toMatchObject({ rectificationType: 'long_term', deadlineText: '长期坚持', deadline: null });
    expect(byNumber.get(35)).toMatchObject({ rectificationType: 'long_term', deadlineText: '每季度', deadline: null });
    expect(measures.every((m) => m.findingCount === 0 && m.itemCount === 0)).toBe(true);
  };

  /** The departments of the sample plan as units of the org tree; 办公室 only by alias. */
  const departments: Record<string, string> = {};
  it('units answer to the departments of the plan by name or alias', async () => {
    const admin = t.as(org.adminToken);
    const names: [string, string, string[]][] = [
      ['D-OFFICE', '局办公室', ['办公室']],
      ['D-PARTY', '机关党委', []],
      ['D-FIN', '财务处', []],
      ['D-DISC', '纪检组', []],
      ['D-HR', '人事处', []],
      ['D-INSP', '巡察办', []],
      ['D-INFO', '信息中心', []],
    ];
    for (const [code, name, aliases] of names) {
      const res = await admin.post('/api/v1/units').send({ code, name, aliases });
      expect(res.status).toBe(201);
      expect(res.body.aliases).toEqual(aliases);
      departments[aliases[0] ?? name] = res.body.id;
    }
  });

  it('imports the office xlsx (title row, category rows, merged problems, full-width 序号, blank row) to 14 problems and 53 measures', async () => {
    const { inspectionId, planId } = await newPlan();
    const res = await upload(planId, readFileSync(PLAN_XLSX), '整改落实方案.xlsx', XLSX_MIME);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ feedbackProblems: 14, measures: 53, warnings: [] });
    const measures = await measuresOf(planId);
    expectFixturePlan(measures);
    // 牵头部门 办公室 (an alias) and 配合部门 机关党委 became units; 各处室 names no one unit.
    expect(measures[0]).toMatchObject({ leadUnitId: departments['办公室'], cooperatingUnits: [{ id: departments['机关党委'] }] });
    expect(measures[1]).toMatchObject({ leadUnitId: departments['办公室'], cooperatingUnits: [] });
    expect(measures[0]).toMatchObject({ immediate: true, status: 'not_started', statusLabel: '未启动' });
    const problems = await office().get(`/api/v1/inspections/${inspectionId}/feedback-problems`);
    expect(problems.body).toHaveLength(14);
    expect(problems.body[0]).toMatchObject({ code: '1-1', category: '党的政治建设方面' });
    expect(new Set(problems.body.map((p: { category: string }) => p.category)).size).toBe(6);
    const detail = await office().get(`/api/v1/inspections/${inspectionId}`);
    expect(detail.body.feedbackProblems).toHaveLength(14);
  });

  it('imports the csv to the same plan, and a second import of the same numbers is refused with 409 writing nothing', async () => {
    const { planId } = await newPlan();
    const res = await upload(planId, readFileSync(PLAN_CSV), 'plan.csv', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ feedbackProblems: 14, measures: 53 });
    expectFixturePlan(await measuresOf(planId));
    const before = await counts();
    const again = await upload(planId, readFileSync(PLAN_CSV), 'plan.csv', 'text/csv');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DUPLICATE');
    expect(await counts()).toEqual(before);
  });

  it('imports a csv whose columns are shuffled, with a BOM and an extra column', async () => {
    const { planId } = await newPlan();
    const text = readFileSync(PLAN_CSV, 'utf8').replace(/^\uFEFF/, '');
    const { parseCsv } = await import('../src/modules/plans/import/csv.js');
    const rows = parseCsv(text).filter((r) => r.length > 1);
    const order = [9, 4, 0, 5, 2, 8, 1, 3, 7, 6];
    const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
    const shuffled = rows.map((r, i) => [...order.map((k) => r[k]), i === 0 ? '备注' : '额外'].map(quote).join(',')).join('\r\n');
    const res = await upload(planId, Buffer.from(`\uFEFF${shuffled}\r\n`, 'utf8'), 'shuffled.csv', 'text/csv');
    expect(res.status).toBe(200);
    expectFixturePlan(await measuresOf(planId));
  });

  it('a dry run reports the counts and writes nothing', async () => {
    const { planId } = await newPlan();
    const before = await counts();
    const res = await upload(planId, readFileSync(PLAN_XLSX), 'plan.xlsx', XLSX_MIME, '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, feedbackProblems: 14, measures: 53 });
    expect(await counts()).toEqual(before);
  });

  it('a csv with a bad deadline and an unknown related problem is refused naming rows and columns, nothing written', async () => {
    const { planId } = await newPlan();
    const lines = readFileSync(PLAN_CSV, 'utf8').split(/\r?\n/);
    // Line 6 is measure 5; line 11 is measure 10 (row numbers as a spreadsheet shows them).
    lines[5] = lines[5].replace(/立行立改$/, '尽快完成');
    lines[10] = lines[10].replace(',,党组书记,机关党委,,长期坚持', ',9-9,党组书记,机关党委,,长期坚持');
    const before = await counts();
    const res = await upload(planId, Buffer.from(lines.join('\n'), 'utf8'), 'bad.csv', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'IMPORT_FAILED', message: expect.stringContaining('第6行') });
    expect(res.body.details).toEqual([
      { row: 6, column: '完成时限', message: expect.stringContaining('尽快完成') },
      { row: 11, column: '关联问题编号', message: expect.stringContaining('9-9') },
    ]);
    expect(res.body).toMatchObject({ errorCount: 2, truncated: false });
    expect(await counts()).toEqual(before);
    expect(await measuresOf(planId)).toEqual([]);
  });

  it('a csv of thousands of bad rows answers the first 100 problems and the total count, nothing written', async () => {
    const { planId } = await newPlan();
    const header = readFileSync(PLAN_CSV, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0];
    const rows = Array.from({ length: 5000 }, (_, i) => `${i + 1},一、党的政治建设方面,1-1,问题,措施${i + 1},,党组书记,办公室,,尽快完成`);
    const before = await counts();
    const res = await upload(planId, Buffer.from([header, ...rows].join('\n'), 'utf8'), 'many.csv', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'IMPORT_FAILED',
      errorCount: 5000,
      truncated: true,
      message: expect.stringContaining('共5000处错误'),
    });
    expect(res.body.details).toHaveLength(100);
    expect(res.body.details[0]).toEqual({ row: 2, column: '完成时限', message: expect.stringContaining('尽快完成') });
    expect(res.body.details[99]).toEqual({ row: 101, column: '完成时限', message: expect.stringContaining('尽快完成') });
    expect(JSON.stringify(res.body).length).toBeLessThan(32 * 1024);
    expect(await counts()).toEqual(before);
  });

  it('a deadline in year 0000 (which PostgreSQL cannot store) is refused by the import naming the cell, not by the database', async () => {
    const { planId } = await newPlan();
    const lines = readFileSync(PLAN_CSV, 'utf8').split(/\r?\n/);
    lines[5] = lines[5].replace(/立行立改$/, '0000年底前');
    const before = await counts();
    const res = await upload(planId, Buffer.from(lines.join('\n'), 'utf8'), 'year0.csv', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_FAILED');
    expect(res.body.details).toEqual([{ row: 6, column: '完成时限', message: expect.stringContaining('年份') }]);
    expect(await counts()).toEqual(before);
  });

  it('a fed-back problem longer than the API accepts (5000) is refused naming the cell, nothing written', async () => {
    const { planId } = await newPlan();
    const lines = readFileSync(PLAN_CSV, 'utf8').split(/\r?\n/);
    const cells = lines[5].split(','); // measure 5: 序号,问题类别,反馈问题编号,反馈问题,…
    cells[3] = `${cells[3]}${'问'.repeat(5001)}`;
    lines[5] = cells.join(',');
    const before = await counts();
    const res = await upload(planId, Buffer.from(lines.join('\n'), 'utf8'), 'long.csv', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ row: 6, column: '反馈问题', message: expect.stringContaining('过长') }]);
    expect(await counts()).toEqual(before);
  });

  it('reads merged cells, category rows and full-width numbers from a generated workbook', async () => {
    const { planId } = await newPlan('2020-01-15');
    const book = await xlsxOf('方案', (ws) => {
      ws.addRow(['整改方案']);
      ws.mergeCells('A1:E1');
      ws.addRow(['完成时限', '整改措施', '序号', '反馈问题', '关联问题']);
      ws.addRow(['（一）组织建设']);
      ws.mergeCells('A3:E3');
      ws.addRow(['12月31日前', '措施甲', '１', '２．１ 组织问题', '']);
      ws.addRow(['2020年6月30日前', '措施乙', '２', null, '']);
      ws.mergeCells('D4:D5');
      ws.addRow([]);
      ws.addRow(['立行立改', '措施丙', '3', '2.2 另一问题', '2.1']);
    });
    const res = await upload(planId, book, 'gen.xlsx', XLSX_MIME);
    expect(res.status).toBe(200);
    const measures = await measuresOf(planId);
    expect(measures.map((m) => [m.number, m.deadline, m.rectificationType, m.feedbackProblems.map((p) => p.code).sort()])).toEqual([
      [1, '2020-12-31', 'time_limited', ['2-1']],
      [2, '2020-06-30', 'time_limited', ['2-1']],
      [3, '2020-01-15', 'immediate', ['2-1', '2-2']],
    ]);
  });

  it('rejects wrong file types (415), oversized files (413) and a missing file (400); only the office imports', async () => {
    const { planId } = await newPlan();
    const pdf = await upload(planId, Buffer.from('%PDF-1.4 not a sheet'), 'plan.pdf', 'application/pdf');
    expect(pdf.status).toBe(415);
    const xls = await upload(planId, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'plan.xls', 'application/vnd.ms-excel');
    expect(xls.status).toBe(415);
    const big = await upload(planId, Buffer.alloc(6 * 1024 * 1024, 0x41), 'big.csv', 'text/csv');
    expect(big.status).toBe(413);
    const none = await office().post(`/api/v1/plans/${planId}/import`);
    expect(none.status).toBe(400);
    const unit = await t
      .as(org.users.managerA.token)
      .post(`/api/v1/plans/${planId}/import`)
      .attach('file', readFileSync(PLAN_CSV), { filename: 'plan.csv', contentType: 'text/csv' });
    expect(unit.status).toBe(403);
  });

  it('plans answer higher-level inspections only; measures need problems of that inspection', async () => {
    const round = await office()
      .post('/api/v1/inspections')
      .send({ kind: 'internal_round', title: '巡察', startDate: '2026-03-01', endDate: '2026-02-01' });
    expect(round.status).toBe(400);
    const ok = await office()
      .post('/api/v1/inspections')
      .send({ kind: 'internal_round', title: '巡察', startDate: '2026-03-01', endDate: '2026-05-01' });
    expect(ok.status).toBe(201);
    const bad = await office().post('/api/v1/plans').send({ inspectionId: ok.body.id, title: '方案' });
    expect(bad.status).toBe(400);
    const fp = await office()
      .post(`/api/v1/inspections/${ok.body.id}/feedback-problems`)
      .send({ code: '1-1', category: '类', description: '问题' });
    expect(fp.status).toBe(409);

    const { inspectionId, planId } = await newPlan();
    const p1 = await office()
      .post(`/api/v1/inspections/${inspectionId}/feedback-problems`)
      .send({ code: '1.1', category: '政治建设', description: '问题一' });
    expect(p1.status).toBe(201);
    expect(p1.body.code).toBe('1-1');
    const batch = await office()
      .post(`/api/v1/inspections/${inspectionId}/batches`)
      .send({ number: 1, startDate: '2019-01-01', endDate: '2019-01-02' });
    expect(batch.status).toBe(409);
    const empty = await office()
      .post(`/api/v1/plans/${planId}/measures`)
      .send({ number: 1, content: '措施', feedbackProblemIds: [], rectificationType: 'immediate' });
    expect(empty.status).toBe(400);
    const m = await office()
      .post(`/api/v1/plans/${planId}/measures`)
      .send({
        number: 1,
        content: '措施',
        feedbackProblemIds: [p1.body.id],
        rectificationType: 'time_limited',
        deadline: '2019-09-30',
        deadlineText: '2019年9月底前',
      });
    expect(m.status).toBe(201);
    expect(m.body.feedbackProblems).toEqual([{ id: p1.body.id, code: '1-1', category: '政治建设', description: '问题一' }]);
    const dup = await office()
      .post(`/api/v1/plans/${planId}/measures`)
      .send({ number: 1, content: '措施', feedbackProblemIds: [p1.body.id], rectificationType: 'immediate' });
    expect(dup.status).toBe(409);
    const other = await newPlan();
    const foreign = await office()
      .post(`/api/v1/plans/${other.planId}/measures`)
      .send({ number: 1, content: '措施', feedbackProblemIds: [p1.body.id], rectificationType: 'immediate' });
    expect(foreign.status).toBe(400);
    const leader = await t
      .as(org.users.leadership.token)
      .post(`/api/v1/plans/${planId}/measures`)
      .send({ number: 2, content: '措施', feedbackProblemIds: [p1.body.id], rectificationType: 'immediate' });
    expect(leader.status).toBe(403);
    expect((await t.as(org.users.leadership.token).get(`/api/v1/plans/${planId}/measures`)).body).toHaveLength(1);
  });

  it('the shared helper imports the fixture plan', async () => {
    const plan = await importFixturePlan(t, org.users.office.token);
    expect(Object.keys(plan.measuresByNumber)).toHaveLength(53);
    expect(Object.keys(plan.problemsByCode).sort()).toContain('6-2');
  });

  it('a 牵头部门 no unit answers to is a warning, not an error: the measure keeps the text and gets no unit', async () => {
    const { planId } = await newPlan();
    const csv = readFileSync(PLAN_CSV, 'utf8').replace(/,办公室,机关党委,立行立改/, ',综合处,机关党委,立行立改');
    const dry = await upload(planId, Buffer.from(csv), 'plan.csv', 'text/csv', '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.warnings).toEqual([
      { row: expect.any(Number), column: '牵头部门', message: expect.stringContaining('“综合处”未匹配到单位') },
    ]);
    expect(dry.body.preview.measures[0]).toMatchObject({ number: 1, leadUnitId: null, cooperatingUnitIds: [departments['机关党委']] });
    const res = await upload(planId, Buffer.from(csv), 'plan.csv', 'text/csv');
    expect(res.status).toBe(200);
    const [first] = await measuresOf(planId);
    expect(first).toMatchObject({ leadDepartment: '综合处', leadUnitId: null });
  });
});
