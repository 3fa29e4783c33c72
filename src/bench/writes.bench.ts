/**
 * Write benchmark: `npm run bench:writes -- --users N --seconds S` (defaults 200 users, 15 s).
 *
 * A bureau reporting at once. In a database and Redis prefix of its own: N unit_staff users spread
 * over 20 units, each owning 5 items (written with SQL: set-up, not the thing measured). Then:
 *  1. app: the API as its own process, started as `npm start` starts it (APP_ROLE=api, default pool,
 *     default log level), and every user logged in over HTTP; autocannon at 50 connections sends
 *     `POST /api/v1/items/:id/progress` as the items' owners, round robin over every (user, item);
 *  2. raw: the SQL statements one such request runs, captured from the real app (every query its
 *     pg clients sent while it served one progress request: the guard's user lookup, the scope, the
 *     item, the write), replayed straight through `pg` by 50 concurrent loops over a pool of the
 *     app's size, with each loop's user and item substituted; statements between BEGIN and
 *     COMMIT/ROLLBACK run on one client, the others each check out a connection as the app does.
 * Last line: `RESULT writes: rps_app=A rps_raw=B ratio=R p99_ms=P errors=E` (ratio = A / B; p99 and
 * errors of the app run; errors = non-2xx answers + connection errors and timeouts).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApiApp } from '../bootstrap.js';
import { dropBenchData, startServer } from './start-command.js';

const CONNECTIONS = 50;
const UNITS = 20;
const ITEMS_PER_USER = 5;
const POOL_SIZE = 20; // the app's default DATABASE_POOL_SIZE, used by both sides
const ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };
const PASSWORD = 'Bench-Writer@2026';

const out = (line: string) => process.stdout.write(`${line}\n`);

function arg(name: string, fallback: number, min: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return v;
}

interface Writer {
  id: string;
  username: string;
  unitId: string;
  items: string[];
  token?: string;
}

/** One (user, item) pair per request, round robin. */
function pairs(writers: Writer[]): { writer: Writer; itemId: string }[] {
  return writers.flatMap((writer) => writer.items.map((itemId) => ({ writer, itemId })));
}

async function seed(client: pg.Client, users: number): Promise<Writer[]> {
  const hash = await bcrypt.hash(PASSWORD, 10);
  const units = (
    await client.query<{ id: string }>(
      `INSERT INTO units (code, name) SELECT 'W' || g, '压测单位' || g FROM generate_series(1, $1) g ORDER BY g RETURNING id`,
      [UNITS],
    )
  ).rows.map((r) => r.id);
  const writers = (
    await client.query<{ id: string; username: string; unit_id: string }>(
      `INSERT INTO users (username, password_hash, display_name, role, unit_id, active)
       SELECT 'writer' || g, $1, '压测责任人' || g, 'unit_staff', ($2::uuid[])[1 + g % $3], true
         FROM generate_series(1, $4) g ORDER BY g
       RETURNING id, username, unit_id`,
      [hash, units, UNITS, users],
    )
  ).rows.map((r): Writer => ({ id: r.id, username: r.username, unitId: r.unit_id, items: [] }));
  const [{ id: inspectionId }] = (
    await client.query<{ id: string }>(
      `INSERT INTO inspections (kind, title, start_date, end_date) VALUES ('internal_round', '压测巡察', '2026-01-01', '2026-02-01') RETURNING id`,
    )
  ).rows;
  const findings = (
    await client.query<{ id: string; unit_id: string }>(
      `INSERT INTO findings (inspection_id, unit_id, category, description)
       SELECT $1, u, '其他', '压测发现问题' FROM unnest($2::uuid[]) u RETURNING id, unit_id`,
      [inspectionId, units],
    )
  ).rows;
  const findingOf = new Map(findings.map((f) => [f.unit_id, f.id]));
  const items = await client.query<{ id: string; owner_id: string }>(
    `INSERT INTO rectification_items (finding_id, title, responsible_unit_id, owner_id, deadline, original_deadline, rectification_type, status, version)
     SELECT w.finding_id, '压测事项' || k, w.unit_id, w.owner_id, DATE '2027-06-30', DATE '2027-06-30', 'time_limited', 'in_progress', 1
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS w(owner_id, unit_id, finding_id)
       CROSS JOIN generate_series(1, $4) k
     RETURNING id, owner_id`,
    [writers.map((w) => w.id), writers.map((w) => w.unitId), writers.map((w) => findingOf.get(w.unitId)), ITEMS_PER_USER],
  );
  const byId = new Map(writers.map((w) => [w.id, w]));
  for (const r of items.rows) byId.get(r.owner_id)!.items.push(r.id);
  await client.query('VACUUM ANALYZE');
  return writers;
}

