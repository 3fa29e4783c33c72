import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { mapLimit } from '../src/bench/map-limit.js';
import { addDays, calendarDateIn } from '../src/common/dates.js';
import { parseCsv } from '../src/modules/plans/import/csv.js';
import { freePort, MAIN_JS, startProcess, waitFor, type RunningProcess } from './support/process.js';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, uniqueName } from './support/test-env.js';

/**
 * Two API processes and two worker processes of the built app (`node dist/src/main.js`, as
 * `npm start` runs it, APP_ROLE=api / worker) on one database and Redis prefix, driven by a
 * scenario of concurrent writes split across both APIs (racing reviews and chases included) and
 * follow-up sweeps requested from both at once, end with the same ledger export, report figures,
 * audit counts and notifications as the same scenario on one API and one worker, and no
 * notification twice.
 *
 * The processes run on the real clock (there is no clock to fix in a process): deadlines are set
 * relative to today in APP_TIMEZONE, and the test starts after midnight there if midnight is near,
 * so both runs share one "today". Ids, timestamps and the order of concurrent creations differ
 * between runs and are normalised away; everything else must match exactly.
 */

const TZ = 'Asia/Shanghai';
const ADMIN = { username: 'admin', password: 'Admin-pass@2026' };
const PASSWORD = 'Replica-pass@2026';
/** Item chains in flight at once (each a sequence of requests alternating between the APIs): all of them. */
const CHAINS = 32;
const MAIN = process.env.FOLLOW_UP_MAIN_JS ?? MAIN_JS;

/** Milliseconds until the next midnight in `tz`. */
function msToMidnight(tz: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
      .formatToParts(new Date())
      .map((p) => [p.type, Number(p.value)]),
  );
  return 86_400_000 - ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000;
}

interface Answer {
  status: number;
  body: any;
}

interface Deployment {
  origins: string[];
  databaseUrl: string;
  stop: () => Promise<void>;
}

const running: Deployment[] = [];

