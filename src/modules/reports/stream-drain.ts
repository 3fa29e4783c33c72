import { once, type EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';

/** A writable as seen from outside: both Node's streams and readable-stream 2's keep this state. */
interface WritableLike extends EventEmitter {
  _writableState?: { needDrain?: boolean };
  writableNeedDrain?: boolean;
}

/**
 * Waits, if `out` is over its high-water mark, until it has drained; rejects when `signal` aborts
 * (the client went away), so a writer never waits for a 'drain' that cannot come.
 */
export async function drained(out: WritableLike, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const needDrain = out.writableNeedDrain ?? out._writableState?.needDrain;
  if (!needDrain) return;
  await once(out, 'drain', { signal }).catch((err: unknown) => {
    throw signal.aborted ? signal.reason : err;
  });
}

/** Rejects with the abort reason once `signal` aborts (for racing a promise that would never settle). */
export async function aborted(signal: AbortSignal): Promise<never> {
  if (!signal.aborted) await once(signal, 'abort');
  throw signal.reason;
}

/**
 * The stream an exceljs streaming worksheet writes its XML into. exceljs' streaming writer has no
 * back-pressure (exceljs/exceljs#734): a committed row is written into the sheet's zip entry (a
 * readable-stream 2 PassThrough in front of the deflater) whatever that entry already holds, and
 * the response's back-pressure stops at the zip. At database speed the deflater falls behind and
 * the sheet's XML piled up there: about 75 MB for 100,000 ledger rows. Waiting on this entry as
 * well as on the response keeps what is in flight to a batch of rows.
 *
 * The entry is exceljs' internal `worksheet.stream.pipes[0]`; this throws when that shape is gone,
 * so an upgrade that moved it fails the ledger tests instead of silently buffering again.
 * `undefined` until the zip has started this entry (the first rows wait in the sheet's own buffer).
 */
export function sheetEntry(ws: ExcelJS.Worksheet): WritableLike | undefined {
  const pipes = (ws as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (!Array.isArray(pipes)) {
    throw new Error('exceljs streaming worksheet has no stream.pipes: the ledger export cannot apply back-pressure');
  }
  return pipes[0] as WritableLike | undefined;
}

/**
 * Waits until the rows committed so far have left the sheet's zip entry (see `sheetEntry`) and
 * `out`, where the zip writes, can take more: a client that reads slowly or not at all holds the
 * writer back, instead of the zip's own buffer growing.
 */
export async function sheetDrained(ws: ExcelJS.Worksheet, out: WritableLike, signal: AbortSignal): Promise<void> {
  const entry = sheetEntry(ws);
  if (entry) await drained(entry, signal);
  await drained(out, signal);
}
