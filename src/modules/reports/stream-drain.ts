import { once, type EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';

/** A writable as seen from outside: both Node's streams and readable-stream 2's keep this state. */
interface WritableLike extends EventEmitter {
  _writableState?: { needDrain?: boolean };
  writableNeedDrain?: boolean;
}

/** The download's client did not take the next part of it within the stall timeout. */
export class DownloadStalledError extends Error {
  override name = 'DownloadStalledError';
  constructor(stallMs: number) {
    super(`download stalled: the client took nothing more within ${stallMs / 1000} s`);
  }
}

type ClosingResponse = EventEmitter & { destroyed: boolean; writableFinished: boolean; req?: EventEmitter & { destroyed: boolean } };

/**
 * A signal that aborts when the client went away before the response finished: the response
 * closed, or its request did (a pipelined request's response never emits 'close' when the socket
 * goes, only the request does), including before the handler ran and could listen.
 */
export function abortOnClose(res: ClosingResponse): AbortSignal {
  const gone = new AbortController();
  const abort = () => {
    if (!res.writableFinished) gone.abort(new Error('download closed by the client'));
  };
  if (res.destroyed || res.req?.destroyed) abort();
  else {
    res.once('close', abort);
    res.req?.once('close', abort);
  }
  return gone.signal;
}

/**
 * Settles as `work` does, unless `signal` aborts first (rejects with its reason: the client went
 * away) or `stallMs` pass (DownloadStalledError: the client stays but takes nothing), so an export
 * never waits for a 'drain' or 'finish' that cannot come.
 */
async function guarded<T>(work: (signal: AbortSignal) => Promise<T>, signal: AbortSignal, stallMs: number): Promise<T> {
  signal.throwIfAborted();
  const wait = new AbortController();
  const follow = () => wait.abort(signal.reason);
  signal.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(() => wait.abort(new DownloadStalledError(stallMs)), stallMs);
  const abandoned = once(wait.signal, 'abort').then(() => Promise.reject(wait.signal.reason as Error));
  try {
    return await Promise.race([work(wait.signal), abandoned]);
  } catch (err) {
    throw wait.signal.aborted ? wait.signal.reason : err;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', follow);
    if (!wait.signal.aborted) wait.abort();
    abandoned.catch(() => undefined);
  }
}

/** Waits, if `out` is over its high-water mark, until it has drained (see `guarded` for how it gives up). */
export async function drained(out: WritableLike, signal: AbortSignal, stallMs: number): Promise<void> {
  signal.throwIfAborted();
  const needDrain = out.writableNeedDrain ?? out._writableState?.needDrain;
  if (needDrain) await guarded((s) => once(out, 'drain', { signal: s }), signal, stallMs);
}

/** Waits for the end of a download (the zip's last bytes, the CSV's end), giving up like `drained`. */
export async function finished(end: Promise<unknown>, signal: AbortSignal, stallMs: number): Promise<void> {
  await guarded(() => end, signal, stallMs);
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
