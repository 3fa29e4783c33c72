import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, convertWithLibreOffice, docxParagraphs, zipEntryText } from './support/office-files.js';
import { seedOrg, type Org } from './support/org.js';
import { seedReportScenario, type ReportScenario } from './support/report-scenario.js';
import { startTestApp, type TestApp } from './support/test-app.js';

jest.setTimeout(240_000);

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const RANDOM_UUID = '0b8e5a3c-1f2d-4e6a-9b7c-5d4e3f2a1b0c';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/**
 * The Word documents the bureau files: each is opened (unzip, word/document.xml) and its figures
 * are checked against the API's JSON for the same caller; then LibreOffice converts every one to
 * PDF and to text, and the text it reads carries the same figures. The clock stands at 17:00Z, where
 * Shanghai is already on the next day (2026-06-16).
 */
describe('Word documents (docx)', () => {
  let t: TestApp;
  let org: Org;
  let s: ReportScenario;
  let dir: string;
  let noticeId: string;
  const files: Record<string, Buffer> = {};
  const expected: Record<string, string[]> = {};

  const getDocx = async (token: string, url: string) => t.as(token).get(url).buffer(true).parse(binary);
  const text = async (buf: Buffer) => (await docxParagraphs(buf)).paragraphs.join('\n');

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T17:00:00Z' });
    org = await seedOrg(t);
    s = await seedReportScenario(t.dataSource, org);
    dir = mkdtempSync(join(tmpdir(), 'docx-lo-'));
    // Item a4 (unit A, in progress) goes through evidence, 申请销号 and 销号.
    const manager = t.as(org.users.managerA.token);
    const ev = await manager
      .post(`/api/v1/items/${s.items.a4}/evidence`)
      .attach('file', PDF, { filename: '会议纪要（佐证）.pdf', contentType: 'application/pdf' });
    expect(ev.status).toBe(201);
    const submit = await manager
      .post(`/api/v1/items/${s.items.a4}/transitions`)
      .send({ action: 'submit', explanation: '已制定学习制度并执行' });
    expect(submit.status).toBe(200);
    const approve = await t.as(org.users.office.token).post(`/api/v1/items/${s.items.a4}/transitions`).send({ action: 'approve' });
    expect(approve.status).toBe(200);
    // A 督办单 for the overdue item a3 (deadline 2026-06-10).
    const chase = await t.as(org.users.office.token).post(`/api/v1/items/${s.items.a3}/chase`).send({ kind: 'supervise' });
    expect(chase.status).toBe(201);
    const list = await t.as(org.users.office.token).get('/api/v1/follow-up/supervision-notices');
    noticeId = (list.body.data as { id: string; itemId: string }[]).find((n) => n.itemId === s.items.a3)!.id;
  });

  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('销号申请表: the item, its progress, evidence, application and review as GET /items/:id and /history say', async () => {
    const res = await getDocx(org.users.managerA.token, `/api/v1/items/${s.items.a4}/closure-form.docx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('销号申请表-事项a4.docx')}`);
    const item = (await t.as(org.users.managerA.token).get(`/api/v1/items/${s.items.a4}`)).body;
    const body = await text(res.body as Buffer);
    expect(body).toContain('整改事项销号申请表');
    for (const v of [item.title, item.unit.name, item.finding.description, item.actions, item.deadline, '已销号'])
      expect(body).toContain(v);
    expect(body).toContain('第1条 整改措施1');
    expect(body).toContain('反馈问题1-1');
    expect(body).toContain(`${item.progress[0].note}`);
    expect(body).toContain('会议纪要（佐证）.pdf');
    expect(body).toContain('managerA于2026-06-16申请销号');
    expect(body).toContain('书面说明：已制定学习制度并执行');
    expect(body).toContain(`经审核，同意销号（${org.users.office.username}，2026-06-16）`);
    expect(body).toContain('2026年6月16日');
    files['closure-form'] = res.body as Buffer;
    expected['closure-form'] = [item.title, '会议纪要（佐证）.pdf', '同意销号'];
  });

  it('a sibling unit gets 404 for the closure form and the 督办单, exactly like a random id', async () => {
    for (const token of [org.users.managerB.token, org.users.staffB.token]) {
      for (const url of [
        `/api/v1/items/{id}/closure-form.docx`,
        '/api/v1/supervision-notices/{id}.docx',
        '/api/v1/supervision-notices/{id}',
      ]) {
        const mine = await t.as(token).get(url.replace('{id}', url.includes('items') ? s.items.a4 : noticeId));
        const other = await t.as(token).get(url.replace('{id}', RANDOM_UUID));
        expect({ url, status: mine.status }).toEqual({ url, status: 404 });
        expect(mine.body).toEqual(other.body);
      }
    }
    // A unit's users may not take the bureau's documents at all.
    for (const url of [`/api/v1/plans/${s.planId}/report.docx`, '/api/v1/reports/bulletin.docx']) {
      expect((await t.as(org.users.managerA.token).get(url)).status).toBe(403);
    }
    expect((await t.as(org.users.office.token).get(`/api/v1/plans/${RANDOM_UUID}/report.docx`)).status).toBe(404);
  });

  it('督办单: number, unit, item, days overdue, reply deadline and issuer as GET /supervision-notices/:id says; the JSON route and reply still work', async () => {
    const manager = t.as(org.users.managerA.token);
    const json = await manager.get(`/api/v1/supervision-notices/${noticeId}`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      number: '督办〔2026〕1号',
      issuedOn: '2026-06-16',
      daysOverdueAtIssue: 6,
      unit: { name: expect.any(String) },
    });
    const res = await getDocx(org.users.managerA.token, `/api/v1/supervision-notices/${noticeId}.docx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    const { xml, paragraphs } = await docxParagraphs(res.body as Buffer);
    const body = paragraphs.join('\n');
    expect(paragraphs[0]).toBe(json.body.number);
    expect(body).toContain(`${json.body.unit.name}：`);
    expect(body).toContain(json.body.item.title);
    expect(body).toContain(json.body.item.deadline);
    expect(paragraphs).toContain(String(json.body.daysOverdueAtIssue));
    const [y, m, d] = (json.body.replyDue as string).split('-').map(Number);
    expect(body).toContain(`于${y}年${m}月${d}日前`);
    expect(body).toContain(json.body.issuer);
    // The fonts are named: 仿宋_GB2312 for the body as the East Asian font.
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    // … with its fallback where it is missing.
    expect(await zipEntryText(res.body as Buffer, 'word/fontTable.xml')).toContain(
      '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>',
    );
    files['notice'] = res.body as Buffer;
    expected['notice'] = [json.body.number, json.body.item.title];

    const reply = await manager.post(`/api/v1/supervision-notices/${noticeId}/reply`).send({ text: '已完成整改' });
    expect(reply.status).toBe(200);
    expect((await manager.get(`/api/v1/supervision-notices/${noticeId}`)).body.replyText).toBe('已完成整改');
    expect((await manager.get('/api/v1/supervision-notices/not-a-uuid.docx')).status).toBe(400);
  });

  it('整改进展通报 (.docx): the figures of the stored bulletin of the same week', async () => {
    const office = t.as(org.users.office.token);
    const run = await office.post('/api/v1/reports/bulletins?day=2026-06-16');
    expect(run.status).toBe(200);
    const f = run.body.figures;
    for (const [url, name] of [
      ['/api/v1/reports/bulletin.docx?day=2026-06-16', 'live'],
      [`/api/v1/reports/bulletins/${run.body.id}.docx`, 'stored'],
    ]) {
      const res = await getDocx(org.users.leadership.token, url);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      const { paragraphs } = await docxParagraphs(res.body as Buffer);
      const body = paragraphs.join('\n');
      expect(body).toContain('整改进展通报\n（2026年6月15日至2026年6月21日）');
      expect(body).toContain(`整改事项共${f.overview.total}项，已销号${f.overview.closed}项，销号率${pct(f.overview.closureRate)}`);
      // The figures table: label cell, then value cell.
      const at = (label: string) => paragraphs[paragraphs.indexOf(label) + 1];
      expect(at('整改事项总数')).toBe(String(f.overview.total));
      expect(at('逾期')).toBe(String(f.overview.overdue));
      expect(at('本周销号')).toBe(String(f.closedThisWeek));
      for (const u of f.unitsRanked as { label: string }[]) expect(body).toContain(u.label);
      files[`bulletin-${name}`] = res.body as Buffer;
      expected[`bulletin-${name}`] = [`销号率${pct(f.overview.closureRate)}`];
    }
  });

  it('整改情况报告: the figures of GET /reports/coverage?planId=, problem by problem and measure by measure', async () => {
    await t.dataSource.query(
      `UPDATE measures SET lead_department = '办公室', responsible_leader = '张副局长', deadline_text = '2026年9月底前' WHERE id = $1`,
      [s.measures.m1],
    );
    const coverage = (await t.as(org.users.office.token).get(`/api/v1/reports/coverage?planId=${s.planId}`)).body;
    const ins = coverage.inspections[0];
    const res = await getDocx(org.users.office.token, `/api/v1/plans/${s.planId}/report.docx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    const { paragraphs } = await docxParagraphs(res.body as Buffer);
    const body = paragraphs.join('\n');
    expect(paragraphs).toContain('〔2026〕\u3000\u3000号'); // the 文号 the office fills in
    expect(body).toContain('关于上级党组第二巡视组反馈意见整改落实情况的报告');
    expect(body).toContain('上级党组第二巡视组：');
    expect(body).toContain(
      `整改事项共${ins.total}项，已销号${ins.closed}项，销号率${pct(ins.closureRate)}；尚未销号${ins.total - ins.closed}项，其中逾期${ins.overdue}项。`,
    );
    // 一、（一）1. numbering; one section per feedback problem, one 1. per measure answering it.
    expect(paragraphs).toContain('一、整改工作总体情况');
    expect(paragraphs).toContain('二、反馈问题逐项整改情况');
    for (const [i, p] of (ins.feedbackProblems as { code: string; total: number; closed: number; overdue: number }[]).entries()) {
      const n = '一二三四五'[i];
      const head = paragraphs.findIndex((x) => x.startsWith(`（${n}）`));
      expect(paragraphs[head]).toContain(`（${p.code}）`);
      expect(paragraphs[head + 1]).toContain(`整改事项${p.total}项，已销号${p.closed}项`);
    }
    for (const m of coverage.measures as { number: number; total: number; closed: number; overdue: number }[]) {
      const i = paragraphs.findIndex((x) => x.endsWith(`第${m.number}条：整改措施${m.number}`));
      expect(i).toBeGreaterThan(0);
      expect(paragraphs[i + 1]).toContain(`整改事项${m.total}项，已销号${m.closed}项，未销号${m.total - m.closed}项，逾期${m.overdue}项`);
    }
    // Who leads a measure and by when, as the plan says.
    const rec = (await t.as(org.users.office.token).get(`/api/v1/plans/${s.planId}/reconciliation`)).body;
    const m1 = rec.feedbackProblems
      .flatMap((p: { measures: { id: string }[] }) => p.measures)
      .find((m: { id: string }) => m.id === s.measures.m1);
    expect(body).toContain(`牵头部门：办公室；责任领导：张副局长；完成时限：2026年9月底前。进展：正在推进（${m1.statusLabel}）。`);
    // Items with their dates: a4 closed today (Shanghai), a3 overdue.
    expect(body).toContain('事项a4');
    expect(body).toContain('2026-06-16');
    expect(body).toContain('待整改（逾期）');
    // 建章立制: a4's explanation is not its title or actions; none of the scenario's items is one.
    expect(body).toContain('建章立制类事项0项');
    expect(paragraphs.at(-1)).toBe('2026年6月16日');
    files['plan-report'] = res.body as Buffer;
    expected['plan-report'] = [`销号率${pct(ins.closureRate)}`, '第4条：整改措施4'];
  });

  it('every document opens in LibreOffice (PDF) and LibreOffice reads the same figures', () => {
    expect(Object.keys(files).sort()).toEqual(['bulletin-live', 'bulletin-stored', 'closure-form', 'notice', 'plan-report']);
    const paths = Object.entries(files).map(([name, buf]) => {
      const p = join(dir, `${name}.docx`);
      writeFileSync(p, buf);
      return p;
    });
    convertWithLibreOffice(dir, 'pdf', paths);
    convertWithLibreOffice(dir, 'txt:Text (encoded):UTF8', paths);
    for (const name of Object.keys(files)) {
      const pdf = readFileSync(join(dir, `${name}.pdf`));
      expect({ name, head: pdf.subarray(0, 5).toString() }).toEqual({ name, head: '%PDF-' });
      expect(existsSync(join(dir, `${name}.txt`))).toBe(true);
      const lo = readFileSync(join(dir, `${name}.txt`), 'utf8');
      for (const v of expected[name]) expect({ name, has: v, found: lo.includes(v) }).toEqual({ name, has: v, found: true });
    }
  });
});
