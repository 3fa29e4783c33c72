import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { atTheCapsXlsx, bombXlsx, farCellXlsx, manyRowsCsv } from './support/hostile-sheets.js';
import { XLSX_MIME } from './support/plan.js';
import { freePort, startProcess, waitFor, type RunningProcess } from './support/process.js';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, uniqueName } from './support/test-env.js';

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('VmHWM not found');
  return Number(m[1]) / 1024;
}

/**
 * Hostile workbooks and CSVs sent to the built API, started as `npm start` starts it (same heap
 * flags): each is refused with 400 naming the cap it broke, and the process lives on in bounded
 * memory. On the old reader the far cell alone ran the heap out and killed the process.
 * Timeouts are generous: building a bomb and reading a workbook at the caps take seconds, more on
 * a busy machine; nothing here asserts a duration.
 */
describe('imports survive hostile files (far cell, zip bombs, a million rows) in bounded memory', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const prefix = uniqueName('rt');
  let app: RunningProcess;
  let base: string;
  let office: string;
  let planId: string;
  let roundId: string;

  const api = async (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const headers: Record<string, string> = init.token ? { authorization: `Bearer ${init.token}` } : {};
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/api/v1${path}`, {
      ...init,
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const upload = (path: string, bytes: Buffer, fileName: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), fileName);
    return api(path, { method: 'POST', body: form, token: office });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startProcess({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: 'hostile-import-secret-0123456789',
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'root-password-1',
      LOG_LEVEL: 'warn',
      UPLOAD_DIR: `/tmp/${prefix}`,
      PORT: String(port),
      // One cap set through the environment, to see configuration reach the reader; the others are the defaults.
      IMPORT_MAX_COLUMNS: '60',
    });
    await waitFor(
      async () => (await fetch(`${base}/health`)).status === 200,
      60_000,
      () => `health on ${base}\n${app.output()}`,
    );
    const root = (await api('/auth/login', { method: 'POST', json: { username: 'root', password: 'root-password-1' } })).body.accessToken;
    const created = await api('/users', {
      method: 'POST',
      token: root,
      json: { username: 'office1', password: 'office-password-1', displayName: '巡察办', role: 'office' },
    });
    expect(created.status).toBe(201);
    office = (await api('/auth/login', { method: 'POST', json: { username: 'office1', password: 'office-password-1' } })).body.accessToken;
    const inspection = await api('/inspections', {
      method: 'POST',
      token: office,
      json: { kind: 'higher_level', title: '上级巡视', startDate: '2019-03-01', endDate: '2019-04-30', feedbackDate: '2019-05-20' },
    });
    const plan = await api('/plans', {
      method: 'POST',
      token: office,
      json: { inspectionId: inspection.body.id, title: '整改落实方案', issuedDate: '2019-06-10' },
    });
    planId = plan.body.id;
    const round = await api('/inspections', {
      method: 'POST',
      token: office,
      json: { kind: 'internal_round', title: '2026年第一轮巡察', startDate: '2026-03-01', endDate: '2026-05-31', planId },
    });
    expect(round.status).toBe(201);
    roundId = round.body.id;
  }, 120_000);
  afterAll(async () => {
    if (app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    await db.drop();
    await dropRedisPrefix(prefix);
  });

  const targets = () => [
    { name: 'plan import', path: `/plans/${planId}/import` },
    { name: 'ledger import', path: `/inspections/${roundId}/ledger-import` },
  ];

  const expectRefused = async (bytes: Buffer, fileName: string, type: string, cap: RegExp) => {
    for (const target of targets()) {
      const res = await upload(target.path, bytes, fileName, type).catch((e: Error) => {
        throw new Error(`${target.name}: no answer (${e.message}); process exit code ${app.child.exitCode}\n${app.output().slice(-2000)}`);
      });
      expect({ target: target.name, status: res.status, code: res.body.code }).toEqual({
        target: target.name,
        status: 400,
        code: 'IMPORT_FAILED',
      });
      expect(res.body.message).toMatch(cap);
      // One error naming the cap, not a list of every row.
      expect(res.text.length).toBeLessThan(16 * 1024);
      expect(app.child.exitCode).toBeNull();
    }
    expect((await fetch(`${base}/health`)).status).toBe(200);
  };

  it('a workbook of one cell at GR200000 (a few hundred bytes) is refused by the row cap', async () => {
    const bytes = await farCellXlsx('GR200000');
    expect(bytes.length).toBeLessThan(6 * 1024);
    await expectRefused(bytes, 'far.xlsx', XLSX_MIME, /20000 行上限/);
  });

  it('a workbook of one cell at column XFD is refused by the column cap (IMPORT_MAX_COLUMNS=60)', async () => {
    await expectRefused(await farCellXlsx('XFD2'), 'wide.xlsx', XLSX_MIME, /工作表超过 60 列上限（XFD2 有内容）/);
  });

  it('a zip bomb (about 1 MB holding 300 MB of sheet XML) is refused by the unpacked-size cap', async () => {
    const bytes = await bombXlsx(300);
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    await expectRefused(bytes, 'bomb.xlsx', XLSX_MIME, /解压后超过 \d+ MB 上限|压缩比超过/);
  }, 180_000);

  it('a zip bomb whose headers claim 2 KB is cut off while inflating', async () => {
    await expectRefused(await bombXlsx(300, 2048), 'liar.xlsx', XLSX_MIME, /解压后超过其声明的大小/);
  }, 180_000);

  it('a CSV of a million bad rows under a valid header is refused by the row cap with a small answer', async () => {
    const bytes = manyRowsCsv(1_000_000, '1,x');
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    await expectRefused(bytes, 'million.csv', 'text/csv', /20000 行上限/);
  });

  it('a workbook at the caps (20,000 rows of 24 distinct cells) is read whole and answered with the first 100 problems', async () => {
    const bytes = await atTheCapsXlsx(20_000, 24);
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    for (const target of targets()) {
      const res = await upload(target.path, bytes, 'big.xlsx', XLSX_MIME);
      expect({ target: target.name, status: res.status, code: res.body.code, truncated: res.body.truncated }).toEqual({
        target: target.name,
        status: 400,
        code: 'IMPORT_FAILED',
        truncated: true,
      });
      expect(res.body.errorCount).toBeGreaterThanOrEqual(19_999);
      expect(res.body.details).toHaveLength(100);
      expect(res.body.details[0].row).toBe(2);
    }
  }, 180_000);

  it('the process is alive and its peak resident memory stayed bounded', async () => {
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(peakRssMb(app.child.pid!)).toBeLessThan(400);
  });
});