/** `apis` API processes and `workers` worker processes on a fresh database and Redis prefix. */
async function deploy(apis: number, workers: number): Promise<Deployment> {
  const db = await createTestDatabase();
  const prefix = uniqueName('rr');
  const uploadDir = mkdtempSync(join(tmpdir(), 'rectify-replicas-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'replicas-secret-at-least-16-chars',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    APP_TIMEZONE: TZ,
    LOG_LEVEL: 'warn',
    UPLOAD_DIR: uploadDir,
    FOLLOW_UP_SCHEDULE_ENABLED: 'false',
    REPORTS_SCHEDULE_ENABLED: 'false',
  };
  const procs: RunningProcess[] = [];
  const deployment: Deployment = {
    origins: [],
    databaseUrl: db.url,
    stop: async () => {
      for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
      await Promise.all(procs.map((p) => p.exited));
      await db.drop();
      await dropRedisPrefix(prefix);
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
  running.push(deployment);
  const health = async (origin: string) => {
    const res = await fetch(`${origin}/health`);
    return { status: res.status, body: (await res.json()) as { details?: { followUpQueue?: { workers?: number } } } };
  };
  const startApi = async () => {
    const port = await freePort();
    const proc = startProcess({ ...env, APP_ROLE: 'api', PORT: String(port) }, MAIN);
    procs.push(proc);
    const origin = `http://127.0.0.1:${port}`;
    deployment.origins.push(origin);
    await waitFor(async () => (await health(origin)).status === 200, 90_000, `API on ${port}`).catch((e: Error) => {
      throw new Error(`${e.message}\n${proc.output()}`);
    });
  };
  // The first API migrates the empty database; the rest start on the migrated schema (two API
  // processes migrating one empty database at once collide: only one of them can create it).
  await startApi();
  const rest: Promise<unknown>[] = [];
  for (let i = 1; i < apis; i++) rest.push(startApi());
  for (let i = 0; i < workers; i++) procs.push(startProcess({ ...env, APP_ROLE: 'worker' }, MAIN));
  await Promise.all(rest);
  await waitFor(
    async () => ((await health(deployment.origins[0])).body.details?.followUpQueue?.workers ?? 0) >= workers,
    90_000,
    `${workers} workers attached`,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${procs.map((p) => p.output()).join('\n')}`);
  });
  return deployment;
}

/** What the comparison looks at, normalised for ids, timestamps and creation order. */
interface Outcome {
  ledger: string[];
  reports: Record<string, unknown>;
  audit: Record<string, number>;
  reminders: string[];
  notifications: string[];
  notificationCount: number;
  undelivered: number;
  supervisionNotices: number;
  unexpected: string[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/g;

/** Ids and instants replaced, arrays sorted (their order among equal keys is not a figure). */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UUID, '<id>').replace(INSTANT, '<instant>');
  if (Array.isArray(value)) {
    return value
      .map(normalise)
      .map((v) => [JSON.stringify(v), v] as const)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, v]) => v);
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}

/**
 * The scenario, identical whatever the deployment. Every item's final state is fixed; only the
 * interleaving differs: chains run concurrently and alternate between the APIs; two office users
 * race to approve (or reject) the same submitted item, and to 催办/督办 the same item, one through
 * each API (exactly one wins each race); sweeps are requested from every API at once while the
 * chains run. The items the sweeps act on (overdue, due soon) only receive start and progress
 * meanwhile, which changes nothing a sweep reads, so what it records does not depend on timing.
 */
async function runScenario(d: Deployment, today: string): Promise<Outcome> {
  const unexpected: string[] = [];
  const n = d.origins.length;
  const send = async (api: number, method: string, path: string, token: string | null, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${d.origins[api % n]}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  /** A request that must succeed. */
  const ok = async (api: number, method: string, path: string, token: string | null, body?: unknown): Promise<Answer['body']> => {
    const a = await send(api, method, path, token, body);
    if (a.status >= 300) {
      unexpected.push(`${method} ${path} on API ${(api % n) + 1}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
      throw new Error(unexpected[unexpected.length - 1]);
    }
    return a.body;
  };
  /** The same request from two users at once, one through each API: exactly one may win, the other gets 409. */
  const race = async (path: string, tokens: [string, string], body: unknown): Promise<void> => {
    const answers = await Promise.all(tokens.map((t, i) => send(i, 'POST', path, t, body)));
    const statuses = answers.map((a) => (a.status < 300 ? 'won' : a.status)).sort();
    if (JSON.stringify(statuses) !== JSON.stringify([409, 'won'])) {
      unexpected.push(`race on ${path}: ${answers.map((a) => `${a.status} ${a.body?.code ?? a.body?.status ?? ''}`).join(' and ')}`);
    }
  };

  // Organisation: two units, a manager and two staff each, two office users, a leader.
  const admin = (await ok(0, 'POST', '/auth/login', null, ADMIN)).accessToken as string;
  const [unitA, unitB] = await Promise.all(
    ['A', 'B'].map(async (code, i) => (await ok(i, 'POST', '/units', admin, { code, name: `${code}单位` })).id as string),
  );
  const specs = [
    { username: 'office1', role: 'office' },
    { username: 'office2', role: 'office' },
    { username: 'leader1', role: 'leadership' },
    { username: 'managerA', role: 'unit_manager', unitId: unitA },
    { username: 'managerB', role: 'unit_manager', unitId: unitB },
    { username: 'staffA1', role: 'unit_staff', unitId: unitA },
    { username: 'staffA2', role: 'unit_staff', unitId: unitA },
    { username: 'staffB1', role: 'unit_staff', unitId: unitB },
    { username: 'staffB2', role: 'unit_staff', unitId: unitB },
  ];
  const users = Object.fromEntries(
    await Promise.all(
      specs.map(async (s, i) => {
        const { id } = await ok(i, 'POST', '/users', admin, { ...s, password: PASSWORD, displayName: s.username });
        const { accessToken } = await ok(i + 1, 'POST', '/auth/login', null, { username: s.username, password: PASSWORD });
        return [s.username, { id: id as string, token: accessToken as string, unitId: s.unitId }] as const;
      }),
    ),
  );
  const office = users.office1.token;
  const offices: [string, string] = [users.office1.token, users.office2.token];

  // The chain above the items: higher-level inspection → problem → plan → measure → round → findings.
  const higher = await ok(0, 'POST', '/inspections', office, {
    kind: 'higher_level',
    title: '上级党组第二巡视组巡视',
    startDate: addDays(today, -300),
    endDate: addDays(today, -250),
  });
  const problem = await ok(1, 'POST', `/inspections/${higher.id}/feedback-problems`, office, {
    code: '1-1',
    category: '政治建设',
    description: '反馈问题',
  });
  const plan = await ok(0, 'POST', '/plans', office, { inspectionId: higher.id, title: '整改落实方案' });
  const measure = await ok(1, 'POST', `/plans/${plan.id}/measures`, office, {
    number: 1,
    content: '整改措施1',
    feedbackProblemIds: [problem.id],
    rectificationType: 'time_limited',
  });
  const round = await ok(0, 'POST', '/inspections', office, {
    kind: 'internal_round',
    title: '本级巡察',
    startDate: addDays(today, -200),
    endDate: addDays(today, -100),
    planId: plan.id,
  });
  const findingOf: Record<string, string> = {};
  for (const [i, unitId] of [unitA, unitB].entries()) {
    findingOf[unitId] = (
      await ok(i, 'POST', '/findings', office, {
        inspectionId: round.id,
        unitId,
        category: '政治纪律',
        description: '会议记录不全',
        measureIds: [measure.id],
      })
    ).id;
  }

  // Eight items per staff member; what happens to each is fixed by its kind.
  const KINDS: Record<string, number> = {
    approve1: 60,
    approve2: 60,
    reject: 60,
    overdue2: -2, // escalation level 1
    overdue9: -9, // escalation level 2 and a 督办单
    due3: 3, // the 3-day reminder
    due1: 1, // the 1-day reminder
    chase: 30,
  };
  const staff = ['staffA1', 'staffA2', 'staffB1', 'staffB2'];
  const planned = staff.flatMap((s) => Object.entries(KINDS).map(([kind, offset]) => ({ s, kind, offset })));
  const items = await mapLimit(planned, CHAINS, async ({ s, kind, offset }, i) => {
    const owner = users[s];
    const item = await ok(i, 'POST', '/items', office, {
      findingId: findingOf[owner.unitId!],
      title: `${s}-${kind}`,
      responsibleUnitId: owner.unitId,
      ownerId: owner.id,
      deadline: addDays(today, offset),
      rectificationType: 'time_limited',
    });
    return { id: item.id as string, s, kind };
  });

  const chain = async ({ id, s, kind }: (typeof items)[number], c: number): Promise<void> => {
    const me = users[s].token;
    let step = c;
    const next = () => step++;
    const progress = () =>
      Promise.all([0, 1].map((k) => ok(next() + k, 'POST', `/items/${id}/progress`, me, { note: '已完成自查，正在整改', percent: 50 })));
    const submit = async (explanation: string) => {
      const { version } = await ok(next(), 'GET', `/items/${id}`, me);
      await ok(next(), 'POST', `/items/${id}/transitions`, me, { action: 'submit', explanation, version });
    };
    const review = async (action: 'approve' | 'reject') => {
      const { version } = await ok(next(), 'GET', `/items/${id}`, office);
      await race(
        `/items/${id}/transitions`,
        offices,
        action === 'reject' ? { action, version, reason: '佐证不足，请补充' } : { action, version },
      );
    };
    if (kind === 'approve1' || kind === 'approve2' || kind === 'reject' || kind === 'overdue2' || kind === 'due1') {
      await ok(next(), 'POST', `/items/${id}/transitions`, me, { action: 'start' });
    }
    if (kind === 'approve1' || kind === 'approve2' || kind === 'reject' || kind === 'overdue2' || kind === 'overdue9') await progress();
    if (kind === 'reject') {
      await submit('已整改完毕');
      await review('reject');
      await submit('已补充说明');
    }
    if (kind === 'approve1' || kind === 'approve2' || kind === 'reject') {
      if (kind !== 'reject') await submit('已整改完毕');
      await review('approve');
    }
    if (kind === 'chase') {
      await race(`/items/${id}/chase`, offices, { kind: 'urge', note: '请抓紧' });
      if (s === 'staffA1') await race(`/items/${id}/chase`, offices, { kind: 'supervise' });
    }
  };
  const sweeps = async () => {
    for (let round = 0; round < 2; round++) {
      await Promise.all(d.origins.map((_, i) => ok(i, 'POST', '/follow-up/sweep?wait=true', offices[i % 2])));
    }
  };
  await Promise.all([mapLimit(items, CHAINS, chain), sweeps()]);
  // A last sweep waits until every delivery so far (chases included) has left `pending`.
  const last = await ok(0, 'POST', '/follow-up/sweep?wait=true', office);
  expect(last).toMatchObject({ complete: true });

  const leader = users.leader1.token;
  const csv = (await ok(1, 'GET', '/reports/ledger.xlsx?format=csv', office)) as string;
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
  const dropped = new Set(['序号', '事项编号']);
  const keep = header.map((h, i) => (dropped.has(h) ? -1 : i)).filter((i) => i >= 0);
  const reports: Record<string, unknown> = {};
  for (const path of [
    '/reports/overview',
    '/reports/closure?groupBy=unit',
    '/reports/closure?groupBy=type',
    '/reports/closure?groupBy=measure',
    '/reports/measures',
    '/reports/overdue',
    '/reports/coverage',
  ]) {
    reports[path] = normalise(await ok(0, 'GET', path, leader));
  }

  const client = new pg.Client({ connectionString: d.databaseUrl });
  await client.connect();
  try {
    const q = async <T extends object>(sql: string) => (await client.query<T & pg.QueryResultRow>(sql)).rows;
    const audit = Object.fromEntries(
      (await q<{ action: string; n: number }>(`SELECT action, count(*)::int AS n FROM audit_entries GROUP BY action ORDER BY action`)).map(
        (r) => [r.action, r.n],
      ),
    );
    const reminders = (
      await q<{ k: string }>(
        `SELECT i.title || '|' || l.kind || '|' || l.step || '|' || coalesce(l.level::text, '-') || '|' || l.status || '|' ||
                (SELECT string_agg(u.username, ',' ORDER BY u.username) FROM users u WHERE u.id = ANY(l.recipients)) AS k
           FROM reminder_ledger l JOIN rectification_items i ON i.id = l.item_id ORDER BY 1`,
      )
    ).map((r) => r.k);
    // Each inbox message with the reminders it carries: (recipient, item, kind, step).
    const notifications = (
      await q<{ k: string }>(
        `SELECT u.username || '|' || i.title || '|' || l.kind || '|' || l.step AS k
           FROM notifications n
           JOIN users u ON u.id = n.user_id
           JOIN notification_deliveries d ON d.digest_key = n.digest_key AND d.user_id = n.user_id AND d.channel = 'inbox'
           JOIN reminder_ledger l ON l.id = ANY(d.ledger_ids)
           JOIN rectification_items i ON i.id = l.item_id
          ORDER BY 1`,
      )
    ).map((r) => r.k);
    const [counts] = await q<{ notifications: number; undelivered: number; notices: number }>(
      `SELECT (SELECT count(*)::int FROM notifications) AS notifications,
              (SELECT count(*)::int FROM notification_deliveries WHERE status <> 'delivered') AS undelivered,
              (SELECT count(*)::int FROM supervision_notices) AS notices`,
    );
    return {
      ledger: rows.map((r) => keep.map((i) => r[i]).join(',')).sort(),
      reports,
      audit,
      reminders,
      notifications,
      notificationCount: counts.notifications,
      undelivered: counts.undelivered,
      supervisionNotices: counts.notices,
      unexpected,
    };
  } finally {
    await client.end();
  }
}

describe('two API and two worker processes on one database and Redis', () => {
  afterAll(async () => {
    for (const d of running.splice(0)) await d.stop();
  });

  it('give the same ledger, reports, audit and notifications as one of each, and no notification twice', async () => {
    // One "today" for both runs: start after midnight in APP_TIMEZONE if it is less than 3 minutes away.
    const wait = msToMidnight(TZ);
    if (wait < 180_000) await new Promise((r) => setTimeout(r, wait + 2_000));
    const today = calendarDateIn(new Date(), TZ);

    // Both deployments at once (each on its own database and prefix), so each also runs under the other's load.
    const [two, single] = await Promise.all([deploy(2, 2), deploy(1, 1)]);
    const [replicated, alone] = await Promise.all([runScenario(two, today), runScenario(single, today)]);

    for (const o of [replicated, alone]) {
      expect(o.unexpected).toEqual([]);
      expect(o.undelivered).toBe(0);
      // No (recipient, item, kind, step) reaches an inbox twice.
      expect(o.notifications.filter((k, i) => o.notifications.indexOf(k) !== i)).toEqual([]);
    }
    // The scenario did what it says (so the comparison compares something).
    expect(alone.audit).toMatchObject({ 'item.approve': 12, 'item.reject': 4, 'item.submit': 16, 'item.urge': 4, 'item.supervise': 1 });
    expect(alone.reminders.filter((r) => /-overdue9\|escalation\|2\|2\|sent\|/.test(r))).toHaveLength(4);
    expect(alone.reminders.filter((r) => /-due3\|reminder\|3\|-\|sent\|/.test(r))).toHaveLength(4);
    expect(alone.ledger.filter((r) => r.includes(',已销号,'))).toHaveLength(12);

    expect(replicated.ledger).toEqual(alone.ledger);
    expect(replicated.reports).toEqual(alone.reports);
    expect(replicated.audit).toEqual(alone.audit);
    expect(replicated.reminders).toEqual(alone.reminders);
    expect(replicated.notifications).toEqual(alone.notifications);
    expect(replicated.notificationCount).toBe(alone.notificationCount);
    expect(replicated.supervisionNotices).toBe(alone.supervisionNotices);
  }, 240_000);
});
