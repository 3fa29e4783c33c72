import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeFlags } from './start-command.js';

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
}

export interface ApiProcess {
  pid: number;
  /** `http://127.0.0.1:<port>` (the API is under `/api/v1`, health at `/health`). */
  origin: string;
  /** Log lines at pino level error or fatal (≥ 50) seen so far on stdout or stderr. */
  errorLines: () => string[];
  stop: () => Promise<void>;
}

/**
 * The built app as a process of its own, started as `npm start` starts it (its Node flags, the
 * given environment), on a free port; resolves once it answers `GET /health` at all (any status).
 * stderr is passed through when `inheritStderr`; error-level log lines are kept either way.
 */
export async function startApiProcess(env: Record<string, string>, options: { inheritStderr?: boolean } = {}): Promise<ApiProcess> {
  const port = await freePort();
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.js');
  const child = spawn(process.execPath, [...startNodeFlags(), main], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'],
  });
  const errors: string[] = [];
  let errorCount = 0;
  const watch = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const level = /"level":(\d+)/.exec(line);
        if (level && Number(level[1]) >= 50) {
          errorCount++;
          if (errors.length < 50) errors.push(line.slice(0, 2000));
        }
      }
    });
  };
  watch(child.stdout);
  watch(child.stderr);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`API process exited with ${child.exitCode}`);
    const up = await fetch(`${origin}/health`).then(
      (r) => r.status > 0,
      () => false,
    );
    if (up) break;
    if (i > 300) throw new Error('API process did not start in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    origin,
    errorLines: () => (errorCount > errors.length ? [...errors, `… and ${errorCount - errors.length} more`] : [...errors]),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
