import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../src/modules/plans/import/csv.js';
import { LEDGER_COLUMNS } from '../src/modules/reports/ledger-columns.js';
import { binary, convertWithLibreOffice } from './support/office-files.js';
import { seedOrg, type Org } from './support/org.js';
import { seedReportScenario } from './support/report-scenario.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const rowsOf = (text: string) => parseCsv(text.replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c.trim() !== ''));

/**
 * The exported 整改台账 opens in a real spreadsheet program: LibreOffice (headless) converts the
 * workbook to CSV, and what it reads equals the API's own CSV export, row for row. `.ci/test-env`
 * installs LibreOffice (Debian `libreoffice-calc-nogui`) where it is missing.
 */
describe('ledger workbook in LibreOffice', () => {
  let t: TestApp;
  let org: Org;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
    await seedReportScenario(t.dataSource, org);
    dir = mkdtempSync(join(tmpdir(), 'ledger-lo-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('converts to the same rows the API exports as CSV, with real dates', async () => {
    const office = t.as(org.users.office.token);
    const xlsx = await office.get('/api/v1/reports/ledger.xlsx').buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const csv = await office.get('/api/v1/reports/ledger.xlsx?format=csv').buffer(true).parse(binary);
    expect(csv.status).toBe(200);
    writeFileSync(join(dir, 'ledger.xlsx'), xlsx.body as Buffer);

    // 44,34,76: comma separator, double-quote text delimiter, UTF-8.
    convertWithLibreOffice(dir, 'csv:Text - txt - csv (StarCalc):44,34,76', [join(dir, 'ledger.xlsx')]);
    const lo = rowsOf(readFileSync(join(dir, 'ledger.csv'), 'utf8'));
    const api = rowsOf((csv.body as Buffer).toString('utf8'));

    const headers = LEDGER_COLUMNS.map((c) => c.header);
    expect(lo[0]).toEqual(headers);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM rectification_items`);
    expect(n).toBeGreaterThan(0);
    expect(lo).toHaveLength(n + 1);
    expect(api).toHaveLength(n + 1);
    const deadline = headers.indexOf('整改时限');
    for (let r = 1; r < lo.length; r++) {
      // The deadline cell is a real date that LibreOffice writes with its yyyy-mm-dd format.
      expect(lo[r][deadline]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(lo).toEqual(api);
  });
});
