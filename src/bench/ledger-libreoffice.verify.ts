/**
 * Checks that the exported ledger opens in a real spreadsheet program: boots the app on a database
 * of its own, loads `--items N` items (default 2,000), downloads `/reports/ledger.xlsx` and the CSV
 * export, converts the workbook to CSV with LibreOffice headless (`soffice --convert-to csv`) and
 * compares headers, row count and every item id and deadline with the API's own CSV.
 * Needs `soffice` on PATH (`apt-get install -y libreoffice-calc-nogui`). Exit code 0 = verified.
 * Run: `npm run build && node dist/src/bench/ledger-libreoffice.verify.js`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApiApp } from '../bootstrap.js';
import { LEDGER_COLUMNS } from '../modules/reports/ledger-columns.js';
import { loadReportData } from './report-data.js';

const ADMIN = { username: 'verify-admin', password: 'verify-admin-password' };

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--items');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 2000;
  const baseUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `rectify_verify_${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-lo-'));
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  let app: Awaited<ReturnType<typeof createApiApp>> | undefined;
  try {
    app = await createApiApp({
      role: 'api',
      env: {
        DATABASE_URL: dbUrl.toString(),
        REDIS_PREFIX: `verify_${name}`,
        JWT_SECRET: randomBytes(24).toString('hex'),
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'silent',
      },
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    await client.connect();
    await loadReportData(client, n);
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const headers = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const xlsx = Buffer.from(await (await fetch(`${base}/reports/ledger.xlsx`, { headers })).arrayBuffer());
    const apiCsv = Buffer.from(await (await fetch(`${base}/reports/ledger.xlsx?format=csv`, { headers })).arrayBuffer()).toString('utf8');
    writeFileSync(join(dir, 'ledger.xlsx'), xlsx);
    // Filter 44 = Text - txt - csv; 44,34,76 = comma separator, double-quote, UTF-8.
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, join(dir, 'ledger.xlsx')], {
      stdio: 'inherit',
      timeout: 300_000,
    });
    const lo = parseCsv(readFileSync(join(dir, 'ledger.csv'), 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
    const api = parseCsv(apiCsv.replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
    const problems: string[] = [];
    const expectedHeaders = LEDGER_COLUMNS.map((c) => c.header);
    if (lo[0].join('|') !== expectedHeaders.join('|')) problems.push(`LibreOffice headers ${lo[0].join(',')} ≠ ${expectedHeaders.join(',')}`);
    if (lo.length !== n + 1) problems.push(`LibreOffice rows ${lo.length - 1} ≠ items ${n}`);
    if (api.length !== lo.length) problems.push(`API CSV rows ${api.length - 1} ≠ LibreOffice rows ${lo.length - 1}`);
    const idCol = expectedHeaders.indexOf('事项编号');
    const dlCol = expectedHeaders.indexOf('整改时限');
    let mismatches = 0;
    for (let r = 1; r < Math.min(lo.length, api.length); r++) {
      // LibreOffice writes the date cell with its number format (yyyy-mm-dd): a real date, same day.
      if (lo[r][idCol] !== api[r][idCol] || lo[r][dlCol] !== api[r][dlCol]) mismatches++;
    }
    if (mismatches) problems.push(`${mismatches} row(s) differ in 事项编号/整改时限`);
    console.log(`LibreOffice converted ledger.xlsx: ${lo.length - 1} rows, ${lo[0].length} columns; first row: ${lo[1]?.slice(0, 6).join(' | ')}`);
    if (problems.length) {
      console.error(`VERIFY ledger-libreoffice: FAILED\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    } else console.log(`VERIFY ledger-libreoffice: OK rows=${n} headers=${expectedHeaders.length}`);
  } finally {
    await client.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
