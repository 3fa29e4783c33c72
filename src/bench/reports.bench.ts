/**
 * Report benchmark: `npm run bench:reports -- --items N` (default 1,000,000).
 *
 * Creates a database of its own, runs the migrations by starting the real app in-process (port 0,
 * API role), bulk-loads N items of a realistic shape inside Postgres (INSERT … SELECT over
 * generate_series: 300 units, 3 batches × 4 groups, 6,000 findings, 53 measures, 20 feedback problems,
 * mixed statuses, types and deadlines), then times every report endpoint over HTTP (p50/p95 of 20
 * calls after 2 warm-ups) against the equivalent hand-written SQL aggregate over the same rows in
 * the same run, and the ledger export of 100,000 rows (time, the serving process's peak RSS). Drops
 * the database at the end. The endpoints read the maintained rollups, the raw SQL scans the items:
 * that scan is what the rollups save, so a ratio below 1 is their gain. For the trend the raw side
 * is the same weekly series computed from the items (what the daily snapshots replace).
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApiApp } from '../bootstrap.js';
import { loadReportData } from './report-data.js';
import { dropBenchData, startServer } from './start-command.js';

const ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };
const CALLS = 20;
const WARMUP = 2;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1000) throw new Error(`--${name} must be an integer ≥ 1000`);
  return v;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: pct(ms, 50), p95: pct(ms, 95) };
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM). */
function procStatus(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** The equivalent raw aggregates, written by hand (not through the report builder). */
function rawQueries(today: string, warnUntil: string): Record<string, [string, unknown[]]> {
  const counts = `count(*), count(*) FILTER (WHERE i.status = 'closed') AS closed, count(*) FILTER (WHERE i.status = 'submitted') AS submitted,
    count(*) FILTER (WHERE i.status = 'in_progress') AS in_progress, count(*) FILTER (WHERE i.status = 'pending') AS pending,
    count(*) FILTER (WHERE i.status IN ('pending', 'in_progress') AND i.deadline < $1) AS overdue`;
  return {
    overview: [
      `SELECT i.rectification_type, ${counts},
              count(*) FILTER (WHERE i.status IN ('pending', 'in_progress') AND i.deadline BETWEEN $1 AND $2) AS due_soon,
              count(*) FILTER (WHERE i.status = 'closed' AND i.closed_on <= i.original_deadline) AS on_time,
              avg(greatest(date_part('epoch', i.closed_at) - date_part('epoch', i.created_at), 0)) FILTER (WHERE i.status = 'closed') / 86400 AS mean_days
         FROM rectification_items i GROUP BY 1`,
      [today, warnUntil],
    ],
    'closure?groupBy=unit': [
      `SELECT u.id, u.name, x.* FROM (SELECT i.responsible_unit_id, ${counts} FROM rectification_items i GROUP BY 1) x JOIN units u ON u.id = x.responsible_unit_id`,
      [today],
    ],
    'closure?groupBy=batch': [
      `SELECT f.batch_id, ${counts} FROM rectification_items i JOIN findings f ON f.id = i.finding_id GROUP BY 1`,
      [today],
    ],
    'closure?groupBy=group': [
      `SELECT f.group_id, ${counts} FROM rectification_items i JOIN findings f ON f.id = i.finding_id GROUP BY 1`,
      [today],
    ],
    'closure?groupBy=category': [
      `SELECT f.category, ${counts} FROM rectification_items i JOIN findings f ON f.id = i.finding_id GROUP BY 1`,
      [today],
    ],
    'closure?groupBy=measure': [
      `SELECT fm.measure_id, ${counts} FROM rectification_items i JOIN finding_measures fm ON fm.finding_id = i.finding_id GROUP BY 1`,
      [today],
    ],
    'closure?groupBy=feedbackProblem': [
      `SELECT fp.feedback_problem_id, ${counts} FROM rectification_items i
         JOIN (SELECT DISTINCT fm.finding_id, mfp.feedback_problem_id FROM finding_measures fm JOIN measure_feedback_problems mfp ON mfp.measure_id = fm.measure_id) fp
           ON fp.finding_id = i.finding_id GROUP BY 1`,
      [today],
    ],
    'closure?groupBy=type': [`SELECT i.rectification_type, ${counts} FROM rectification_items i GROUP BY 1`, [today]],
    'closure?groupBy=month': [`SELECT date_trunc('month', i.deadline), ${counts} FROM rectification_items i GROUP BY 1`, [today]],
    // The first page of 50 plus the total, as the endpoint returns them (count(*) OVER () would
    // materialise every overdue row and flatter the endpoint).
    overdue: [
      `SELECT p.*, (SELECT count(*) FROM rectification_items i WHERE i.status IN ('pending', 'in_progress') AND i.deadline < $1) AS total
         FROM (SELECT i.id, i.title, i.deadline, i.escalation_level, $1::date - i.deadline AS days, u.name
                 FROM rectification_items i JOIN units u ON u.id = i.responsible_unit_id
                WHERE i.status IN ('pending', 'in_progress') AND i.deadline < $1 ORDER BY i.deadline, i.id LIMIT 50) p`,
      [today],
    ],
    measures: [
      `SELECT m.number, m.content, x.* FROM measures m LEFT JOIN (
         SELECT fm.measure_id, ${counts} FROM rectification_items i JOIN finding_measures fm ON fm.finding_id = i.finding_id GROUP BY 1) x ON x.measure_id = m.id`,
      [today],
    ],
    coverage: [
      `SELECT 'm', fm.measure_id, ${counts} FROM rectification_items i JOIN finding_measures fm ON fm.finding_id = i.finding_id GROUP BY 2
       UNION ALL
       SELECT 'p', fp.feedback_problem_id, ${counts} FROM rectification_items i
         JOIN (SELECT DISTINCT fm.finding_id, mfp.feedback_problem_id FROM finding_measures fm JOIN measure_feedback_problems mfp ON mfp.measure_id = fm.measure_id) fp
           ON fp.finding_id = i.finding_id GROUP BY 2`,
      [today],
    ],
    // The honest baseline for the trend is what the daily snapshots replace: the same weekly series
    // computed from the items, as of the last snapshot day of each week.
    'trend?interval=week': [
      `WITH d AS (SELECT DISTINCT ON (to_char(day, 'IYYY-"W"IW')) day FROM report_snapshots ORDER BY to_char(day, 'IYYY-"W"IW'), day DESC)
       SELECT to_char(d.day, 'IYYY-"W"IW') AS period, count(*) AS total, count(*) FILTER (WHERE i.status = 'closed') AS closed,
              count(*) FILTER (WHERE i.status IN ('pending', 'in_progress') AND i.deadline < d.day) AS overdue,
              count(*) FILTER (WHERE i.status = 'closed' AND i.closed_on <= i.original_deadline) AS closed_on_time,
              count(*) FILTER (WHERE i.rectification_type = 'long_term') AS long_term_total,
              count(*) FILTER (WHERE i.rectification_type = 'long_term' AND i.status = 'closed') AS long_term_closed
         FROM d CROSS JOIN rectification_items i GROUP BY d.day ORDER BY 1`,
      [],
    ],
  };
}

async function main(): Promise<void> {
  const n = arg('items', 1_000_000);
  const baseUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `rectify_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench_${name}`;
  let app: Awaited<ReturnType<typeof createApiApp>> | undefined;
  const appEnv: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    JWT_SECRET: randomBytes(24).toString('hex'),
    SECRETS_KEY: randomBytes(32).toString('hex'),
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    LOGIN_MAX_FAILURES: '1000',
  };
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    app = await createApiApp({ role: 'api', env: appEnv });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    await client.connect();
    const t0 = performance.now();
    await loadReportData(client, n);
    console.log(
      `loaded items=${n} in ${((performance.now() - t0) / 1000).toFixed(1)} s (INSERT … SELECT generate_series, then VACUUM ANALYZE)`,
    );

    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString()}`);
      return body;
    };
    await call('/reports/snapshots', { method: 'POST' });
    const overview = JSON.parse(Buffer.from(await call('/reports/overview')).toString()) as {
      total: number;
      closed: number;
      overdue: number;
      asOf: string;
    };
    const warn = new Date(Date.parse(`${overview.asOf}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    const raw = rawQueries(overview.asOf, warn);
    const check = await client.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE status IN ('pending', 'in_progress') AND deadline < $1)::int AS overdue FROM rectification_items`,
      [overview.asOf],
    );
    const same =
      check.rows[0].total === overview.total && check.rows[0].closed === overview.closed && check.rows[0].overdue === overview.overdue;
    console.log(
      `check overview vs raw count: total=${overview.total} closed=${overview.closed} overdue=${overview.overdue} ${same ? 'MATCH' : 'MISMATCH'}`,
    );

    let worstRatio = 0;
    let worstP50 = 0;
    for (const [path, [sql, params]] of Object.entries(raw)) {
      const endpoint = await time(() => call(`/reports/${path}`));
      const rawT = await time(() => client.query(sql, params));
      const ratio = endpoint.p50 / rawT.p50;
      worstRatio = Math.max(worstRatio, ratio);
      worstP50 = Math.max(worstP50, endpoint.p50);
      const note = path.startsWith('trend') ? '  (raw = the weekly series aggregated from the items, which the snapshots replace)' : '';
      console.log(
        `report ${path.padEnd(32)} endpoint p50=${endpoint.p50.toFixed(1)}ms p95=${endpoint.p95.toFixed(1)}ms  raw p50=${rawT.p50.toFixed(1)}ms p95=${rawT.p95.toFixed(1)}ms  ratio=${ratio.toFixed(2)}${note}`,
      );
    }

    // Ledger: the long_term items are exactly 10% of the rows (100,000 at 1M). Served by a separate
    // API process started from dist for each format, so its peak RSS (VmHWM) is the server's alone;
    // the client here streams the body and keeps only a byte count.
    const [{ n: ledgerRows }] = (
      await client.query(`SELECT count(*)::int AS n FROM rectification_items WHERE rectification_type = 'long_term'`)
    ).rows;
    for (const format of ['xlsx', 'csv'] as const) {
      const server = await startServer({ ...appEnv, APP_ROLE: 'api', MIGRATIONS_RUN: 'false' });
      try {
        const login = await fetch(`${server.base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        });
        const serverAuth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
        const rssBefore = procStatus(server.pid, 'VmRSS');
        const t1 = performance.now();
        const res = await fetch(`${server.base}/reports/ledger.xlsx?type=long_term&format=${format}`, { headers: serverAuth });
        let bytes = 0;
        const reader = res.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
        }
        const secs = (performance.now() - t1) / 1000;
        const peak = procStatus(server.pid, 'VmHWM');
        console.log(
          `ledger ${format} rows=${ledgerRows} status=${res.status} bytes=${bytes} time=${secs.toFixed(2)}s server_rss_before=${(rssBefore / 1024).toFixed(0)}MB server_peak_rss=${(peak / 1024).toFixed(0)}MB (API process of its own, VmHWM)`,
        );
      } finally {
        await server.stop();
      }
    }
    console.log(`RESULT reports: items=${n} worst_ratio=${worstRatio.toFixed(2)} worst_p50_ms=${worstP50.toFixed(1)}`);
  } finally {
    await client.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await dropBenchData(admin, name, redisUrl, prefix);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
