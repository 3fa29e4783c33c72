import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type pg from 'pg';

/** The project root: the nearest folder above this file holding Rectify's package.json (from src/ or dist/src/). */
export function projectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'rectify') return dir;
    if (dirname(dir) === dir) throw new Error('package.json of rectify not found above ' + fileURLToPath(import.meta.url));
  }
}

/**
 * The Node flags `npm start` runs the system with (package.json `scripts.start`, the same as the
 * image's CMD), so the benchmarks and the start-up tests measure the process as production runs it.
 */
export function startNodeFlags(script = 'start'): string[] {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const command = pkg.scripts[script]?.trim() ?? '';
  const m = /^(?:[A-Z][A-Z0-9_]*=\S+\s+)*node((?:\s+--[\w-]+=\S+)*)\s+dist\/src\/main\.js$/.exec(command);
  if (!m) throw new Error(`package.json scripts.${script} is not "[VAR=value …] node [--flag=value …] dist/src/main.js": ${command}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

/**
 * The API as a process of its own, started as `npm start` starts it (its Node flags, dist/src/main.js),
 * on a free port; resolves once it answers. Shared by the benchmarks.
 */
export async function startServer(env: Record<string, string>): Promise<{ pid: number; base: string; stop: () => Promise<void> }> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.js');
  const child = spawn(process.execPath, [...startNodeFlags(), main], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}/api/v1`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`API process exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.status > 0,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error('API process did not start in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A benchmark's clean-up: its database (through the admin connection, then closed) and its Redis keys. */
export async function dropBenchData(admin: pg.Client, database: string, redisUrl: string, prefix: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}
