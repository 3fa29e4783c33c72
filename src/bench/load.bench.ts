/**
 * Mixed-load test: `npm run test:load -- --users 200 --seconds 60`.
 *
 * A bureau at once, through real HTTP against the built system started as `npm start` starts it
 * (one process, API and workers), on a database and Redis prefix of its own: unit staff list their
 * own items and report progress (start, progress, submit for closure), unit managers browse their
 * unit's items and figures, office users review the submitted items (approve or reject, a 409 when
 * another office user got there first) and chase overdue ones, leadership load the dashboard, one
 * office user downloads the ledger over and over (CSV and xlsx in turn) for the whole run, and
 * `/health` is polled every second. Every user thinks between requests (`--think-ms`, uniform
 * between half and one and a half times it).
 *
 * Counted as errors: any 5xx, any request without an answer within `--timeout-ms`, any 4xx the
 * script does not expect (expected ones are the review races, 409, printed separately with their
 * codes), a ledger download that breaks, a `/health` that is not 200, an error logged by the
 * server, and a write answered 2xx that left no audit entry (or an audit entry without a 2xx).
 * Prints p50/p99 per route; exits 1 on any error. Last line:
 * `RESULT load: users=U seconds=S requests=N errors=E health_failures=H p99_ms=P`
 * (P over every request but the ledger downloads and the health polls, which are printed apart).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import bcrypt from 'bcryptjs';
import { addDays, calendarDateIn } from '../common/dates.js';
import { mapLimit } from './map-limit.js';
import { dropBenchData, startServer, type ServerProcess } from './start-command.js';

const ADMIN = { username: 'load-admin', password: 'Load-admin@2026' };
const PASSWORD = 'Load-user@2026';
const SEED_CONCURRENCY = 6;

interface Options {
  users: number;
  seconds: number;
  thinkMs: number;
  timeoutMs: number;
  itemsPerStaff: number;
  exporters: number;
}

function parseOptions(argv: string[]): Options {
  const known = new Set(['users', 'seconds', 'think-ms', 'timeout-ms', 'items-per-staff', 'exporters']);
  const values = new Map<string, number>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!argv[i].startsWith('--') || !known.has(name)) throw new Error(`unknown option ${argv[i]} (known: --${[...known].join(', --')})`);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${argv[i + 1]}`);
    values.set(name, value);
  }
  const get = (name: string, fallback: number, min: number, max: number) => {
    const v = values.get(name) ?? fallback;
    if (v < min || v > max) throw new Error(`--${name} must be between ${min} and ${max}`);
    return v;
  };
  return {
    users: get('users', 200, 5, 5000),
    seconds: get('seconds', 60, 1, 3600),
    thinkMs: get('think-ms', 1000, 0, 60_000),
    timeoutMs: get('timeout-ms', 10_000, 100, 300_000),
    itemsPerStaff: get('items-per-staff', 8, 2, 1000),
    exporters: get('exporters', 1, 0, 10),
  };
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface RouteStats {
  ms: number[];
  ok: number;
  /** Expected 4xx by label (status and code). */
  expected: Map<string, number>;
  errors: number;
}

class Recorder {
  readonly routes = new Map<string, RouteStats>();
  readonly samples: string[] = [];
  /** Errors by kind: no answer, connection error, status and code, audit, server log, download. */
  readonly kinds = new Map<string, number>();
  errors = 0;

  route(name: string): RouteStats {
    let r = this.routes.get(name);
    if (!r) this.routes.set(name, (r = { ms: [], ok: 0, expected: new Map(), errors: 0 }));
    return r;
  }

