/**
 * Report benchmark: `npm run bench:reports -- --items N` (default 1,000,000).
 *
 * Creates a database of its own, runs the migrations by starting the real app in-process (port 0,
 * API role), bulk-loads N items of a realistic shape inside Postgres (INSERT … SELECT over
 * generate_series: 300 units, 3 batches × 4 groups, 6,000 findings, 53 measures, 20 feedback problems,
 * mixed statuses, types and deadlines), then times every report endpoint over HTTP (p50/p95 of 20
 * calls after 2 warm-ups) against the equivalent hand-written SQL aggregate over the same rows in
 * the same run, and the ledger export of 100,000 rows (time, peak RSS). Drops the database at the end.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createApiApp } from '../bootstrap.js';

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

async function load(c: pg.Client, n: number): Promise<void> {
  const one = async (sql: string, params: unknown[] = []) => ((await c.query(sql, params)).rows[0] as { id: string }).id;
  await c.query(`INSERT INTO units (code, name) SELECT 'BU' || lpad(g::text, 3, '0'), '单位' || g FROM generate_series(1, 300) g`);
  const higher = await one(
    `INSERT INTO inspections (kind, title, inspecting_body, start_date, end_date, feedback_date)
     VALUES ('higher_level', '上级党组第二巡视组巡视', '上级党组第二巡视组', '2026-01-05', '2026-02-28', '2026-03-10') RETURNING id`,
  );
  await c.query(
    `INSERT INTO feedback_problems (inspection_id, code, category, description, sort_order)
     SELECT $1, ((g - 1) / 4 + 1) || '-' || ((g - 1) % 4 + 1), '类别' || ((g - 1) / 4 + 1), '反馈问题' || g, g FROM generate_series(1, 20) g`,
    [higher],
  );
  const plan = await one(`INSERT INTO rectification_plans (inspection_id, title) VALUES ($1, '整改落实方案') RETURNING id`, [higher]);
  await c.query(
    `INSERT INTO measures (plan_id, number, content, rectification_type)
     SELECT $1, g, '整改措施第' || g || '条', 'time_limited' FROM generate_series(1, 53) g`,
    [plan],
  );
  await c.query(
    `INSERT INTO measure_feedback_problems (measure_id, feedback_problem_id)
     SELECT DISTINCT m.id, p.id FROM measures m JOIN feedback_problems p
         ON p.sort_order = ((m.number - 1) % 20) + 1 OR (m.number % 3 = 0 AND p.sort_order = ((m.number + 6) % 20) + 1)`,
  );
  const round = await one(
    `INSERT INTO inspections (kind, title, start_date, end_date, plan_id) VALUES ('internal_round', '第一轮巡察', '2026-03-01', '2026-05-31', $1) RETURNING id`,
    [plan],
  );
  await c.query(
    `INSERT INTO inspection_batches (inspection_id, number, start_date, end_date)
     SELECT $1, b, date '2026-03-01' + (b - 1) * 30, date '2026-03-21' + (b - 1) * 30 FROM generate_series(1, 3) b`,
    [round],
  );
  await c.query(
    `INSERT INTO inspection_groups (inspection_id, batch_id, name)
     SELECT $1, b.id, '第' || b.number || '批第' || k || '巡察组' FROM inspection_batches b, generate_series(1, 4) k`,
    [round],
  );
  await c.query(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY code) AS n FROM units),
          g AS (SELECT ig.id, row_number() OVER (ORDER BY b.number, ig.name) - 1 AS gi FROM inspection_groups ig JOIN inspection_batches b ON b.id = ig.batch_id)
     INSERT INTO inspection_group_units (group_id, unit_id) SELECT g.id, u.id FROM u JOIN g ON g.gi = (u.n - 1) % 12`,
  );
  await c.query(
    `INSERT INTO findings (inspection_id, unit_id, group_id, batch_id, category, description)
     SELECT $1, gu.unit_id, gu.group_id, g.batch_id,
            (ARRAY['政治纪律', '组织纪律', '廉洁纪律', '群众纪律', '工作纪律', '生活纪律'])[1 + (k % 6)], '巡察发现问题' || k
       FROM inspection_group_units gu JOIN inspection_groups g ON g.id = gu.group_id, generate_series(1, 20) k`,
    [round],
  );
  await c.query(
    `WITH f AS (SELECT id, row_number() OVER (ORDER BY id) AS fn FROM findings),
          pairs AS (SELECT id, (fn % 50) + 1 AS num FROM f UNION SELECT id, ((fn * 7) % 53) + 1 FROM f WHERE fn % 3 = 0)
     INSERT INTO finding_measures (finding_id, measure_id) SELECT p.id, m.id FROM pairs p JOIN measures m ON m.number = p.num AND m.plan_id = $1`,
    [plan],
  );
  await c.query(`CREATE TEMP TABLE bf AS SELECT id, unit_id, (row_number() OVER (ORDER BY id) - 1)::int AS fi FROM findings`);
  await c.query(`CREATE UNIQUE INDEX ON bf (fi)`);
  // Statuses ≈ 45% closed, 10% submitted, 25% in progress, 20% pending; exactly 10% long_term
  // (g % 10 = 0, the 100,000-row ledger at 1M); deadlines over two years around "today".
  await c.query(
    `INSERT INTO rectification_items (finding_id, title, actions, responsible_unit_id, deadline, original_deadline, rectification_type,
                                      status, escalation_level, closed_on, closed_at, created_at, version)
     SELECT bf.id, '整改事项' || x.g, '针对问题' || x.g || '的整改措施：建立台账，逐项销号', bf.unit_id, x.dl,
            CASE WHEN x.g % 20 = 0 THEN x.dl - 30 ELSE x.dl END,
            CASE WHEN x.g % 10 = 0 THEN 'long_term' WHEN x.g % 10 < 4 THEN 'immediate' ELSE 'time_limited' END,
            x.st, CASE WHEN x.st IN ('pending', 'in_progress') THEN (x.g % 4)::int ELSE 0 END,
            CASE WHEN x.st = 'closed' THEN x.dl + ((x.g * 13) % 61 - 40)::int END,
            CASE WHEN x.st = 'closed' THEN (x.dl + ((x.g * 13) % 61 - 40)::int)::timestamptz END,
            (x.dl - 90)::timestamptz, 1
       FROM (SELECT g, CURRENT_DATE - 365 + ((g * 37) % 540)::int AS dl,
                    CASE WHEN (g * 7919) % 100 < 45 THEN 'closed' WHEN (g * 7919) % 100 < 55 THEN 'submitted'
                         WHEN (g * 7919) % 100 < 80 THEN 'in_progress' ELSE 'pending' END AS st
               FROM generate_series(1::bigint, $1::bigint) g) x
       JOIN bf ON bf.fi = (x.g * 104729::bigint) % 6000`,
    [n],
  );
  await c.query(`VACUUM ANALYZE`);
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
              avg(greatest(i.closed_on - (i.created_at AT TIME ZONE 'Asia/Shanghai')::date, 0)) FILTER (WHERE i.status = 'closed') AS mean_days
         FROM rectification_items i GROUP BY 1`,
      [today, warnUntil],
    ],
    'closure?groupBy=unit': [`SELECT u.id, u.name, x.* FROM (SELECT i.responsible_unit_id, ${counts} FROM rectification_items i GROUP BY 1) x JOIN units u ON u.id = x.responsible_unit_id`, [today]],
    'closure?groupBy=batch': [`SELECT f.batch_id, ${counts} FROM rectification_items i JOIN findings f ON f.id = i.finding_id GROUP BY 1`, [today]],
    'closure?groupBy=group': [`SELECT f.group_id, ${counts} FROM rectification_items i JOIN findings f ON f.id = i.finding_id GROUP BY 1`, [today]],
    'closure?groupBy=category': [`SELECT f.category, ${counts} FROM rectification_items i JOIN findings f ON f.id = i.finding_id GROUP BY 1`, [today]],
    'closure?groupBy=measure': [`SELECT fm.measure_id, ${counts} FROM rectification_items i JOIN finding_measures fm ON fm.finding_id = i.finding_id GROUP BY 1`, [today]],
    'closure?groupBy=feedbackProblem': [
      `SELECT fp.feedback_problem_id, ${counts} FROM rectification_items i
         JOIN (SELECT DISTINCT fm.finding_id, mfp.feedback_problem_id FROM finding_measures fm JOIN measure_feedback_problems mfp ON mfp.measure_id = fm.measure_id) fp
           ON fp.finding_id = i.finding_id GROUP BY 1`,
      [today],
    ],
    'closure?groupBy=type': [`SELECT i.rectification_type, ${counts} FROM rectification_items i GROUP BY 1`, [today]],
    'closure?groupBy=month': [`SELECT date_trunc('month', i.deadline), ${counts} FROM rectification_items i GROUP BY 1`, [today]],
    overdue: [
      `SELECT i.id, i.title, i.deadline, i.escalation_level, $1::date - i.deadline AS days, u.name, count(*) OVER () AS total
         FROM rectification_items i JOIN units u ON u.id = i.responsible_unit_id
        WHERE i.status IN ('pending', 'in_progress') AND i.deadline < $1 ORDER BY i.deadline, i.id LIMIT 50`,
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
    'trend?interval=week': [`SELECT day, sum(total), sum(closed), sum(overdue) FROM report_snapshots GROUP BY day ORDER BY day`, []],
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
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    app = await createApiApp({
      role: 'api',
      env: {
        DATABASE_URL: dbUrl.toString(),
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix,
        JWT_SECRET: randomBytes(24).toString('hex'),
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'production',
        LOGIN_MAX_FAILURES: '1000',
      },
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    await client.connect();
    const t0 = performance.now();
    await load(client, n);
    console.log(`loaded items=${n} in ${((performance.now() - t0) / 1000).toFixed(1)} s (INSERT … SELECT generate_series, then VACUUM ANALYZE)`);

    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString()}`);
      return body;
    };
    await call('/reports/snapshots', { method: 'POST' });
    const overview = JSON.parse(Buffer.from(await call('/reports/overview')).toString()) as { total: number; closed: number; overdue: number; asOf: string };
    const warn = new Date(Date.parse(`${overview.asOf}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    const raw = rawQueries(overview.asOf, warn);
    const check = await client.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE status IN ('pending', 'in_progress') AND deadline < $1)::int AS overdue FROM rectification_items`,
      [overview.asOf],
    );
    const same = check.rows[0].total === overview.total && check.rows[0].closed === overview.closed && check.rows[0].overdue === overview.overdue;
    console.log(`check overview vs raw count: total=${overview.total} closed=${overview.closed} overdue=${overview.overdue} ${same ? 'MATCH' : 'MISMATCH'}`);

    let worstRatio = 0;
    let worstP50 = 0;
    for (const [path, [sql, params]] of Object.entries(raw)) {
      const endpoint = await time(() => call(`/reports/${path}`));
      const rawT = await time(() => client.query(sql, params));
      const ratio = endpoint.p50 / rawT.p50;
      worstRatio = Math.max(worstRatio, ratio);
      worstP50 = Math.max(worstP50, endpoint.p50);
      console.log(
        `report ${path.padEnd(32)} endpoint p50=${endpoint.p50.toFixed(1)}ms p95=${endpoint.p95.toFixed(1)}ms  raw p50=${rawT.p50.toFixed(1)}ms p95=${rawT.p95.toFixed(1)}ms  ratio=${ratio.toFixed(2)}`,
      );
    }

    // Ledger: the long_term items are exactly 10% of the rows (100,000 at 1M).
    for (const format of ['xlsx', 'csv'] as const) {
      const [{ rows: expected }] = [await client.query(`SELECT count(*)::int AS n FROM rectification_items WHERE rectification_type = 'long_term'`)];
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t1 = performance.now();
      const res = await fetch(`${base}/reports/ledger.xlsx?type=long_term&format=${format}`, { headers: auth });
      let bytes = 0;
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      const secs = (performance.now() - t1) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      console.log(
        `ledger ${format} rows=${expected[0].n} status=${res.status} bytes=${bytes} time=${secs.toFixed(2)}s rss_before=${(rssBefore / 2 ** 20).toFixed(0)}MB peak_rss=${(peak / 2 ** 20).toFixed(0)}MB (app and client in this one process)`,
      );
    }
    console.log(`RESULT reports: items=${n} worst_ratio=${worstRatio.toFixed(2)} worst_p50_ms=${worstP50.toFixed(1)}`);
  } finally {
    await client.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
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
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
