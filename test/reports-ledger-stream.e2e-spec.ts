import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadReportData } from '../src/bench/report-data.js';
import { SYSTEM_ACTOR } from '../src/common/actor.js';
import { LedgerExportService } from '../src/modules/reports/ledger-export.service.js';
import { waitFor } from './support/process.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

const ROWS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ledger streams at the pace of its reader: a client that stops reading holds the export back
 * (its rows wait in the database cursor, not in the server's memory), and a client that goes away
 * ends it and gives its database connection back. Before, an abandoned xlsx download kept its
 * connection idle in a transaction for good.
 */
describe('ledger export under a slow or vanished client', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    await loadReportData(c, ROWS);
    await c.end();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  /** Sessions of this database other than ours that still have the ledger's cursor open (in a transaction). */
  const exportSessions = async (): Promise<unknown[]> =>
    t.dataSource.query(
      `SELECT pid, state FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND query LIKE '%ledger_cursor%'`,
    );

  for (const format of ['xlsx', 'csv'] as const) {
    it(`${format}: a reader that stopped holds the export at its cursor; aborting ends it and frees the connection`, async () => {
      const ledger = t.app.get(LedgerExportService);
      const stalled = new Writable({ write: () => undefined });
      const gone = new AbortController();
      const write = format === 'csv' ? ledger.writeCsv.bind(ledger) : ledger.writeXlsx.bind(ledger);
      const exporting = write(SYSTEM_ACTOR, {}, stalled, gone.signal);
      const outcome = exporting.then(
        (rows) => `finished with ${rows} rows`,
        (err: Error) => err.message,
      );

      await sleep(1000);
      expect(await Promise.race([outcome, sleep(0).then(() => 'still exporting')])).toBe('still exporting');
      expect(await exportSessions()).toHaveLength(1);

      gone.abort(new Error('client gone'));
      expect(await outcome).toBe('client gone');
      expect(await exportSessions()).toEqual([]);
    });
  }

  it('over HTTP: the download waits for a paused client and stops when it disconnects', async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = await t.login(ADMIN.username, ADMIN.password);
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/v1/reports/ledger.xlsx?format=csv',
      headers: { authorization: `Bearer ${token}` },
    });
    const res = await new Promise<IncomingMessage>((resolve, reject) => req.once('response', resolve).once('error', reject).end());
    expect(res.statusCode).toBe(200);
    await new Promise((resolve) => res.once('data', resolve));
    res.pause();

    // ≈ 8.6 MB of CSV: more than the sockets hold, so the server must be waiting for the reader.
    await sleep(1000);
    expect(await exportSessions()).toHaveLength(1);

    req.destroy();
    await waitFor(async () => (await exportSessions()).length === 0, 10_000, 'the export to give its connection back');
  });
});