  error(route: string, what: string, kind: string): void {
    this.errors++;
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    this.route(route).errors++;
    // A few of each kind, so that rarer ones are not hidden behind hundreds of timeouts.
    if ((this.kinds.get(kind) ?? 0) <= 5) this.samples.push(`${route}: ${what}`);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Which 4xx a step expects, as a label to count it under; null = an error. */
type Expect = (status: number, code: string | undefined) => string | null;
const NONE: Expect = () => null;

interface Answer<T> {
  status: number;
  body: T;
}

class Client {
  constructor(
    private readonly base: string,
    private readonly rec: Recorder,
    private readonly timeoutMs: number,
  ) {}

  /** One request, timed to its last byte; its body if 2xx, else null. */
  async call<T>(route: string, method: string, path: string, token: string, body?: unknown, expect: Expect = NONE): Promise<T | null> {
    const answer = await this.send<T>(route, method, path, token, body, expect);
    return answer && answer.status < 300 ? answer.body : null;
  }

  /** One request, timed to its last byte; null when no answer came (timeout, connection error). */
  async send<T>(
    route: string,
    method: string,
    path: string,
    token: string,
    body?: unknown,
    expect: Expect = NONE,
  ): Promise<Answer<T> | null> {
    const stats = this.rec.route(route);
    const t0 = performance.now();
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      stats.ms.push(performance.now() - t0);
      const e = err as Error;
      const timeout = e.name === 'TimeoutError';
      this.rec.error(
        route,
        timeout ? `no answer within ${this.timeoutMs} ms` : `${e.name}: ${e.message} (${String((e.cause as Error | undefined)?.message)})`,
        timeout ? 'no answer' : 'connection error',
      );
      return null;
    }
    stats.ms.push(performance.now() - t0);
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (status < 300) {
      stats.ok++;
      return { status, body: parsed as T };
    }
    const code = (parsed as { code?: string } | undefined)?.code;
    const label = status >= 400 && status < 500 ? expect(status, code) : null;
    if (label) {
      stats.expected.set(label, (stats.expected.get(label) ?? 0) + 1);
      return { status, body: parsed as T };
    }
    this.rec.error(route, `${status} ${text.slice(0, 300)}`, `${status} ${code ?? ''}`.trim());
    return { status, body: parsed as T };
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding: rows written straight into the tables (as bench:writes and bench:reports do), then every user logs in

interface ItemRow {
  id: string;
  status: 'pending' | 'in_progress' | 'submitted' | 'closed';
  version: number;
  responsibleUnitId: string;
}
interface ItemDetail extends ItemRow {
  progress: unknown[];
}
interface Page<T> {
  data: T[];
  total: number;
}
interface VUser {
  role: 'unit_staff' | 'unit_manager' | 'office' | 'leadership';
  username: string;
  id: string;
  unitId?: string;
  token: string;
}

/**
 * The organisation and the work, written in a few statements: per 200 users 20 units (one unit
 * manager each), 150 unit staff spread over them with their items (deadlines from 30 days ago to
 * 60 days ahead), 20 office users, 10 leadership, and the exporter; a higher-level inspection with
 * a plan of ten measures and a round whose findings (one per unit) serve two measures each. Then a
 * report snapshot (for the trend) and a login per user through the API.
 */
async function seed(db: pg.Client, origin: string, opts: Options, today: string): Promise<{ users: VUser[]; exporter: VUser }> {
  const leadership = Math.max(1, Math.round(opts.users * 0.05));
  const office = Math.max(2, Math.round(opts.users * 0.1));
  const managers = Math.max(1, Math.round(opts.users * 0.1));
  const staff = opts.users - leadership - office - managers;
  if (staff < 1) throw new Error('--users too small for every role');
  const one = async (sql: string, params: unknown[] = []) => (await db.query<{ id: string }>(sql, params)).rows[0].id;
  const ids = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);

  const units = await ids(
    `INSERT INTO units (code, name) SELECT 'L' || lpad(g::text, 3, '0'), '负载测试单位' || g FROM generate_series(1, $1) g ORDER BY g RETURNING id`,
    [managers],
  );
  const specs: Omit<VUser, 'id' | 'token'>[] = [
    ...Array.from({ length: leadership }, (_, i) => ({ role: 'leadership' as const, username: `leader${i + 1}` })),
    ...Array.from({ length: office }, (_, i) => ({ role: 'office' as const, username: `office${i + 1}` })),
    ...Array.from({ length: managers }, (_, i) => ({ role: 'unit_manager' as const, username: `manager${i + 1}`, unitId: units[i] })),
    ...Array.from({ length: staff }, (_, i) => ({ role: 'unit_staff' as const, username: `staff${i + 1}`, unitId: units[i % managers] })),
    { role: 'office' as const, username: 'exporter' },
  ];
  const userIds = await ids(
    `INSERT INTO users (username, password_hash, display_name, role, unit_id, active)
     SELECT u.username, $1, u.username || '（负载测试）', u.role, u.unit_id, true
       FROM unnest($2::text[], $3::text[], $4::uuid[]) WITH ORDINALITY AS u(username, role, unit_id, n) ORDER BY u.n
     RETURNING id`,
    [await bcrypt.hash(PASSWORD, 10), specs.map((s) => s.username), specs.map((s) => s.role), specs.map((s) => s.unitId ?? null)],
  );

  const higher = await one(
    `INSERT INTO inspections (kind, title, inspecting_body, start_date, end_date, feedback_date)
     VALUES ('higher_level', '上级党组第二巡视组巡视', '上级党组第二巡视组', $1, $2, $3) RETURNING id`,
    [addDays(today, -300), addDays(today, -250), addDays(today, -240)],
  );
  const problems = await ids(
    `INSERT INTO feedback_problems (inspection_id, code, category, description, sort_order)
     SELECT $1, g || '-1', (ARRAY['政治建设', '作风建设', '纪律建设'])[g], '反馈问题' || g, g FROM generate_series(1, 3) g ORDER BY g RETURNING id`,
    [higher],
  );
  const plan = await one(`INSERT INTO rectification_plans (inspection_id, title) VALUES ($1, '整改落实方案') RETURNING id`, [higher]);
  const measures = await ids(
    `INSERT INTO measures (plan_id, number, content, rectification_type)
     SELECT $1, g, '整改措施' || g, 'time_limited' FROM generate_series(1, 10) g ORDER BY g RETURNING id`,
    [plan],
  );
  await db.query(
    `INSERT INTO measure_feedback_problems (measure_id, feedback_problem_id) SELECT m, ($2::uuid[])[1 + (n::int % 3)] FROM unnest($1::uuid[]) WITH ORDINALITY AS x(m, n)`,
    [measures, problems],
  );
  const round = await one(
    `INSERT INTO inspections (kind, title, start_date, end_date, plan_id) VALUES ('internal_round', '负载测试巡察', $1, $2, $3) RETURNING id`,
    [addDays(today, -200), addDays(today, -100), plan],
  );
  const findings = await ids(
    `INSERT INTO findings (inspection_id, unit_id, category, description)
     SELECT $1, u, (ARRAY['政治纪律', '组织纪律', '廉洁纪律', '工作纪律'])[1 + (n::int % 4)], '负载测试单位' || n || '：会议记录不全，制度执行不严'
       FROM unnest($2::uuid[]) WITH ORDINALITY AS x(u, n) ORDER BY n RETURNING id`,
    [round, units],
  );
  await db.query(
    `INSERT INTO finding_measures (finding_id, measure_id)
     SELECT f, ($2::uuid[])[1 + ((n::int + k * 3) % 10)] FROM unnest($1::uuid[]) WITH ORDINALITY AS x(f, n) CROSS JOIN generate_series(0, 1) k`,
    [findings, measures],
  );
  const staffRows = specs.map((s, i) => ({ ...s, id: userIds[i] })).filter((s) => s.role === 'unit_staff');
  const items = staffRows.flatMap((s) =>
    Array.from({ length: opts.itemsPerStaff }, (_, k) => {
      const unit = units.indexOf(s.unitId!);
      return {
        owner: s.id,
        unit: s.unitId!,
        finding: findings[unit],
        title: `${s.username} 的整改事项 ${k + 1}`,
        // Deadlines from 30 days ago to 60 days ahead: some overdue, some due soon, most later.
        deadline: addDays(today, ((k * 37 + unit * 11) % 91) - 30),
        type: k % 10 === 9 ? 'long_term' : 'time_limited',
      };
    }),
  );
  await db.query(
    `INSERT INTO rectification_items (finding_id, title, actions, responsible_unit_id, owner_id, deadline, original_deadline, rectification_type, status, version)
     SELECT x.finding, x.title, '明确责任人和完成时限，按月报告进展', x.unit, x.owner, x.deadline, x.deadline, x.type, 'pending', 1
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::text[]) AS x(owner, unit, finding, title, deadline, type)`,
    [
      items.map((i) => i.owner),
      items.map((i) => i.unit),
      items.map((i) => i.finding),
      items.map((i) => i.title),
      items.map((i) => i.deadline),
      items.map((i) => i.type),
    ],
  );
  await db.query('VACUUM ANALYZE');

  const tokens = await mapLimit(specs, SEED_CONCURRENCY, async (s) => {
    const res = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: s.username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${s.username}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  });
  const snapshot = await fetch(`${origin}/api/v1/reports/snapshots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[leadership]}` },
  });
  if (snapshot.status >= 300) throw new Error(`report snapshot: ${snapshot.status} ${await snapshot.text()}`);
  const all = specs.map((s, i) => ({ ...s, id: userIds[i], token: tokens[i] }));
  return { users: all.slice(0, -1), exporter: all[all.length - 1] };
}