async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function progressBody(i: number): string {
  return JSON.stringify({ note: `第${i}次压测报送：已完成阶段性整改`, percent: i % 101 });
}

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Every statement the app's pg clients send while `fn` runs (pg.Client.prototype.query wrapped for
 * that time only; TypeORM's driver loads the same `pg` module).
 */
async function captureStatements(fn: () => Promise<void>): Promise<Statement[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: Statement[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [config, values] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | null)?.text;
    const vals = Array.isArray(values) ? values : ((config as { values?: unknown[] } | null)?.values ?? []);
    if (typeof text === 'string') seen.push({ text, values: vals });
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return seen;
}

const CAPTURE_I = 37; // the capture's note and percent (37) are distinct from every other value it sends

/** The captured statements with the capture's user, item, note and percent replaced by another request's. */
function substitute(statements: Statement[], from: Writer, fromItem: string, to: Writer, toItem: string, i: number): Statement[] {
  const captured = JSON.parse(progressBody(CAPTURE_I)) as { note: string; percent: number };
  const now = JSON.parse(progressBody(i)) as { note: string; percent: number };
  const map = new Map<unknown, unknown>([
    [from.id, to.id],
    [from.username, to.username],
    [from.unitId, to.unitId],
    [fromItem, toItem],
    [captured.note, now.note],
    [captured.percent, now.percent],
  ]);
  const swap = (v: unknown): unknown => (Array.isArray(v) ? v.map(swap) : map.has(v) ? map.get(v) : v);
  return statements.map((s) => ({ text: s.text, values: s.values.map(swap) }));
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0; // gone, or not Linux
  }
}

/**
 * CPU used during `fn` by this process, by `others` and by the PostgreSQL backends serving `database`
 * (sampled when `fn` starts): the cost of a request whatever else loads the machine.
 */
async function measureCpu<T>(client: pg.Client, database: string, others: number[], fn: () => Promise<T>) {
  const backends = (
    await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database])
  ).rows.map((r) => r.pid);
  const before = { self: process.cpuUsage(), others: others.map(cpuSeconds), pg: backends.map(cpuSeconds) };
  const result = await fn();
  const self = process.cpuUsage(before.self);
  const sum = (pids: number[], was: number[]) => pids.reduce((a, pid, i) => a + cpuSeconds(pid) - was[i], 0);
  return {
    result,
    cpu: { self: (self.user + self.system) / 1e6, others: sum(others, before.others), postgres: sum(backends, before.pg) },
  };
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

