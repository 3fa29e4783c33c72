import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { drained, sheetDrained, sheetEntry } from './stream-drain.js';

/** A client slower than the writer: one chunk per turn of the event loop. */
const slowSink = () => new Writable({ write: (_chunk, _enc, done) => setImmediate(done) });
/** A client that stopped reading: it never takes a chunk. */
const stalledSink = () => new Writable({ write: () => undefined });

// About 1 KB of sheet XML per row, like a ledger row.
const CELLS = Array.from({ length: 12 }, (_, i) => `整改事项第${i}列：建立台账，逐项销号，定期复查`);

function streamingSheet(out: Writable) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  return { wb, ws: wb.addWorksheet('台账'), out };
}

/** Bytes of sheet XML waiting in the sheet's zip entry. */
const backlog = (ws: ExcelJS.Worksheet) =>
  (sheetEntry(ws) as { _writableState?: { length: number } } | undefined)?._writableState?.length ?? 0;

/** Writes `rows` rows in batches of 200 and returns the largest backlog seen after a batch. */
async function largestBacklog(rows: number, waitForEntry: boolean): Promise<number> {
  const { wb, ws, out } = streamingSheet(slowSink());
  const signal = new AbortController().signal;
  let largest = 0;
  for (let i = 1; i <= rows; i++) {
    ws.addRow([i, ...CELLS]).commit();
    if (i % 200 === 0) {
      if (waitForEntry) await sheetDrained(ws, out, signal);
      else await new Promise((resolve) => setImmediate(resolve));
      largest = Math.max(largest, backlog(ws));
    }
  }
  ws.commit();
  await wb.commit();
  return largest;
}

describe('back-pressure for the streamed ledger', () => {
  it("exceljs alone lets the sheet's XML pile up in its zip entry; waiting on the entry keeps it to a batch", async () => {
    const unbounded = await largestBacklog(6000, false);
    const bounded = await largestBacklog(6000, true);
    expect(unbounded).toBeGreaterThan(2_000_000);
    expect(bounded).toBeLessThan(400_000);
  });

  it('a wait for a client that stopped reading ends when the download is aborted', async () => {
    const { ws, out: stalled } = streamingSheet(stalledSink());
    const gone = new AbortController();
    let waiting: Promise<void> | undefined;
    for (let i = 1; !waiting && i <= 20_000; i++) {
      ws.addRow([i, ...CELLS]).commit();
      if (i % 200 === 0) {
        const wait = sheetDrained(ws, stalled, gone.signal);
        const settled = await Promise.race([wait.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);
        if (!settled) waiting = wait;
      }
    }
    expect(waiting).toBeDefined();
    gone.abort(new Error('client gone'));
    await expect(waiting).rejects.toThrow('client gone');

    const out = stalledSink();
    out.write(Buffer.alloc(out.writableHighWaterMark));
    const csvWait = drained(out, gone.signal);
    await expect(csvWait).rejects.toThrow('client gone');
  });

  it("refuses a worksheet without the streaming writer's shape instead of silently not waiting", () => {
    const ws = new ExcelJS.Workbook().addWorksheet('台账');
    expect(() => sheetEntry(ws)).toThrow('cannot apply back-pressure');
  });
});