// ---------------------------------------------------------------------------------------------
// What each kind of user does

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

/** Review races: another office user approved or rejected the item first. */
const reviewRace: Expect = (status, code) => (status === 409 ? `409 ${code} (another office user reviewed it first)` : null);
/** One 催办 per item per day, and only while it is open: a second office user, or a closed item. */
const chaseRace: Expect = (status, code) => (status === 409 ? `409 ${code} (already chased today, or no longer open)` : null);

class Load {
  /** 2xx writes by audit action, compared with the audit trail afterwards. */
  readonly writes = new Map<string, number>();

  constructor(
    private readonly api: Client,
    private readonly opts: Options,
    private readonly until: number,
  ) {}

  /** Writes that got no answer (timeout, connection error): they may or may not have happened. */
  readonly unanswered = new Map<string, number>();

  /** A write: counted by its audit action when answered 2xx, or as unanswered. */
  private async write<T>(action: string, route: string, path: string, token: string, body: unknown, expect?: Expect): Promise<T | null> {
    const answer = await this.api.send<T>(route, 'POST', path, token, body, expect);
    const tally = answer === null ? this.unanswered : answer.status < 300 ? this.writes : null;
    tally?.set(action, (tally.get(action) ?? 0) + 1);
    return answer && answer.status < 300 ? answer.body : null;
  }

