import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startNodeFlags } from '../../src/bench/start-command.js';

export { freePort } from '../../src/bench/start-command.js';

export const MAIN_JS = 'dist/src/main.js';

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Start the built app (`npm test` builds first, or `main`) as `npm start` does, with exactly the given environment. */
export function startProcess(env: Record<string, string>, main = MAIN_JS): RunningProcess {
  let out = '';
  const child = spawn(process.execPath, [...startNodeFlags(), main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => out, exited };
}

/** Polls `check` until it holds; `what` names it in the error (a function: read when the wait fails, e.g. a process's output by then). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
}
