/**
 * Follow-up engine benchmark: `npm run bench:follow-up -- --items N` (default 100000).
 *
 * On a database and Redis prefix of its own: N items (10% crossing a reminder or escalation
 * threshold today), 200 units each with a manager, 2000 owners. Measures the time from the
 * start of a sweep until every delivery is recorded, then raw BullMQ (addBulk of the same number
 * of jobs + a no-op worker at concurrency 50, same Redis) in the same run.
 * M (notifications) = reminders/escalations recorded in the ledger by the sweep, one per crossing
 * item: what a naive engine would enqueue one job each for. The engine delivers them inside digests
 * (one per recipient per channel), so its job count is far smaller than M.
 * Engine throughput = M / (sweep start → every delivery recorded); raw throughput = M / (addBulk of
 * M jobs → all drained by a no-op worker). Both are "notifications per second"; R > 1 is possible
 * because digests group notifications, not because a job is cheaper than a no-op.
 * Last line: `RESULT follow-up: items=N notifications=M ratio=R`, R = engine / raw throughput.
 */
import 'reflect-metadata';
import { Queue, Worker } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createWorkerApp } from '../bootstrap.js';
import { calendarDateIn } from '../common/dates.js';
import { SweepService } from '../modules/follow-up/sweep.service.js';

const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const UNITS = 200;
const OWNERS = 2000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function dropPrefix(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

async function main(): Promise<void> {
  const items = arg('items', 100_000);
  const tag = randomBytes(4).toString('hex');
  const dbName = `rectify_bench_${tag}`;
  const prefix = `bench_${tag}`;
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${dbName}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  const app = await createWorkerApp({
    role: 'all',
    env: {
      DATABASE_URL: url.toString(),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: 'bench-secret-0123456789',
      LOG_LEVEL: 'warn',
      FOLLOW_UP_SCHEDULE_ENABLED: 'false',
      FOLLOW_UP_CONCURRENCY: '50',
    },
  });
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const now = new Date();
    const today = calendarDateIn(now, process.env.APP_TIMEZONE ?? 'Asia/Shanghai');
    const t0 = Date.now();
    await db.query(`INSERT INTO units (code, name) SELECT 'U' || n, '单位' || n FROM generate_series(1, ${UNITS}) n`);
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, unit_id)
       SELECT 'mgr' || u.code, 'x', u.name || '负责人', 'unit_manager', u.id FROM units u`,
    );
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, unit_id)
       SELECT 'owner' || n, 'x', '责任人' || n, 'unit_staff', (SELECT id FROM units WHERE code = 'U' || (1 + n % ${UNITS}))
         FROM generate_series(1, ${OWNERS}) n`,
    );
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role) VALUES ('office', 'x', '巡察办', 'office'), ('leader', 'x', '领导', 'leadership')`,
    );
    await db.query(`INSERT INTO inspections (kind, title, start_date, end_date) VALUES ('internal_round', '基准巡察', $1, $1)`, [today]);
    await db.query(
      `INSERT INTO findings (inspection_id, unit_id, category, description)
       SELECT (SELECT id FROM inspections LIMIT 1), id, '其他', '基准问题' FROM units`,
    );
    // Owners in an array so item n gets owner n % OWNERS (same unit as the owner).
    // Every 10th item crosses a threshold today: due in 7/3/1/0 days or overdue by 1/7/15 days.
    await db.query(
      `WITH o AS (SELECT array_agg(id ORDER BY username) AS ids, array_agg(unit_id ORDER BY username) AS units
                    FROM users WHERE role = 'unit_staff'),
            f AS (SELECT unit_id, id FROM findings)
       INSERT INTO rectification_items (finding_id, title, responsible_unit_id, owner_id, deadline, original_deadline,
                                        rectification_type, status, version)
       SELECT f.id, '整改事项' || n, o.units[1 + n % ${OWNERS}], o.ids[1 + n % ${OWNERS}], d.deadline, d.deadline, 'time_limited',
              CASE WHEN n % 2 = 0 THEN 'pending' ELSE 'in_progress' END, 1
         FROM generate_series(1, $2::int) n
        CROSS JOIN o
        CROSS JOIN LATERAL (SELECT CASE WHEN n % 10 = 0
                                        THEN $1::date + (ARRAY[7, 3, 1, 0, -1, -7, -15])[1 + (n / 10) % 7]
                                        ELSE $1::date + 30 + n % 300 END AS deadline) d
         JOIN f ON f.unit_id = o.units[1 + n % ${OWNERS}]`,
      [today, items],
    );
    await db.query('ANALYZE');
    process.stdout.write(`loaded ${items} items in ${Date.now() - t0} ms\n`);

    // Engine: sweep → every delivery recorded.
    const sweeps = app.get(SweepService);
    const e0 = process.hrtime.bigint();
    const outcome = await sweeps.sweep(randomUUID(), now, 'api');
    const sweepMs = Number(process.hrtime.bigint() - e0) / 1e6;
    process.stdout.write(`sweep recorded and enqueued in ${sweepMs.toFixed(0)} ms\n`);
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE status = 'pending'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const engineMs = Number(process.hrtime.bigint() - e0) / 1e6;
    const { rows: stats } = await db.query(
      `SELECT (SELECT count(*)::int FROM reminder_ledger) AS ledger,
              (SELECT count(*)::int FROM notification_deliveries WHERE status = 'delivered') AS delivered,
              (SELECT count(*)::int FROM notification_deliveries WHERE status = 'failed') AS failed`,
    );
    const m = stats[0].ledger as number;
    process.stdout.write(
      `engine: ${m} reminders recorded, ${outcome.enqueued} digest deliveries (${stats[0].delivered} delivered, ${stats[0].failed} failed) in ${engineMs.toFixed(0)} ms` +
        ` (sweep ${sweepMs.toFixed(0)} ms, deliveries ${(engineMs - sweepMs).toFixed(0)} ms)\n`,
    );

    // Raw BullMQ: addBulk of M jobs + a no-op worker, same Redis.
    const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
    const queue = new Queue('bench-raw', { connection, prefix });
    let done = 0;
    let resolveDone!: () => void;
    const allDone = new Promise<void>((r) => (resolveDone = r));
    const worker = new Worker('bench-raw', () => Promise.resolve(undefined), { connection, prefix, concurrency: 50, autorun: false });
    worker.on('completed', () => {
      if (++done === m) resolveDone();
    });
    await worker.waitUntilReady();
    const r0 = process.hrtime.bigint();
    void worker.run();
    for (let i = 0; i < m; i += 5000) {
      const n = Math.min(5000, m - i);
      await queue.addBulk(Array.from({ length: n }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
    }
    if (m > 0) await allDone;
    const rawMs = Number(process.hrtime.bigint() - r0) / 1e6;
    await worker.close();
    await queue.close();
    process.stdout.write(`raw bullmq: ${m} jobs in ${rawMs.toFixed(0)} ms\n`);

    const ratio = m === 0 ? 0 : m / engineMs / (m / rawMs);
    process.stdout.write(
      `throughput (notifications/s): engine ${((m / engineMs) * 1000).toFixed(0)} (M=${m} reminders delivered inside ${outcome.enqueued} digest jobs),` +
        ` raw ${((m / rawMs) * 1000).toFixed(0)} (M no-op jobs); ratio = engine / raw\n`,
    );
    process.stdout.write(`RESULT follow-up: items=${items} notifications=${m} ratio=${ratio.toFixed(2)}\n`);
  } finally {
    await db.end();
    await app.close();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await dropPrefix(prefix);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
