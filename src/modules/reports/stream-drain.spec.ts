import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { EventEmitter, getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { abortOnClose, DownloadStalledError, drained, finished, sheetDrained, sheetEntry } from './stream-drain.js';

/** A client slower than the writer: one chunk per turn of the event loop. */
const slowSink = () => new Writable({ write: (_chunk, _enc, done) => setImmediate(done) });
/** A client that stopped reading: it never takes a chunk. */
const stalledSink = () => new Writable({ write: () => undefined });
/** A stalled sink already over its high-water mark, so the next wait has to wait. */
const fullStalledSink = () => {
  const out = stalledSink();
  out.write(Buffer.alloc(out.writableHighWaterMark));
  return out;
};
const NO_STALL = 60_000;

// About 1 KB of sheet XML per row, like a ledger row.
const CELLS = Array.from({ length: 12 }, (_, i) => `整改事项第${i}列：建立台账，逐项销号，定期复查`);

function streamingSheet(out: Writable) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  return { wb, ws: wb.addWorksheet('台账'), out };
}

/** Bytes of sheet XML waiting in the sheet's zip entry. */
const backlog = (ws: ExcelJS.Worksheet) => (sheetEntry(ws) as { _writableState?: { length: number } })._writableState?.length ?? 0;

/** Writes `rows` rows in batches of 200 and returns the largest backlog seen after a batch. */
async function largestBacklog(rows: number, waitForEntry: boolean): Promise<number> {
  const { wb, ws, out } = streamingSheet(slowSink());
  const signal = new AbortController().signal;
  let largest = 0;
  for (let i = 1; i <= rows; i++) {
    ws.addRow([i, ...CELLS]).commit();
    if (i % 200 === 0) {
      if (waitForEntry) await sheetDrained(ws, out, signal, NO_STALL);
      else await new Promise((resolve) => setImmediate(resolve));
      largest = Math.max(largest, backlog(ws));
    }
  }
  ws.commit();
  await wb.commit();
  return largest;
}

/** Resolves once `check` holds, looking after every turn of the event loop; gives up (resolves) after `ms`. */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Commits rows to a sheet whose client stopped reading until the writer has to wait, and returns
 * that wait (boxed: an async function would adopt it). Once the stalled sink is over its mark it
 * never drains, so a wait pending at that point can only end by abort or stall.
 */
async function stalledSheetWait(signal: AbortSignal, stallMs: number): Promise<{ wait: Promise<void> }> {
  const { ws, out } = streamingSheet(stalledSink());
  for (let i = 1; i <= 20_000; i++) {
    ws.addRow([i, ...CELLS]).commit();
    if (i % 200 === 0) {
      const wait = sheetDrained(ws, out, signal, stallMs);
      let settled = false;
      wait.then(
        () => (settled = true),
        () => (settled = true),
      );
      await until(() => settled || out.writableNeedDrain);
      if (!settled) return { wait };
    }
  }
  throw new Error('the writer never had to wait for the stalled client');
}

describe('back-pressure for the streamed ledger', () => {
  it("exceljs alone lets the sheet's XML pile up in its zip entry; waiting on the entry keeps it to a batch", async () => {
    const unbounded = await largestBacklog(6000, false);
    const bounded = await largestBacklog(6000, true);
    expect(unbounded).toBeGreaterThan(2_000_000);
    expect(bounded).toBeLessThan(400_000);
  });

  it('a wait for a client that stopped reading ends when the download is aborted', async () => {
    const gone = new AbortController();
    const { wait } = await stalledSheetWait(gone.signal, NO_STALL);
    gone.abort(new Error('client gone'));
    await expect(wait).rejects.toThrow('client gone');

    const csvGone = new AbortController();
    const csvWait = drained(fullStalledSink(), csvGone.signal, NO_STALL);
    csvGone.abort(new Error('client gone'));
    await expect(csvWait).rejects.toThrow('client gone');
  });

  it('a client that stays connected but takes nothing for the stall timeout ends the wait', async () => {
    const { wait } = await stalledSheetWait(new AbortController().signal, 300);
    await expect(wait).rejects.toBeInstanceOf(DownloadStalledError);
    await expect(drained(fullStalledSink(), new AbortController().signal, 100)).rejects.toBeInstanceOf(DownloadStalledError);
  });

  it('the end of a download gives up the same way: on abort, or when the client takes nothing more', async () => {
    const never = new Promise<void>(() => undefined);
    await expect(finished(never, new AbortController().signal, 100)).rejects.toBeInstanceOf(DownloadStalledError);
    const gone = new AbortController();
    const ending = finished(never, gone.signal, NO_STALL);
    gone.abort(new Error('client gone'));
    await expect(ending).rejects.toThrow('client gone');
    await expect(finished(Promise.resolve(), new AbortController().signal, NO_STALL)).resolves.toBeUndefined();
  });

  it("waits leave no listener on the download's signal, however they end", async () => {
    const signal = new AbortController().signal;
    const sink = new Writable({ write: (_chunk, _enc, done) => setImmediate(done) });
    sink.write(Buffer.alloc(sink.writableHighWaterMark));
    await drained(sink, signal, NO_STALL);
    await finished(Promise.resolve(), signal, NO_STALL);
    await expect(drained(fullStalledSink(), signal, 50)).rejects.toBeInstanceOf(DownloadStalledError);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('a response closing unfinished aborts (also one closed before anyone listened); a finished one does not', () => {
    const response = (destroyed: boolean, writableFinished: boolean) => Object.assign(new EventEmitter(), { destroyed, writableFinished });
    expect(abortOnClose(response(true, false)).aborted).toBe(true);
    const cut = response(false, false);
    const cutSignal = abortOnClose(cut);
    expect(cutSignal.aborted).toBe(false);
    cut.emit('close');
    expect(cutSignal.aborted).toBe(true);
    const done = response(false, true);
    const doneSignal = abortOnClose(done);
    done.emit('close');
    expect(doneSignal.aborted).toBe(false);
  });

  it('a pipelined request whose client leaves aborts, though its response never closes', async () => {
    const signals: AbortSignal[] = [];
    const server = createServer((req, res) => {
      if (req.url === '/second') signals.push(abortOnClose(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write('GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n');
      await until(() => signals.length === 1);
      expect(signals[0].aborted).toBe(false);
      socket.destroy();
      await until(() => signals[0].aborted);
      expect(signals[0].aborted).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("refuses a worksheet without the streaming writer's shape instead of silently not waiting", () => {
    const ws = new ExcelJS.Workbook().addWorksheet('台账');
    expect(() => sheetEntry(ws)).toThrow('cannot apply back-pressure');
  });
});
