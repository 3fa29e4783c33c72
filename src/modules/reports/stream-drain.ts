import { once, type EventEmitter } from 'node:events';

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