  /** Think for a while; false once the run is over (the user stops there). */
  private async think(factor = 1): Promise<boolean> {
    const ms = this.opts.thinkMs * factor * (0.5 + Math.random());
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    return performance.now() < this.until;
  }

  async run(u: VUser): Promise<void> {
    // Users arrive over the first think time, not all in the same millisecond.
    await new Promise((r) => setTimeout(r, Math.random() * this.opts.thinkMs));
    while (performance.now() < this.until) {
      if (u.role === 'unit_staff') await this.staff(u);
      else if (u.role === 'unit_manager') await this.manager(u);
      else if (u.role === 'office') await this.office(u);
      else await this.leader(u);
    }
  }

  /** 责任人: my items; open one; start it, report progress, sometimes ask for closure. */
  private async staff(u: VUser): Promise<void> {
    const mine = await this.api.call<Page<ItemRow>>('GET /items?ownerId=', 'GET', `/items?ownerId=${u.id}&pageSize=50`, u.token);
    if (!(await this.think())) return;
    const open = mine?.data.filter((i) => i.status === 'pending' || i.status === 'in_progress') ?? [];
    if (open.length === 0) return;
    const item = await this.api.call<ItemDetail>('GET /items/:id', 'GET', `/items/${pick(open).id}`, u.token);
    if (!item || !(await this.think())) return;
    if (item.status === 'pending') {
      const started = await this.write<ItemRow>(
        'item.start',
        'POST /items/:id/transitions start',
        `/items/${item.id}/transitions`,
        u.token,
        {
          action: 'start',
          version: item.version,
        },
      );
      if (!started) return;
    }
    const percent = Math.min(100, (item.progress.length + 1) * 25);
    const progress = await this.write('item.progress', 'POST /items/:id/progress', `/items/${item.id}/progress`, u.token, {
      note: `第${item.progress.length + 1}次报送：已完成自查，正在逐项落实整改`,
      percent,
    });
    if (!progress) return;
    if (item.progress.length >= 1 && Math.random() < 0.4) {
      // The page reloads the item after a report (a percentage moves its version), then asks for closure.
      const fresh = await this.api.call<ItemDetail>('GET /items/:id', 'GET', `/items/${item.id}`, u.token);
      if (!fresh || !(await this.think())) return;
      await this.write('item.submit', 'POST /items/:id/transitions submit', `/items/${item.id}/transitions`, u.token, {
        action: 'submit',
        explanation: '已按整改措施完成整改，相关材料已归档备查',
        version: fresh.version,
      });
    }
  }