/** `concurrency` loops replaying the statements of one request each, for `seconds`. */
async function replay(
  pool: pg.Pool,
  plan: (i: number) => Statement[],
  seconds: number,
  concurrency: number,
): Promise<{ done: number; errors: number; p99: number; secs: number }> {
  let next = 0;
  let done = 0;
  let errors = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const statements = plan(next++);
      const t1 = performance.now();
      try {
        let tx: pg.PoolClient | null = null;
        try {
          for (const s of statements) {
            const word = s.text.trim().split(/\s+/)[0].toUpperCase();
            if (word === 'BEGIN' || word === 'START') tx = await pool.connect();
            if (tx) await tx.query(s.text, s.values);
            else await pool.query(s.text, s.values);
            if (tx && (word === 'COMMIT' || word === 'ROLLBACK')) {
              tx.release();
              tx = null;
            }
          }
        } finally {
          tx?.release();
        }
        done++;
        latencies.push(performance.now() - t1);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  latencies.sort((a, b) => a - b);
  return { done, errors, p99: pct(latencies, 99), secs: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const users = arg('users', 200, 10);
  const seconds = arg('seconds', 15, 3);
  const baseUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `rectify_bench_writes_${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${name}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench_${name}`;
  const appEnv: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    JWT_SECRET: randomBytes(24).toString('hex'),
    SECRETS_KEY: randomBytes(32).toString('hex'), // required in production (unit robots' secrets)
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    NODE_ENV: 'production',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
  };
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: POOL_SIZE });
  // Idle clients are terminated when the database is dropped at the end; that is expected.
  pool.on('error', () => undefined);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    out(
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (1, 5, 15 min)`,
    );
    // Migrate and capture one request's statements with the app in this process (silent logs).
    const app = await createApiApp({ role: 'api', env: { ...appEnv, LOG_LEVEL: 'silent' } });
    let statements: Statement[];
    let writers: Writer[];
    try {
      await app.listen(0, '127.0.0.1');
      const local = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
      await client.connect();
      writers = await seed(client, users);
      const probe = writers[0];
      const token = await login(local, probe.username, PASSWORD);
      const post = async (itemId: string, i: number) => {
        const res = await fetch(`${local}/items/${itemId}/progress`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: progressBody(i),
        });
        if (res.status !== 201) throw new Error(`progress: ${res.status} ${await res.text()}`);
      };
      await post(probe.items[1], 0); // warm: the capture sees a steady-state request
      statements = await captureStatements(() => post(probe.items[0], CAPTURE_I));
    } finally {
      await app.close();
    }
    out(`seeded users=${users} units=${UNITS} items=${users * ITEMS_PER_USER}`);
    out(`one progress request runs ${statements.length} statements:`);
    for (const s of statements) out(`  ${s.text.replace(/\s+/g, ' ').slice(0, 110)}`);

    server = await startServer({ ...appEnv, APP_ROLE: 'api', MIGRATIONS_RUN: 'false' });
    const base = server.base;
    for (let i = 0; i < writers.length; i += 8) {
      await Promise.all(writers.slice(i, i + 8).map(async (w) => (w.token = await login(base, w.username, PASSWORD))));
    }
    const all = pairs(writers);
    let n = 0;
    const run = (duration: number) =>
      autocannon({
        url: base.replace(/\/api\/v1$/, ''),
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const i = n++;
              const { writer, itemId } = all[i % all.length];
              return {
                ...req,
                path: `/api/v1/items/${itemId}/progress`,
                headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' },
                body: progressBody(i),
              };
            },
          },
        ],
      });
    await run(3); // warm-up
    const { result: app1, cpu: appCpu } = await measureCpu(client, name, [server.pid], () => run(seconds));
    const appErrors = app1.errors + app1.non2xx;
    const rpsApp = app1.requests.total / app1.duration;
    out(
      `app: ${app1.requests.total} requests in ${app1.duration.toFixed(1)} s at ${CONNECTIONS} connections: ${rpsApp.toFixed(0)} req/s, ` +
        `latency p50=${app1.latency.p50} ms p99=${app1.latency.p99} ms max=${app1.latency.max} ms, non-2xx=${app1.non2xx} errors=${app1.errors} timeouts=${app1.timeouts}`,
    );
    await server.stop();
    server = undefined;

    const probe = writers[0];
    const plan = (i: number) => {
      const { writer, itemId } = all[i % all.length];
      return substitute(statements, probe, probe.items[0], writer, itemId, i);
    };
    await replay(pool, plan, 2, CONNECTIONS); // warm-up
    const { result: raw, cpu: rawCpu } = await measureCpu(client, name, [], () => replay(pool, plan, seconds, CONNECTIONS));
    const rpsRaw = raw.done / raw.secs;
    out(
      `raw: ${raw.done} replays in ${raw.secs.toFixed(1)} s at ${CONNECTIONS} concurrent loops, pool ${POOL_SIZE}: ${rpsRaw.toFixed(0)} req/s, ` +
        `p99=${raw.p99.toFixed(1)} ms, errors=${raw.errors}`,
    );
    const count = async (sql: string) => (await client.query<{ n: number }>(sql)).rows[0].n;
    const progressRows = await count(`SELECT count(*)::int AS n FROM item_progress_updates`);
    const audits = await count(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'item.progress'`);
    out(`check: progress rows=${progressRows}, item.progress audit entries=${audits} ${progressRows === audits ? 'MATCH' : 'MISMATCH'}`);
    // CPU per request: what the ratio would be on an otherwise idle machine, where both sides are CPU-bound.
    const perReq = (cpuSecs: number, n: number) => ((cpuSecs * 1000) / Math.max(1, n)).toFixed(2);
    const appMs = (appCpu.self + appCpu.others + appCpu.postgres) / app1.requests.total;
    const rawMs = (rawCpu.self + rawCpu.postgres) / raw.done;
    out(
      `cpu per request: app ${(appMs * 1000).toFixed(2)} ms (API process ${perReq(appCpu.others, app1.requests.total)}, ` +
        `autocannon ${perReq(appCpu.self, app1.requests.total)}, postgres ${perReq(appCpu.postgres, app1.requests.total)}); ` +
        `raw ${(rawMs * 1000).toFixed(2)} ms (pg client ${perReq(rawCpu.self, raw.done)}, postgres ${perReq(rawCpu.postgres, raw.done)}); ` +
        `cpu ratio raw/app=${(rawMs / appMs).toFixed(2)}`,
    );
    out(
      `machine after: load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    out(
      `RESULT writes: rps_app=${rpsApp.toFixed(0)} rps_raw=${rpsRaw.toFixed(0)} ratio=${(rpsApp / rpsRaw).toFixed(2)} p99_ms=${app1.latency.p99} errors=${appErrors}`,
    );
  } finally {
    await server?.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await client.end().catch(() => undefined);
    await dropBenchData(admin, name, redisUrl, prefix);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
