import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadReportData } from '../src/bench/report-data.js';
import { SYSTEM_ACTOR } from '../src/common/actor.js';
import { LedgerExportService } from '../src/modules/reports/ledger-export.service.js';
import { ReportsController } from '../src/modules/reports/reports.controller.js';
import { LedgerQuery } from '../src/modules/reports/reports.dto.js';
import { DownloadStalledError } from '../src/modules/reports/stream-drain.js';
import { waitFor } from './support/process.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

// ≈ 29 MB as CSV: far more than the sockets between a paused client and the server hold.
const ROWS = 100_000;
const STALL_SECONDS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const listening = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/**
 * The ledger streams at the pace of its reader: a client that stops reading holds the export back
 * (its rows wait in the database cursor, not in the server's memory); a client that goes away, or
 * stays but takes nothing for LEDGER_STALL_TIMEOUT_SECONDS, ends it and gives its database
 * connection back. Before, an abandoned xlsx download kept its connection idle in a transaction
 * for good.
 */
describe('ledger export under a slow or vanished client', () => {
  let t: TestApp;
  /** The database owner: sees other sessions' state and query (the app's role sees only its own). */
  let owner: pg.Client;

  beforeAll(async () => {
    t = await startTestApp({ env: { LEDGER_STALL_TIMEOUT_SECONDS: String(STALL_SECONDS) } });
    owner = new pg.Client({ connectionString: t.databaseUrl });
    await owner.connect();
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    await loadReportData(c, ROWS);
    await c.end();
  }, 180_000);
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  /** Sessions of this database other than ours that still have the ledger's cursor open (in a transaction). */
  const exportSessions = async (): Promise<unknown[]> =>
    (
      await owner.query(
        `SELECT pid, state FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND query LIKE '%ledger_cursor%'`,
      )
    ).rows;
  const exportStarted = () => waitFor(async () => (await exportSessions()).length === 1, 20_000, 'the export to open its cursor');
  const exportEnded = () => waitFor(async () => (await exportSessions()).length === 0, 10_000, 'the export to give its connection back');

  /** The export into a client that never takes a byte; settles to a description of how it ended. */
  function exportToStalledClient(format: 'xlsx' | 'csv', signal: AbortSignal) {
    const ledger = t.app.get(LedgerExportService);
    const stalled = new Writable({ write: () => undefined });
    const write = format === 'csv' ? ledger.writeCsv.bind(ledger) : ledger.writeXlsx.bind(ledger);
    const outcome = write(SYSTEM_ACTOR, {}, stalled, signal).then(
      (rows) => `finished with ${rows} rows`,
      (err: Error) => (err instanceof DownloadStalledError ? 'stalled' : err.message),
    );
    return { stalled, outcome };
  }
  const stillRunning = (outcome: Promise<string>) => Promise.race([outcome, sleep(0).then(() => 'still exporting')]);

  for (const format of ['xlsx', 'csv'] as const) {
    it(`${format}: a reader that stopped holds the export at its cursor; aborting ends it and frees the connection`, async () => {
      const gone = new AbortController();
      const { stalled, outcome } = exportToStalledClient(format, gone.signal);
      await exportStarted();
      await sleep(1000);
      expect(await stillRunning(outcome)).toBe('still exporting');
      expect(await exportSessions()).toHaveLength(1);
      // What reached the client waits in its buffer: a chunk or two, not the ledger.
      expect(stalled.writableLength).toBeLessThan(256 * 1024);

      gone.abort(new Error('client gone'));
      expect(await outcome).toBe('client gone');
      expect(await exportSessions()).toEqual([]);
    });
  }

  it('a reader that stays connected but takes nothing for the stall timeout is cut off, freeing the connection', async () => {
    const { outcome } = exportToStalledClient('xlsx', new AbortController().signal);
    await exportStarted();
    expect(await stillRunning(outcome)).toBe('still exporting');
    expect(await outcome).toBe('stalled');
    expect(await exportSessions()).toEqual([]);
  }, 30_000);

  it('over HTTP: the download waits for a paused client and stops when it disconnects', async () => {
    const server = t.app.getHttpServer();
    const port = await listening(server);
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

    await sleep(1000);
    expect(await exportSessions()).toHaveLength(1);

    req.destroy();
    await exportEnded();
  });

  it('a client gone before the handler ran (its close event already past) does not start an export at all', async () => {
    const controller = t.app.get(ReportsController);
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let handled: Promise<void> | undefined;
    const app = express().get('/ledger', (_req, res) => {
      res.once('close', () => {
        handled = controller.ledgerExport(SYSTEM_ACTOR, Object.assign(new LedgerQuery(), { format: 'xlsx' }), res);
      });
      arrived();
    });
    const server = createServer(app);
    try {
      const port = await listening(server);
      const req = httpRequest({ host: '127.0.0.1', port, path: '/ledger' }).on('error', () => undefined);
      req.end();
      await requestArrived;
      req.destroy();
      await waitFor(() => Promise.resolve(handled !== undefined), 5_000, 'the handler to run after the client left');
      // Well inside the stall timeout: without noticing the closed response it would wait that long at least.
      expect(await Promise.race([handled!.then(() => 'returned'), sleep(1000).then(() => 'still waiting')])).toBe('returned');
      expect(await exportSessions()).toEqual([]);
    } finally {
      server.close();
    }
  });
});
