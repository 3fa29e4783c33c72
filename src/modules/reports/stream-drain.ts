import { once, type EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';

/** A writable as seen from outside: both Node's streams and readable-stream 2's keep this state. */
interface WritableLike extends EventEmitter {
  _writableState?: { needDrain?: boolean };
  writableNeedDrain?: boolean;
}

/** The download's reader took nothing for the whole stall timeout. */
export class DownloadStalledError extends Error {
  constructor(stallMs: number) {
    super(`download stalled: the client took nothing for ${Math.round(stallMs / 1000)} s`);
  }
}

/**
 * A signal that aborts when the response closes before it has finished: the client went away.
 * Also when it had already closed by the time the handler ran (its 'close' event is gone by then).
 */
export function abortOnClose(res: EventEmitter & { destroyed: boolean; writableFinished: boolean }): AbortSignal {
  const gone = new AbortController();
  const abort = () => {
    if (!res.writableFinished) gone.abort(new Error('download closed by the client'));
  };
  if (res.destroyed) abort();
  else res.once('close', abort);
  return gone.signal;
}

/**
 * Waits, if `out` is over its high-water mark, until it has drained. Rejects with the abort reason
 * when `signal` aborts (the client went away), and with DownloadStalledError when nothing drains
 * for `stallMs` (a client that stays connected but stopped reading), so a writer never waits for
 * a 'drain' that cannot come.
 */
export async function drained(out: WritableLike, signal: AbortSignal, stallMs: number): Promise<void> {
  signal.throwIfAborted();
  const needDrain = out.writableNeedDrain ?? out._writableState?.needDrain;
  if (!needDrain) return;
  const wait = new AbortController();
  const follow = () => wait.abort(signal.reason);
  signal.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(() => wait.abort(new DownloadStalledError(stallMs)), stallMs);
  try {
    await once(out, 'drain', { signal: wait.signal });
  } catch (err) {
    throw wait.signal.aborted ? wait.signal.reason : err;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', follow);
  }
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
 * The entry is exceljs' internal `worksheet.stream.pipes[0]` (attached when the sheet is added);
 * this throws when that shape is gone, so an upgrade that moved it fails the ledger tests instead
 * of silently buffering again.
 */
export function sheetEntry(ws: ExcelJS.Worksheet): WritableLike {
  const entry = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as WritableLike | undefined;
  if (typeof entry?.once !== 'function') {
    throw new Error('exceljs streaming worksheet has no stream.pipes[0]: the ledger export cannot apply back-pressure');
  }
  return entry;
}

/**
 * Waits until the rows committed so far have left the sheet's zip entry (see `sheetEntry`) and
 * `out`, where the zip writes, can take more: a client that reads slowly or not at all holds the
 * writer back, instead of the zip's own buffer growing.
 */
export async function sheetDrained(ws: ExcelJS.Worksheet, out: WritableLike, signal: AbortSignal, stallMs: number): Promise<void> {
  await drained(sheetEntry(ws), signal, stallMs);
  await drained(out, signal, stallMs);
}
