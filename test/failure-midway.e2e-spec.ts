import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { failAuditOf as failAudit } from './support/failures.js';
import { changedTables, dbFingerprint, fileCount } from './support/fingerprint.js';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, PLAN_XLSX, XLSX_MIME, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { draftItem, openUnitPlan } from './support/unit-plans.js';
import { ledgerWorkbook } from './support/workbooks.js';

/**
 * Failures injected midway through a write, by test-only triggers installed in this file's own
 * database: whatever the service wrote before the failure must be rolled back — rows (checked by a
 * content fingerprint of every table, so an UPDATE shows, not only an INSERT) and stored files.
 */
describe('writes that fail midway leave nothing behind', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  let findingId: string;
  let itemId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], []]);
    const office = t.as(org.users.office.token);
    const finding = await office.post('/api/v1/findings').send({
      inspectionId: round.roundId,
      unitId: org.units.a,
      groupId: round.groupIds[0],
      batchId: round.batchIds[0],
      category: '中央八项规定精神',
      description: '公务用车管理不规范',
      measureIds: [plan.measuresByNumber[46]],
    });
    expect(finding.status).toBe(201);
    findingId = finding.body.id;
    const item = await office.post('/api/v1/items').send({
      findingId,
      title: '规范公务用车管理',
      responsibleUnitId: org.units.a,
      ownerId: org.users.staffA.id,
      deadline: '2026-06-30',
      rectificationType: 'time_limited',
    });
    expect(item.status).toBe(201);
    itemId = item.body.id;
    await t.ownerQuery(`CREATE SEQUENCE test_fail_counter`);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await t.ownerQuery(`
      DROP TRIGGER IF EXISTS test_fail ON audit_entries;
      DROP TRIGGER IF EXISTS test_fail ON item_evidence;
      DROP TRIGGER IF EXISTS test_fail ON measures;
      DROP TRIGGER IF EXISTS test_fail ON rectification_items;
      ALTER SEQUENCE test_fail_counter RESTART`);
  });

  /** A trigger that raises on the audit entry of one action, after the write it records. */
  const failAuditOf = (action: string) => failAudit(t, action);

  /** A trigger that raises on the n-th row inserted into a table (a sequence counts across the statement's rows). */
  const failNthInsert = async (table: string, n: number) => {
    await t.ownerQuery(`
      CREATE OR REPLACE FUNCTION test_fail_nth() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('test_fail_counter') = ${n} THEN RAISE EXCEPTION 'injected: insert #${n} into %', TG_TABLE_NAME; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fail BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_fail_nth()`);
  };

  /** Run a request that must fail, and prove the database content did not change. */
  const expectNothingWritten = async (send: () => Promise<{ status: number; body: unknown }>) => {
    const before = await dbFingerprint(t.dataSource);
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    // The injected trigger must really have fired (not a refusal for some other reason).
    expect(res.status).toBe(500);
    expect(changedTables(before, await dbFingerprint(t.dataSource))).toEqual([]);
    return res;
  };

  it('(a) an item UPDATE whose audit entry fails is rolled back', async () => {
    await failAuditOf('item.update');
    const office = t.as(org.users.office.token);
    const current = await office.get(`/api/v1/items/${itemId}`);
    await expectNothingWritten(() => office.patch(`/api/v1/items/${itemId}`).send({ title: '改过的标题', version: current.body.version }));
    expect((await office.get(`/api/v1/items/${itemId}`)).body.title).toBe('规范公务用车管理');
  });

  it('(a) an item INSERT whose audit entry fails is rolled back', async () => {
    await failAuditOf('item.create');
    await expectNothingWritten(() =>
      t.as(org.users.office.token).post('/api/v1/items').send({
        findingId,
        title: '新事项',
        responsibleUnitId: org.units.a,
        deadline: '2026-07-31',
        rectificationType: 'time_limited',
      }),
    );
  });

  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const uploadEvidence = () =>
    t
      .as(org.users.staffA.token)
      .post(`/api/v1/items/${itemId}/evidence`)
      .attach('file', PDF, { filename: '佐证.pdf', contentType: 'application/pdf' });

  it('(b) evidence whose row fails at commit, after the file is stored, leaves no file', async () => {
    // A deferred constraint trigger raises at COMMIT: after the row, the audit entry and the file.
    await t.ownerQuery(`
      CREATE OR REPLACE FUNCTION test_fail_any() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected: % at commit', TG_TABLE_NAME; END $$;
      CREATE CONSTRAINT TRIGGER test_fail AFTER INSERT ON item_evidence DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION test_fail_any()`);
    const files = fileCount(t.env.UPLOAD_DIR);
    await expectNothingWritten(uploadEvidence);
    expect(fileCount(t.env.UPLOAD_DIR)).toBe(files);
  });

  it('(b) evidence whose audit entry fails leaves no row and no file', async () => {
    await failAuditOf('item.evidence');
    const files = fileCount(t.env.UPLOAD_DIR);
    await expectNothingWritten(uploadEvidence);
    expect(fileCount(t.env.UPLOAD_DIR)).toBe(files);
  });

  it('(b) with the trigger gone the same upload stores one row and one file (the checks above can see them)', async () => {
    const files = fileCount(t.env.UPLOAD_DIR);
    const res = await uploadEvidence();
    expect(res.status).toBe(201);
    expect(fileCount(t.env.UPLOAD_DIR)).toBe(files + 1);
  });

  it('(c) a plan import failing at measure 30 of 53 leaves no measures, no problems, no audit', async () => {
    const office = t.as(org.users.office.token);
    const inspection = await office.post('/api/v1/inspections').send({
      kind: 'higher_level',
      title: '上级党组第三巡视组巡视',
      inspectingBody: '上级党组第三巡视组',
      startDate: '2020-03-01',
      endDate: '2020-04-30',
      feedbackDate: '2020-05-20',
    });
    expect(inspection.status).toBe(201);
    const newPlan = await office.post('/api/v1/plans').send({
      inspectionId: inspection.body.id,
      title: '整改落实方案',
      documentNo: '某党组〔2020〕3号',
      issuedDate: '2020-06-10',
    });
    expect(newPlan.status).toBe(201);
    await failNthInsert('measures', 30);
    await expectNothingWritten(() =>
      office
        .post(`/api/v1/plans/${newPlan.body.id}/import`)
        .attach('file', readFileSync(PLAN_XLSX), { filename: '整改落实方案.xlsx', contentType: XLSX_MIME }),
    );
  });

  it('(c) a ledger import failing at item 3 leaves no findings, no items, no progress, no audit', async () => {
    const book = await ledgerWorkbook([
      [
        1,
        '第一批巡察',
        '公务用车管理不规范',
        '46',
        '清理公务用车',
        '甲单位',
        'staffA',
        '2026年3月底前',
        '',
        '已完成清理',
        '已完成',
        '是',
        '',
      ],
      [2, '第一批巡察', '学习记录存在补记情况', '5', '规范学习记录', '甲单位', '', '长期坚持', '长期坚持', '正在整改', '', '', ''],
      [3, '第一批巡察', '会议记录不全', '6', '补全会议记录', '乙单位', '', '2026年9月底前', '', '', '', '', ''],
    ]);
    const upload = () =>
      t
        .as(org.users.office.token)
        .post(`/api/v1/inspections/${round.roundId}/ledger-import`)
        .attach('file', book, { filename: '台账.xlsx', contentType: XLSX_MIME });
    const dry = await t
      .as(org.users.office.token)
      .post(`/api/v1/inspections/${round.roundId}/ledger-import?dryRun=true`)
      .attach('file', book, { filename: '台账.xlsx', contentType: XLSX_MIME });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ findings: 3, items: 3 });
    await failNthInsert('rectification_items', 3);
    await expectNothingWritten(upload);
  });

  it("(d) approving a unit's 整改方案 releases every draft item in one transaction: a failure after the releases leaves all drafts", async () => {
    const planId = await openUnitPlan(t, org.users.managerA.token, round.roundId, org.units.a);
    for (const title of ['草稿事项一', '草稿事项二']) {
      await draftItem(t, org.users.managerA.token, { unitPlanId: planId, findingId, unitId: org.units.a, title, deadline: '2026-07-31' });
    }
    expect((await t.as(org.users.managerA.token).post(`/api/v1/unit-plans/${planId}/submit`)).status).toBe(200);
    // The plan's own audit entry comes after both items were released (and their audit entries written).
    await failAuditOf('unit_plan.approve');
    await expectNothingWritten(() => t.as(org.users.office.token).post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true }));
    const rows = await t.dataSource.query(`SELECT status FROM rectification_items WHERE unit_plan_id = $1`, [planId]);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['draft', 'draft']);
    // The second release failing: the first one is undone too.
    await t.ownerQuery(`DROP TRIGGER IF EXISTS test_fail ON audit_entries`);
    await t.ownerQuery(`
      CREATE OR REPLACE FUNCTION test_fail_release() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'item.release' AND nextval('test_fail_counter') = 2 THEN RAISE EXCEPTION 'injected: second release'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fail BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_fail_release()`);
    await expectNothingWritten(() => t.as(org.users.office.token).post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true }));
    await t.ownerQuery(`DROP TRIGGER IF EXISTS test_fail ON audit_entries`);
    const ok = await t.as(org.users.office.token).post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true });
    expect(ok.status).toBe(200);
    const after = await t.dataSource.query(`SELECT status FROM rectification_items WHERE unit_plan_id = $1`, [planId]);
    expect(after.map((r: { status: string }) => r.status)).toEqual(['pending', 'pending']);
  });
});
