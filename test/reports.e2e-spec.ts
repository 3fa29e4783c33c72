import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS } from '../src/modules/reports/ledger-columns.js';
import { seedOrg, type Org } from './support/org.js';
import { seedReportScenario, type ReportScenario } from './support/report-scenario.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { binary } from './support/office-files.js';

async function readWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('reports over a scenario with known counts (today = 2026-06-15)', () => {
  let t: TestApp;
  let org: Org;
  let s: ReportScenario;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    s = await seedReportScenario(t.dataSource, org);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (token: string, url: string) => t.as(token).get(`/api/v1/reports/${url}`);

  it('overview: totals, closure, overdue, due soon, on-time, mean days, long-term shown separately', async () => {
    const res = await get(org.users.leadership.token, 'overview');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 10,
      closed: 4,
      submitted: 1,
      inProgress: 2,
      pending: 3,
      overdue: 3,
      dueSoon: 1,
      closedOnTime: 3,
      closedLate: 1,
      closureRate: 0.4,
      onTimeRate: 0.75,
      meanDaysToClose: 10,
      longTerm: { total: 3, closed: 1, closureRate: 0.3333 },
      excludingLongTerm: { total: 7, closed: 3, closureRate: 0.4286 },
      byType: [
        { type: 'immediate', label: '立行立改', total: 2, closed: 1, overdue: 0, closureRate: 0.5 },
        { type: 'time_limited', label: '限期整改', total: 5, closed: 2, overdue: 2, closureRate: 0.4 },
        { type: 'long_term', label: '长期坚持', total: 3, closed: 1, overdue: 1, closureRate: 0.3333 },
      ],
      asOf: '2026-06-15',
    });
  });

  it('scope: a unit manager sees its subtree, another unit its own, an inspector the units its group inspects', async () => {
    const a = (await get(org.users.managerA.token, 'overview')).body;
    expect(a).toMatchObject({ total: 7, closed: 3, overdue: 2, dueSoon: 1, closureRate: 0.4286 });
    const a1 = (await get(org.users.managerA1.token, 'overview')).body;
    expect(a1).toMatchObject({ total: 2, closed: 1, overdue: 1 });
    const b = (await get(org.users.staffB.token, 'overview')).body;
    expect(b).toMatchObject({ total: 3, closed: 1, overdue: 1, closureRate: 0.3333 });
    const insp = (await get(org.users.inspector.token, 'overview')).body;
    expect(insp).toMatchObject({ total: 3, closed: 1 });
    // A filter never widens the scope: A's manager asking for B gets nothing of B.
    expect((await get(org.users.managerA.token, `overview?unitId=${org.units.b}`)).body).toMatchObject({
      total: 0,
      closed: 0,
      closureRate: null,
    });
    const units = (await get(org.users.managerA.token, 'closure?groupBy=unit')).body as { key: string }[];
    expect(units.map((u) => u.key).sort()).toEqual([org.units.a, org.units.a1].sort());
    const overdue = (await get(org.users.managerB.token, 'overdue')).body;
    expect(overdue.data.map((r: { id: string }) => r.id)).toEqual([s.items.b3]);
  });

  it('closure by unit, batch, group, category, type, month, measure, feedback problem', async () => {
    const L = org.users.leadership.token;
    const pick = (rows: Record<string, unknown>[]) =>
      rows.map(({ key, total, closed, submitted, inProgress, pending, overdue, closureRate }) => [
        key,
        total,
        closed,
        submitted,
        inProgress,
        pending,
        overdue,
        closureRate,
      ]);
    expect(pick((await get(L, 'closure?groupBy=unit')).body)).toEqual([
      [org.units.a, 5, 2, 1, 1, 1, 1, 0.4],
      [org.units.a1, 2, 1, 0, 1, 0, 1, 0.5],
      [org.units.b, 3, 1, 0, 0, 2, 1, 0.3333],
    ]);
    const unitRows = (await get(L, 'closure?groupBy=unit')).body;
    expect(unitRows.map((r: { label: string }) => r.label)).toEqual(['甲单位', '甲单位下属科室', '乙单位']);
    expect(pick((await get(L, 'closure?groupBy=batch')).body)).toEqual([
      [s.batches.b1, 7, 3, 1, 2, 1, 2, 0.4286],
      [s.batches.b2, 3, 1, 0, 0, 2, 1, 0.3333],
    ]);
    expect((await get(L, 'closure?groupBy=batch')).body[0].label).toBe('2026年第一轮巡察 第1批');
    expect(pick((await get(L, 'closure?groupBy=group')).body)).toEqual([
      [s.groups.g1, 7, 3, 1, 2, 1, 2, 0.4286],
      [s.groups.g2, 3, 1, 0, 0, 2, 1, 0.3333],
    ]);
    expect(pick((await get(L, 'closure?groupBy=category')).body)).toEqual([
      ['政治纪律', 8, 3, 1, 1, 3, 2, 0.375],
      ['组织纪律', 2, 1, 0, 1, 0, 1, 0.5],
    ]);
    const byType = pick((await get(L, 'closure?groupBy=type')).body).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(byType).toEqual([
      ['immediate', 2, 1, 0, 1, 0, 0, 0.5],
      ['long_term', 3, 1, 1, 0, 1, 1, 0.3333],
      ['time_limited', 5, 2, 0, 1, 2, 2, 0.4],
    ]);
    const months = (await get(L, 'closure?groupBy=month')).body;
    expect(pick(months)).toEqual([
      ['2026-05', 1, 1, 0, 0, 0, 0, 1],
      ['2026-06', 7, 2, 1, 2, 2, 3, 0.2857],
      ['2026-07', 1, 0, 0, 0, 1, 0, 0],
      ['2026-12', 1, 1, 0, 0, 0, 0, 1],
    ]);
    expect(months[1].label).toBe('2026年06月');
    // An item counts under each of its measures; measure 4 has no item and so no closure row.
    expect(pick((await get(L, 'closure?groupBy=measure')).body)).toEqual([
      [s.measures.m1, 5, 2, 1, 1, 1, 1, 0.4],
      [s.measures.m2, 7, 3, 1, 2, 1, 2, 0.4286],
      [s.measures.m3, 3, 1, 0, 0, 2, 1, 0.3333],
    ]);
    // Once per problem even when two of its measures carry the same finding.
    expect(pick((await get(L, 'closure?groupBy=feedbackProblem')).body)).toEqual([
      [s.problems.p1, 7, 3, 1, 2, 1, 2, 0.4286],
      [s.problems.p2, 10, 4, 1, 2, 3, 3, 0.4],
    ]);
  });

  it('filters: round, batch, unit subtree, measure, feedback problem, type, deadline range; bad input is 400', async () => {
    const L = org.users.office.token;
    const total = async (q: string) => (await get(L, `overview?${q}`)).body.total;
    expect(await total(`inspectionId=${s.roundId}`)).toBe(10);
    expect(await total(`batchId=${s.batches.b1}`)).toBe(7);
    expect(await total(`groupId=${s.groups.g2}`)).toBe(3);
    expect(await total(`unitId=${org.units.a}`)).toBe(7);
    expect(await total(`unitId=${org.units.a1}`)).toBe(2);
    expect(await total(`measureId=${s.measures.m1}`)).toBe(5);
    expect(await total(`measureId=${s.measures.m4}`)).toBe(0);
    expect(await total(`feedbackProblemId=${s.problems.p1}`)).toBe(7);
    expect(await total('type=long_term')).toBe(3);
    expect(await total('from=2026-06-01&to=2026-06-30')).toBe(7);
    expect(await total(`from=2026-06-01&to=2026-06-30&unitId=${org.units.b}`)).toBe(1);
    for (const bad of [
      'closure?groupBy=colour',
      'overview?unitId=nope',
      'overview?from=2026-02-30',
      'overview?type=soon',
      'overview?colour=red',
    ]) {
      const res = await get(L, bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('overdue list: most overdue first, with days overdue and escalation level', async () => {
    const res = await get(org.users.leadership.token, 'overdue');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.data.map((r: Record<string, unknown>) => [r.id, r.daysOverdue, r.escalationLevel, r.deadline])).toEqual([
      [s.items.b3, 14, 0, '2026-06-01'],
      [s.items.a3, 5, 2, '2026-06-10'],
      [s.items.a1_1, 1, 1, '2026-06-14'],
    ]);
    expect(res.body.data[1]).toMatchObject({ unit: { id: org.units.a, name: '甲单位' }, measureNumbers: [1, 2] });
    const page2 = await get(org.users.leadership.token, 'overdue?page=2&pageSize=2');
    expect(page2.body.data.map((r: { id: string }) => r.id)).toEqual([s.items.a1_1]);
  });

  it('measures: every measure with its problems and figures, uncovered ones flagged', async () => {
    const res = await get(org.users.leadership.token, `measures?planId=${s.planId}`);
    expect(res.status).toBe(200);
    expect(res.body.map((m: Record<string, unknown>) => [m.number, m.total, m.closed, m.overdue, m.closureRate, m.covered])).toEqual([
      [1, 5, 2, 1, 0.4, true],
      [2, 7, 3, 2, 0.4286, true],
      [3, 3, 1, 1, 0.3333, true],
      [4, 0, 0, 0, null, false],
    ]);
    expect(res.body[1].feedbackProblems.map((p: { code: string }) => p.code)).toEqual(['1-1', '1-2']);
    expect(res.body[1].content).toBe('整改措施2');
    // Unit B sees measures 1,2,4 as uncovered by its own items.
    const b = (await get(org.users.managerB.token, 'measures')).body;
    expect(b.map((m: { number: number; covered: boolean }) => [m.number, m.covered])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
    ]);
  });

  it('coverage: measures → feedback problems → the higher-level inspection, rolled up', async () => {
    const res = await get(org.users.leadership.token, 'coverage');
    expect(res.status).toBe(200);
    expect(res.body.inspections).toHaveLength(1);
    const ins = res.body.inspections[0];
    expect(ins).toMatchObject({
      id: s.higherId,
      title: '上级党组第二巡视组巡视',
      total: 10,
      closed: 4,
      overdue: 3,
      closureRate: 0.4,
      measureCount: 4,
      coveredMeasureCount: 3,
      uncoveredMeasureNumbers: [4],
    });
    expect(
      ins.feedbackProblems.map((p: Record<string, unknown>) => [
        p.code,
        p.total,
        p.closed,
        p.overdue,
        p.measureNumbers,
        p.uncoveredMeasureNumbers,
        p.covered,
      ]),
    ).toEqual([
      ['1-1', 7, 3, 2, [1, 2], [], true],
      ['1-2', 10, 4, 3, [2, 3], [], true],
      ['2-1', 0, 0, 0, [4], [4], false],
    ]);
  });

  it('trend: daily snapshots (idempotent), last of each week and month, scoped', async () => {
    const office = t.as(org.users.office.token);
    expect((await office.post('/api/v1/reports/snapshots')).body).toEqual({ day: '2026-06-15', units: 3 });
    expect((await office.post('/api/v1/reports/snapshots')).body).toEqual({ day: '2026-06-15', units: 3 });
    expect((await t.as(org.users.managerA.token).post('/api/v1/reports/snapshots')).status).toBe(403);
    await t.dataSource.query(`UPDATE rectification_items SET status = 'closed', closed_on = '2026-06-20' WHERE id = $1`, [s.items.b1]);
    t.clock.set('2026-06-20T02:00:00Z');
    await office.post('/api/v1/reports/snapshots');
    t.clock.set('2026-06-22T02:00:00Z');
    await office.post('/api/v1/reports/snapshots');
    await t.dataSource.query(`UPDATE rectification_items SET status = 'closed', closed_on = '2026-07-02' WHERE id = $1`, [s.items.b3]);
    t.clock.set('2026-07-02T02:00:00Z');
    await office.post('/api/v1/reports/snapshots');
    t.clock.set('2026-06-15T02:00:00Z');
    await t.dataSource.query(`UPDATE rectification_items SET status = 'pending', closed_on = NULL WHERE id IN ($1, $2)`, [
      s.items.b1,
      s.items.b3,
    ]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM report_snapshots WHERE day = '2026-06-15'`);
    expect(n).toBe(3);

    const week = (await get(org.users.leadership.token, 'trend?interval=week')).body;
    expect(week.map((r: Record<string, unknown>) => [r.period, r.day, r.total, r.closed, r.closureRate])).toEqual([
      ['2026-W25', '2026-06-20', 10, 5, 0.5],
      ['2026-W26', '2026-06-22', 10, 5, 0.5],
      ['2026-W27', '2026-07-02', 10, 6, 0.6],
    ]);
    const month = (await get(org.users.leadership.token, 'trend?interval=month')).body;
    expect(month.map((r: Record<string, unknown>) => [r.period, r.day, r.closed])).toEqual([
      ['2026-06', '2026-06-22', 5],
      ['2026-07', '2026-07-02', 6],
    ]);
    const b = (await get(org.users.managerB.token, 'trend?interval=month')).body;
    expect(b.map((r: Record<string, unknown>) => [r.period, r.total, r.closed])).toEqual([
      ['2026-06', 3, 2],
      ['2026-07', 3, 3],
    ]);
    expect((await get(org.users.managerB.token, 'trend?interval=year')).status).toBe(400);
  });

  it("drill-down: each closure row's filter on GET /items and the ledger export selects exactly the row's items; bad input 400; scoped", async () => {
    const L = org.users.leadership.token;
    const O = org.users.office.token;
    const items = async (token: string, q: string) => {
      const res = await t.as(token).get(`/api/v1/items?${q}&pageSize=100`);
      expect(res.status).toBe(200);
      return res.body.total as number;
    };
    const ledgerRows = async (q: string) => {
      const res = await get(O, `ledger.xlsx?${q}`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      return (await readWorkbook(res.body as Buffer)).getWorksheet('整改台账')!.actualRowCount - 1;
    };
    const rowsOf = async (groupBy: string) =>
      (await get(L, `closure?groupBy=${groupBy}`)).body as { key: string | null; total: number; closed: number; overdue: number }[];
    const filterOf: Record<string, (key: string) => string> = {
      // A unit's bar counts its own items only (not its sub-units'), unlike unitId.
      unit: (k) => `responsibleUnitId=${k}`,
      batch: (k) => `batchId=${k}`,
      group: (k) => `groupId=${k}`,
      category: (k) => `category=${encodeURIComponent(k)}`,
      measure: (k) => `measureId=${k}`,
      feedbackProblem: (k) => `feedbackProblemId=${k}`,
      month: (k) => `from=${k}-01&to=${k}-${new Date(Date.UTC(Number(k.slice(0, 4)), Number(k.slice(5, 7)), 0)).getUTCDate()}`,
    };
    for (const [groupBy, filter] of Object.entries(filterOf)) {
      for (const row of await rowsOf(groupBy)) {
        if (row.key === null) continue;
        const q = filter(row.key);
        expect([groupBy, row.key, await items(L, q)]).toEqual([groupBy, row.key, row.total]);
        expect([groupBy, row.key, await items(L, `${q}&status=closed`)]).toEqual([groupBy, row.key, row.closed]);
        expect([groupBy, row.key, await items(L, `${q}&overdue=true`)]).toEqual([groupBy, row.key, row.overdue]);
      }
    }
    // 甲单位's bar is 5 (its own), its subtree 7.
    expect(await items(L, `responsibleUnitId=${org.units.a}`)).toBe(5);
    expect(await items(L, `unitId=${org.units.a}`)).toBe(7);
    const overview = (await get(L, 'overview')).body;
    expect(await items(L, 'onTime=true')).toBe(overview.closedOnTime);
    expect(await items(L, 'onTime=false')).toBe(overview.closedLate);
    expect(await items(L, 'onTime=true')).toBe(3);
    // The ledger takes the same filters.
    expect(await ledgerRows(`responsibleUnitId=${org.units.a}`)).toBe(5);
    expect(await ledgerRows(`groupId=${s.groups.g2}`)).toBe(3);
    expect(await ledgerRows('category=' + encodeURIComponent('组织纪律'))).toBe(2);
    expect(await ledgerRows('from=2026-06-01&to=2026-06-30&onTime=true')).toBe(await items(L, 'from=2026-06-01&to=2026-06-30&onTime=true'));
    expect(await ledgerRows(`feedbackProblemId=${s.problems.p1}`)).toBe(7);
    // Never wider than the scope: A's manager asking for B's own items gets none.
    expect(await items(org.users.managerA.token, `responsibleUnitId=${org.units.b}`)).toBe(0);
    expect(await items(org.users.managerA.token, `groupId=${s.groups.g2}`)).toBe(0);
    for (const bad of [
      'responsibleUnitId=nope',
      'groupId=1',
      'feedbackProblemId=x',
      'onTime=maybe',
      'from=2026-02-30',
      'to=20260630',
      `category=${'类'.repeat(101)}`,
    ]) {
      const res = await t.as(L).get(`/api/v1/items?${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
      expect((await get(O, `ledger.xlsx?${bad}`)).status).toBe(400);
    }
  });

  it('ledger.xlsx: Chinese headers, one row per item, real dates, frozen header, auto-filter; scoped', async () => {
    const res = await get(org.users.office.token, 'ledger.xlsx').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = await readWorkbook(res.body as Buffer);
    const ws = wb.getWorksheet('整改台账')!;
    expect(ws).toBeDefined();
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(headers.slice(0, 2)).toEqual(['序号', '问题来源']);
    for (const h of [
      '问题描述',
      '对应整改措施(编号)',
      '整改措施',
      '责任单位',
      '责任人',
      '整改时限',
      '整改类型',
      '整改进展',
      '完成情况',
      '是否销号',
      '备注',
    ]) {
      expect(headers).toContain(h);
    }
    expect(ws.actualRowCount).toBe(11);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:S1`);
    const col = (h: string) => headers.indexOf(h) + 1;
    const rows = Array.from({ length: 10 }, (_, i) => ws.getRow(i + 2));
    const byId = new Map(rows.map((r) => [r.getCell(col('事项编号')).value as string, r]));
    expect([...byId.keys()].sort()).toEqual(Object.values(s.items).sort());
    expect(rows.map((r) => r.getCell(1).value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const a2 = byId.get(s.items.a2)!;
    expect(a2.getCell(col('整改时限')).value).toEqual(new Date('2026-06-20T00:00:00Z'));
    expect(a2.getCell(col('整改时限')).numFmt).toBe('yyyy-mm-dd');
    expect(a2.getCell(col('原定整改时限')).value).toEqual(new Date('2026-06-01T00:00:00Z'));
    expect(a2.getCell(col('销号日期')).value).toEqual(new Date('2026-06-12T00:00:00Z'));
    expect(a2.getCell(col('对应整改措施(编号)')).value).toBe('1、2');
    expect(a2.getCell(col('反馈问题编号')).value).toBe('1-1、1-2');
    expect(a2.getCell(col('是否销号')).value).toBe('是');
    expect(a2.getCell(col('完成情况')).value).toBe('已销号');
    expect(a2.getCell(col('备注')).value).toBe('已延期（原定2026-06-01）；超期销号');
    expect(a2.getCell(col('问题来源')).value).toBe('2026年第一轮巡察 第1批');
    expect(a2.getCell(col('整改事项')).value).toBe('事项a2');
    expect(a2.getCell(col('整改措施')).value).toBe('针对a2的整改措施');
    const a1 = byId.get(s.items.a1)!;
    expect(a1.getCell(col('责任人')).value).toBe('staffA');
    expect(a1.getCell(col('责任单位')).value).toBe('甲单位');
    expect(byId.get(s.items.a3)!.getCell(col('备注')).value).toBe('逾期5天');
    expect(byId.get(s.items.a4)!.getCell(col('整改进展')).value).toBe('已完成初稿（50%）');
    expect(byId.get(s.items.a4)!.getCell(col('整改类型')).value).toBe('立行立改');

    const mine = await get(org.users.managerB.token, 'ledger.xlsx').buffer(true).parse(binary);
    const bws = (await readWorkbook(mine.body as Buffer)).getWorksheet('整改台账')!;
    expect(bws.actualRowCount).toBe(4);
    const filtered = await get(org.users.office.token, `ledger.xlsx?overdue=true&unitId=${org.units.a}`).buffer(true).parse(binary);
    expect((await readWorkbook(filtered.body as Buffer)).getWorksheet('整改台账')!.actualRowCount).toBe(3);
    expect((await get(org.users.office.token, 'ledger.xlsx?format=pdf')).status).toBe(400);
  });

  it('ledger CSV: UTF-8 with BOM, same columns and rows', async () => {
    const res = await get(org.users.office.token, 'ledger.xlsx?format=csv').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = buf.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(LEDGER_COLUMNS.map((c) => c.header).join(','));
    const a2 = lines.find((l) => l.includes(s.items.a2))!;
    expect(a2).toContain(',2026-06-20,2026-06-01,');
    expect(a2).toContain(',1、2,');
  });

  it('weekly bulletin: figures, workbook and summary stored, inbox of leadership and office, once per week', async () => {
    await t.dataSource.query(
      `INSERT INTO reminder_ledger (item_id, kind, step, level, deadline_version, deadline, run_id, created_at)
       VALUES ($1, 'escalation', 2, 2, 0, '2026-06-10', gen_random_uuid(), '2026-06-13T02:00:00Z')`,
      [s.items.a3],
    );
    const office = t.as(org.users.office.token);
    const res = await office.post('/api/v1/reports/bulletins?day=2026-06-14');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      weekStart: '2026-06-08',
      weekEnd: '2026-06-14',
      title: '整改进展通报（2026-06-08至2026-06-14）',
      delivered: 2,
    });
    expect(res.body.summary).toContain('整改事项共10项，已销号4项，销号率40.0%');
    expect(res.body.summary).toContain('本周销号3项，新增逾期1项，目前逾期3项、临期1项；本周发出督办升级1次');
    expect(res.body.figures.newlyOverdue.map((i: { id: string }) => i.id)).toEqual([s.items.a3]);
    expect(res.body.figures.unitsRanked.map((u: { label: string }) => u.label)).toEqual(['甲单位下属科室', '甲单位', '乙单位']);
    expect(res.body.xlsx).toBeUndefined();
    const again = await office.post('/api/v1/reports/bulletins?day=2026-06-10');
    expect(again.body.id).toBe(res.body.id);
    const inbox = await t.as(org.users.leadership.token).get('/api/v1/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.data.filter((n: { title: string }) => n.title.startsWith('整改进展通报'))).toHaveLength(1);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE digest_key = 'bulletin:2026-06-08'`);
    expect(n).toBe(2);

    const list = await t.as(org.users.leadership.token).get('/api/v1/reports/bulletins');
    expect(list.body.map((b: { id: string }) => b.id)).toEqual([res.body.id]);
    const file = await t.as(org.users.leadership.token).get(`/api/v1/reports/bulletins/${res.body.id}.xlsx`).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    const wb = await readWorkbook(file.body as Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '各单位销号率排名', '本周新增逾期', '本周督办升级']);
    expect(wb.getWorksheet('本周督办升级')!.getRow(2).getCell(3).value).toBe('事项a3');
    expect(wb.getWorksheet('各单位销号率排名')!.getRow(2).getCell(2).value).toBe('甲单位下属科室');
    expect((await t.as(org.users.managerA.token).get('/api/v1/reports/bulletins')).status).toBe(403);
    expect((await t.as(org.users.leadership.token).get('/api/v1/reports/bulletins/00000000-0000-4000-8000-000000000000.xlsx')).status).toBe(
      404,
    );
  });
});