  /** 单位负责人: the unit's items through the worklist filters, one in detail with its trace, the unit's figures, the inbox. */
  private async manager(u: VUser): Promise<void> {
    const filter = pick(['', '&overdue=true', '&light=yellow', '&status=submitted', '&status=pending,in_progress']);
    const list = await this.api.call<Page<ItemRow>>('GET /items (unit worklist)', 'GET', `/items?pageSize=20${filter}`, u.token);
    if (!(await this.think())) return;
    if (list?.data.length) {
      const id = pick(list.data).id;
      await this.api.call('GET /items/:id', 'GET', `/items/${id}`, u.token);
      await this.api.call('GET /items/:id/trace', 'GET', `/items/${id}/trace`, u.token);
      if (!(await this.think())) return;
    }
    await this.api.call('GET /reports/overview', 'GET', '/reports/overview', u.token);
    await this.api.call('GET /notifications', 'GET', '/notifications', u.token);
    await this.think();
  }

  /** 巡察办: the review queue (approve most, reject some), now and then the overdue board and a 催办. */
  private async office(u: VUser): Promise<void> {
    if (Math.random() < 0.1) {
      const overdue = await this.api.call<{ data: { id: string }[] }>('GET /reports/overdue', 'GET', '/reports/overdue', u.token);
      if (!(await this.think())) return;
      if (overdue?.data.length) {
        const body = { kind: 'urge', note: '请抓紧整改' };
        await this.write('item.urge', 'POST /items/:id/chase', `/items/${pick(overdue.data).id}/chase`, u.token, body, chaseRace);
      }
      return;
    }
    const queue = await this.api.call<Page<ItemRow>>('GET /items?status=submitted', 'GET', '/items?status=submitted&pageSize=50', u.token);
    if (!(await this.think())) return;
    if (!queue?.data.length) return;
    const item = await this.api.call<ItemDetail>('GET /items/:id', 'GET', `/items/${pick(queue.data).id}`, u.token);
    if (!item || item.status !== 'submitted' || !(await this.think())) return;
    const approve = Math.random() < 0.8;
    await this.write(
      approve ? 'item.approve' : 'item.reject',
      `POST /items/:id/transitions ${approve ? 'approve' : 'reject'}`,
      `/items/${item.id}/transitions`,
      u.token,
      approve ? { action: 'approve', version: item.version } : { action: 'reject', version: item.version, reason: '佐证材料不足，请补充' },
      reviewRace,
    );
  }

