import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, XLSX_MIME, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { ledgerWorkbook } from './support/workbooks.js';

describe('ledger import: findings and items from a 整改台账 workbook', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM findings)::int AS findings, (SELECT COUNT(*) FROM rectification_items)::int AS items,
              (SELECT COUNT(*) FROM finding_measures)::int AS links, (SELECT COUNT(*) FROM audit_entries)::int AS audits`,
    );
    return row as Record<string, number>;
  };
  const upload = (token: string, body: Buffer, query = '') =>
    t
      .as(token)
      .post(`/api/v1/inspections/${round.roundId}/ledger-import${query}`)
      .attach('file', body, { filename: '台账.xlsx', contentType: XLSX_MIME });

  const goodRows = [
    ['一、中央八项规定精神方面'],
    [
      1,
      '第一批巡察',
      '公务用车管理不规范，存在公车私用情况',
      '46、48',
      '清理公务用车，建立用车登记制度',
      '甲单位',
      'staffA',
      '2026年3月底前',
      '',
      '已完成清理',
      '已完成',
      '是',
      '',
    ],
    [
      '２',
      '第一批巡察',
      '公务用车管理不规范，存在公车私用情况',
      '４８',
      '对公车私用人员严肃追责',
      '甲单位',
      '张主任',
      '立行立改',
      '',
      '',
      '',
      '否',
      '',
    ],
    [null, null, null, null, null, null, null, null, null, null, null, null, null],
    [3, '第二批巡察', '学习记录存在补记情况', '5，6', '规范学习记录', 'B', '', '长期坚持', '长期坚持', '正在整改', '', '', '每季度检查'],
  ];

  it('dry run reports the counts and writes nothing', async () => {
    const before = await counts();
    const res = await upload(org.users.office.token, await ledgerWorkbook(goodRows, ['C4:C5']), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, findings: 2, items: 3, closedItems: 1 });
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown units and measure numbers naming the row and column, writing nothing', async () => {
    const bad = goodRows.map((r) => [...r]);
    bad[1][3] = '46、99';
    bad[4][5] = '不存在的单位';
    bad[4][7] = '尽快';
    const before = await counts();
    const res = await upload(org.users.office.token, await ledgerWorkbook(bad, ['C4:C5']));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_FAILED');
    expect(res.body.details).toEqual([{ row: 7, column: '整改时限', message: expect.stringContaining('尽快') }]);
    bad[4][7] = '长期坚持';
    const res2 = await upload(org.users.office.token, await ledgerWorkbook(bad, ['C4:C5']));
    expect(res2.status).toBe(400);
    expect(res2.body.details).toEqual([
      { row: 4, column: '对应整改措施（编号）', message: expect.stringContaining('99') },
      { row: 7, column: '责任单位', message: expect.stringContaining('不存在的单位') },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a row whose unit is deactivated (停用), naming it, dry run included; reactivated, the same ledger passes', async () => {
    const admin = t.as(org.adminToken);
    expect((await admin.patch(`/api/v1/units/${org.units.b}`).send({ active: false })).status).toBe(200);
    try {
      const before = await counts();
      for (const query of ['?dryRun=true', '']) {
        const res = await upload(org.users.office.token, await ledgerWorkbook(goodRows, ['C4:C5']), query);
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([{ row: 7, column: '责任单位', message: expect.stringContaining('乙单位”已停用') }]);
      }
      expect(await counts()).toEqual(before);
    } finally {
      expect((await admin.patch(`/api/v1/units/${org.units.b}`).send({ active: true })).status).toBe(200);
    }
    const res = await upload(org.users.office.token, await ledgerWorkbook(goodRows, ['C4:C5']), '?dryRun=true');
    expect(res.status).toBe(200);
  });

  it('refuses a ledger of hundreds of unknown units with the first 100 problems and the total count', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [
      i + 1,
      '',
      `问题${i + 1}`,
      '46',
      '措施',
      `不存在的单位${i + 1}`,
      '',
      '2026年3月底前',
    ]);
    const before = await counts();
    const res = await upload(org.users.office.token, await ledgerWorkbook(rows));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'IMPORT_FAILED', errorCount: 300, truncated: true });
    expect(res.body.details).toHaveLength(100);
    expect(res.body.details[0]).toEqual({ row: 3, column: '责任单位', message: expect.stringContaining('不存在的单位1”') });
    expect(await counts()).toEqual(before);
  });

  it('a dry run with hundreds of warnings lists the first 100 and counts them all', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [
      i + 1,
      '',
      `问题${i + 1}`,
      '46',
      '措施',
      '甲单位',
      `外部人员${i + 1}`,
      '2026年3月底前',
    ]);
    const res = await upload(org.users.office.token, await ledgerWorkbook(rows), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, findings: 150, items: 150, warningCount: 150 });
    expect(res.body.warnings).toHaveLength(100);
    expect(res.body.warnings[0]).toEqual({ row: 3, column: '责任人', message: expect.stringContaining('外部人员1”') });
  });

  it('refuses cells longer than the item API accepts (actions, progress), naming the row and column, writing nothing', async () => {
    const bad = goodRows.map((r) => [...r]);
    bad[1][4] = '清'.repeat(10001);
    bad[4][9] = '进'.repeat(10001);
    const before = await counts();
    const res = await upload(org.users.office.token, await ledgerWorkbook(bad, ['C4:C5']));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_FAILED');
    expect(res.body.details).toEqual([
      { row: 4, column: '整改措施', message: expect.stringContaining('过长') },
      { row: 7, column: '整改进展', message: expect.stringContaining('过长') },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('only the office imports a ledger', async () => {
    const body = await ledgerWorkbook(goodRows, ['C4:C5']);
    expect((await upload(org.users.inspector.token, body)).status).toBe(403);
    expect((await upload(org.users.managerA.token, body)).status).toBe(403);
    const onHigher = await t
      .as(org.users.office.token)
      .post(`/api/v1/inspections/${plan.inspectionId}/ledger-import`)
      .attach('file', body, { filename: '台账.xlsx', contentType: XLSX_MIME });
    expect(onHigher.status).toBe(409);
  });

  it('an upload over IMPORT_MAX_BYTES is cut off with 413 before it is read', async () => {
    const before = await counts();
    const res = await upload(org.users.office.token, Buffer.alloc(6 * 1024 * 1024, 0x41));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('round trip: findings at the right units with their measures, items with deadlines, owners and closure, all audited', async () => {
    const before = await counts();
    const res = await upload(org.users.office.token, await ledgerWorkbook(goodRows, ['C4:C5']));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, findings: 2, items: 3, closedItems: 1 });
    expect(res.body.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 5, column: '责任人' }),
        expect.objectContaining({ row: 7, column: '整改时限' }),
      ]),
    );

    const listA = await t.as(org.users.managerA.token).get(`/api/v1/findings?inspectionId=${round.roundId}`);
    expect(listA.body.total).toBe(1);
    const fa = listA.body.data[0];
    expect(fa).toMatchObject({
      unitId: org.units.a,
      groupId: round.groupIds[0],
      batchId: round.batchIds[0],
      category: '中央八项规定精神',
      description: '公务用车管理不规范，存在公车私用情况',
    });
    expect(fa.measures.map((m: { number: number }) => m.number)).toEqual([46, 48]);
    const listB = await t.as(org.users.managerB.token).get(`/api/v1/findings?inspectionId=${round.roundId}`);
    expect(listB.body.data.map((f: { measures: { number: number }[] }) => f.measures.map((m) => m.number))).toEqual([[5, 6]]);

    const items = await t.dataSource.query(
      `SELECT i.title, i.responsible_unit_id, i.owner_id, i.responsible_leader, i.deadline::text, i.original_deadline::text,
              i.rectification_type, i.status, i.closed_on::text, i.closed_at IS NOT NULL AS has_closed_at
         FROM rectification_items i ORDER BY i.created_at, i.title`,
    );
    expect(items).toHaveLength(3);
    const byTitle = new Map(items.map((i: { title: string }) => [i.title, i]));
    expect(byTitle.get('清理公务用车，建立用车登记制度')).toMatchObject({
      responsible_unit_id: org.units.a,
      owner_id: org.users.staffA.id,
      deadline: '2026-03-31',
      original_deadline: '2026-03-31',
      rectification_type: 'time_limited',
      status: 'closed',
      closed_on: '2026-06-15',
      has_closed_at: true,
    });
    expect(byTitle.get('对公车私用人员严肃追责')).toMatchObject({
      owner_id: null,
      responsible_leader: '张主任',
      rectification_type: 'immediate',
      deadline: '2026-05-31',
      status: 'pending',
      has_closed_at: false,
    });
    expect(byTitle.get('规范学习记录')).toMatchObject({
      responsible_unit_id: org.units.b,
      rectification_type: 'long_term',
      deadline: '2026-12-31',
      status: 'in_progress',
    });

    const after = await counts();
    expect(after.findings - before.findings).toBe(2);
    expect(after.items - before.items).toBe(3);
    expect(after.links - before.links).toBe(4);
    const audited = await t.dataSource.query(
      `SELECT action, COUNT(*)::int AS n FROM audit_entries WHERE action LIKE '%.import' AND action <> 'measure.import' AND action <> 'feedback_problem.import' AND action <> 'plan.import' GROUP BY action ORDER BY action`,
    );
    expect(audited).toEqual([
      { action: 'finding.import', n: 2 },
      { action: 'item.import', n: 3 },
      { action: 'ledger.import', n: 1 },
      { action: 'progress.import', n: 2 },
    ]);
    const measures = await t.as(org.users.office.token).get(`/api/v1/plans/${plan.planId}/measures`);
    const m48 = measures.body.find((m: { number: number }) => m.number === 48);
    expect(m48).toMatchObject({ findingCount: 1, itemCount: 2 });
    const m48ForB = (await t.as(org.users.managerB.token).get(`/api/v1/plans/${plan.planId}/measures`)).body.find(
      (m: { number: number }) => m.number === 48,
    );
    expect(m48ForB).toMatchObject({ findingCount: 0, itemCount: 0 });
  });
});