  /** 领导小组: the dashboard (its requests at once, as the page sends them), then a click through to a unit's overdue items. */
  private async leader(u: VUser): Promise<void> {
    const [, byUnit] = await Promise.all([
      this.api.call('GET /reports/overview', 'GET', '/reports/overview', u.token),
      this.api.call<{ key: string }[]>('GET /reports/closure?groupBy=unit', 'GET', '/reports/closure?groupBy=unit', u.token),
      this.api.call('GET /reports/closure?groupBy=month', 'GET', '/reports/closure?groupBy=month', u.token),
      this.api.call('GET /reports/measures', 'GET', '/reports/measures', u.token),
      this.api.call('GET /reports/trend?interval=week', 'GET', '/reports/trend?interval=week', u.token),
      this.api.call('GET /reports/overdue', 'GET', '/reports/overdue', u.token),
    ]);
    if (!(await this.think(2))) return;
    if (byUnit?.length) {
      await this.api.call('GET /items?unitId=&overdue=true', 'GET', `/items?unitId=${pick(byUnit).key}&overdue=true&pageSize=20`, u.token);
      await this.think(2);
    }
  }

  /** One office user downloading the whole ledger again and again, CSV and xlsx in turn, reading every byte. */
  async exporter(u: VUser, rec: Recorder, base: string): Promise<{ downloads: number; bytes: number }> {
    let downloads = 0;
    let bytes = 0;
    for (let n = 0; performance.now() < this.until; n++) {
      const format = n % 2 === 0 ? 'csv' : 'xlsx';
      const route = `GET /reports/ledger.xlsx?format=${format} (whole download)`;
      const stats = rec.route(route);
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/reports/ledger.xlsx?format=${format}`, {
          headers: { authorization: `Bearer ${u.token}` },
          signal: AbortSignal.timeout(Math.max(this.opts.timeoutMs, 60_000)),
        });
        const body = Buffer.from(await res.arrayBuffer());
        stats.ms.push(performance.now() - t0);
        if (res.status !== 200) rec.error(route, `${res.status} ${body.toString('utf8', 0, 300)}`, `download ${res.status}`);
        else if (format === 'xlsx' ? body.subarray(0, 2).toString() !== 'PK' : !body.toString('utf8', 0, 200).includes('序号')) {
          rec.error(route, 'not a ledger', 'download not a ledger');
        } else {
          stats.ok++;
          downloads++;
          bytes += body.length;
        }
      } catch (err) {
        stats.ms.push(performance.now() - t0);
        rec.error(route, `download broke: ${(err as Error).message}`, 'download broke');
      }
    }
    return { downloads, bytes };
  }
}

/** GET /health every second for the whole run, each poll on its own (a slow one does not delay the next). */
async function pollHealth(origin: string, until: number, timeoutMs: number, rec: Recorder): Promise<{ polls: number; failures: string[] }> {
  const failures: string[] = [];
  const polls: Promise<void>[] = [];
  const stats = rec.route('GET /health (poll every 1 s)');
  const start = performance.now();
  for (let i = 0; start + i * 1000 < until; i++) {
    const wait = start + i * 1000 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    polls.push(
      (async () => {
        const t0 = performance.now();
        const at = ((t0 - start) / 1000).toFixed(0);
        try {
          const res = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(timeoutMs) });
          const text = await res.text();
          stats.ms.push(performance.now() - t0);
          if (res.status === 200) stats.ok++;
          else failures.push(`t=${at}s ${res.status} ${text.slice(0, 300)}`);
        } catch (err) {
          stats.ms.push(performance.now() - t0);
          failures.push(`t=${at}s ${(err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message}`);
        }
      })(),
    );
  }
  await Promise.all(polls);
  return { polls: polls.length, failures };
}

/**
 * The table per route: requests, 2xx, expected 4xx, errors, p50/p99/max. Returns the requests (health
 * polls apart), the p99 over all of them but the ledger downloads, and the expected 4xx by label.
 */
function printRoutes(rec: Recorder): { requests: number; p99: number; expected: Map<string, number> } {
  console.log(
    `\n${'route'.padEnd(52)} ${'requests'.padStart(8)} ${'2xx'.padStart(6)} ${'4xx exp'.padStart(7)} ${'errors'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
  );
  const everything: number[] = [];
  let requests = 0;
  const expected = new Map<string, number>();
  for (const [route, s] of [...rec.routes].sort(([a], [b]) => a.localeCompare(b))) {
    if (s.ms.length === 0 && s.errors === 0) continue;
    const sorted = [...s.ms].sort((a, b) => a - b);
    for (const [label, n] of s.expected) expected.set(`${route}: ${label}`, n);
    const poll = route.startsWith('GET /health');
    if (!poll) requests += s.ms.length;
    if (!poll && !route.startsWith('GET /reports/ledger')) everything.push(...s.ms);
    const cells = [s.ms.length, s.ok, [...s.expected.values()].reduce((a, b) => a + b, 0), s.errors].map((n, i) =>
      String(n).padStart([8, 6, 7, 6][i]),
    );
    const times = [percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] ?? NaN].map((ms) => ms.toFixed(1).padStart(8));
    console.log(`${route.padEnd(52)} ${[...cells, ...times].join(' ')}`);
  }
  everything.sort((a, b) => a - b);
  return { requests, p99: percentile(everything, 99), expected };
}

/** User + system CPU time of a process so far, in seconds (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM). */
function procStatus(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const name = `rectify_load_${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const prefix = `load_${name}`;
  const uploadDir = mkdtempSync(join(tmpdir(), 'rectify-load-'));
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  let server: ServerProcess | undefined;
  let failed: boolean;
  let result: string;
  try {
    server = await startServer({
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      JWT_SECRET: randomBytes(24).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('hex'), // required in production (unit robots' secrets)
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      UPLOAD_DIR: uploadDir,
    });
    const base = server.base;
    const origin = base.replace(/\/api\/v1$/, '');
    const today = calendarDateIn(new Date(), process.env.APP_TIMEZONE ?? 'Asia/Shanghai');
    const t0 = performance.now();
    const db = new pg.Client({ connectionString: dbUrl.toString() });
    await db.connect();
    const { users, exporter } = await seed(db, origin, opts, today).finally(() => db.end());
    const count = (role: VUser['role']) => users.filter((u) => u.role === role).length;
    console.log(
      `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${count('unit_staff')} unit staff (${opts.itemsPerStaff} items each), ` +
        `${count('unit_manager')} unit managers (one unit each), ${count('office')} office, ${count('leadership')} leadership, 1 exporter; ` +
        `think ${opts.thinkMs} ms, timeout ${opts.timeoutMs} ms; load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} on ${cpus().length} cores`,
    );

    const cpuBefore = cpuSeconds(server.pid);
    const ownCpuBefore = process.cpuUsage();
    const rec = new Recorder();
    const client = new Client(base, rec, opts.timeoutMs);
    const until = performance.now() + opts.seconds * 1000;
    const load = new Load(client, opts, until);
    const polling = pollHealth(origin, until, opts.timeoutMs, rec);
    const exporting = Promise.all(Array.from({ length: opts.exporters }, () => load.exporter(exporter, rec, base)));
    await Promise.all(users.map((u) => load.run(u)));
    const health = await polling;
    const exports = (await exporting).reduce((a, b) => ({ downloads: a.downloads + b.downloads, bytes: a.bytes + b.bytes }), {
      downloads: 0,
      bytes: 0,
    });

    const serverCpu = cpuSeconds(server.pid) - cpuBefore;
    const ownCpu = process.cpuUsage(ownCpuBefore);
    // After the run: still healthy, and every write answered 2xx is in the audit trail (and no more).
    const after = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(opts.timeoutMs) }).then(
      (r) => r.status,
      () => 0,
    );
    if (after !== 200) health.failures.push(`after the run: ${after || 'no answer'}`);
    const check = new pg.Client({ connectionString: dbUrl.toString() });
    await check.connect();
    const audited = new Map<string, number>(
      (
        await check.query<{ action: string; n: number }>(
          `SELECT action, count(*)::int AS n FROM audit_entries WHERE action = ANY($1) GROUP BY action`,
          [['item.start', 'item.progress', 'item.submit', 'item.approve', 'item.reject', 'item.urge']],
        )
      ).rows.map((r) => [r.action, r.n]),
    );
    await check.end();
    // A write that got no answer may or may not have happened (its timeout is already an error).
    for (const action of new Set([...load.writes.keys(), ...load.unanswered.keys(), ...audited.keys()])) {
      const answered = load.writes.get(action) ?? 0;
      const unknown = load.unanswered.get(action) ?? 0;
      const inAudit = audited.get(action) ?? 0;
      if (inAudit < answered || inAudit > answered + unknown) {
        rec.error(`audit ${action}`, `${answered} answered 2xx (and ${unknown} unanswered) but ${inAudit} in the audit trail`, 'audit');
      }
    }
    for (const line of server.errorLines()) rec.error('server log', line, 'server error log');

    const { requests, p99, expected } = printRoutes(rec);
    console.log(
      `\nthroughput ${(requests / opts.seconds).toFixed(0)} requests/s; ${exports.downloads} ledger downloads (${(exports.bytes / 1e6).toFixed(1)} MB); ` +
        `writes answered 2xx: ${[...load.writes].map(([a, n]) => `${a}=${n}`).join(' ')}`,
    );
    if (expected.size > 0) {
      console.log(`expected 4xx (${[...expected.values()].reduce((a, b) => a + b, 0)}, not errors):`);
      for (const [label, n] of expected) console.log(`  ${n} × ${label}`);
    }
    console.log(
      `API process: ${serverCpu.toFixed(1)} s CPU in ${opts.seconds} s (${((serverCpu / opts.seconds) * 100).toFixed(0)}% of one core), ` +
        `${((serverCpu * 1000) / Math.max(1, requests)).toFixed(1)} ms CPU per request; peak RSS ${(procStatus(server.pid, 'VmHWM') / 1024).toFixed(0)} MB; ` +
        `this load generator ${((ownCpu.user + ownCpu.system) / 1e6).toFixed(1)} s CPU; ` +
        `load average now ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} on ${cpus().length} cores`,
    );
    console.log(`/health: ${health.polls} polls, ${health.failures.length} not 200`);
    for (const f of health.failures.slice(0, 20)) console.log(`  ${f}`);
    if (rec.errors > 0) {
      console.log(`errors (${rec.errors}: ${[...rec.kinds].map(([k, n]) => `${n} × ${k}`).join(', ')}); the first five of each kind:`);
      for (const s of rec.samples) console.log(`  ${s}`);
    }
    failed = rec.errors > 0 || health.failures.length > 0;
    // Printed once the server has stopped, so that it stays the last line.
    result = `RESULT load: users=${opts.users} seconds=${opts.seconds} requests=${requests} errors=${rec.errors} health_failures=${health.failures.length} p99_ms=${p99.toFixed(1)}`;
  } finally {
    await server?.stop().catch(() => undefined);
    await dropBenchData(admin, name, redisUrl, prefix);
    rmSync(uploadDir, { recursive: true, force: true });
  }
  console.log(result);
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
