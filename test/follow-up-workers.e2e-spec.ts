import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { MAIN_JS, startProcess, waitFor, type RunningProcess } from './support/process.js';
import { seedOrg, type Org } from './support/org.js';
import { seedItems } from './support/items.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { dropRedisPrefix } from './support/test-env.js';

/**
 * Worker processes of the built app (`node dist/src/main.js`, APP_ROLE=worker) against the test's
 * database and Redis prefix: one killed mid-delivery, Redis flushed between sweeps, two at once.
 * Whatever happens, the ledger ends the same — nothing missing, nothing doubled.
 */
describe('follow-up across worker processes', () => {
  let t: TestApp;
  let org: Org;
  let receiver: Server;
  let hookUrl: string;
  const received: string[] = [];
  const workers: RunningProcess[] = [];
  const OWNERS = 24;

  /** The built app (`npm test` builds first); FOLLOW_UP_MAIN_JS points elsewhere when dist is stale. */
  const startWorker = (env: Record<string, string>): RunningProcess => startProcess(env, process.env.FOLLOW_UP_MAIN_JS ?? MAIN_JS);
  const spawnWorker = () => {
    const w = startWorker({
      ...t.env,
      APP_ROLE: 'worker',
      LOG_LEVEL: 'warn',
      FOLLOW_UP_SCHEDULE_ENABLED: 'false',
      FOLLOW_UP_STALLED_MS: '2000',
      FOLLOW_UP_CONCURRENCY: '2',
      FOLLOW_UP_BACKOFF_MS: '100',
      WEBHOOK_URL: hookUrl,
    });
    workers.push(w);
    return w;
  };
  const stop = async (w: RunningProcess, signal: NodeJS.Signals) => {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill(signal);
      await w.exited;
    }
  };
  const sweepAndWait = async () => {
    const res = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    return res.body;
  };
  const ledger = async () =>
    (
      await t.dataSource.query<{ k: string }[]>(
        `SELECT i.title || '|' || l.kind || '|' || l.step || '|' || l.status AS k FROM reminder_ledger l
         JOIN rectification_items i ON i.id = l.item_id ORDER BY 1`,
      )
    ).map((r) => r.k);
  const invariants = async () => {
    const [c] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM notification_deliveries WHERE status <> 'delivered') AS undelivered,
              (SELECT count(*)::int FROM notification_deliveries WHERE channel = 'inbox') AS inbox_rows,
              (SELECT count(*)::int FROM notifications) AS inbox_messages,
              (SELECT count(*)::int FROM (SELECT user_id, ledger_id FROM notification_deliveries, unnest(ledger_ids) AS ledger_id
                                           WHERE channel = 'inbox' GROUP BY 1, 2 HAVING count(*) > 1) x) AS doubled`,
    );
    expect(c).toEqual({ undelivered: 0, inbox_rows: c.inbox_messages, inbox_messages: c.inbox_messages, doubled: 0 });
    const webhookIds: { id: string }[] = await t.dataSource.query(`SELECT id FROM notification_deliveries WHERE channel = 'webhook'`);
    // The receiver saw every webhook delivery; duplicates only by the same X-Rectify-Delivery id (idempotency key).
    expect([...new Set(received)].sort()).toEqual(webhookIds.map((r) => r.id).sort());
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          received.push(String(req.headers['x-rectify-delivery']));
          res.writeHead(200).end('ok');
        }, 150),
      );
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    t = await startTestApp({
      role: 'api',
      now: '2026-06-15T02:00:00Z',
      env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false', WEBHOOK_URL: hookUrl },
    });
    org = await seedOrg(t);
    // Unit A's own robot: its users' webhook digests go there (WEBHOOK_URL is the office's robot).
    const robot = await t.as(org.users.office.token).put(`/api/v1/units/${org.units.a}/webhook`).send({ url: hookUrl, style: 'generic' });
    expect(robot.status).toBe(200);
    const owners: { id: string }[] = await t.dataSource.query(
      `INSERT INTO users (username, password_hash, display_name, role, unit_id)
       SELECT 'owner' || n, 'x', '责任人' || n, 'unit_staff', $1 FROM generate_series(1, ${OWNERS}) AS n RETURNING id`,
      [org.units.a],
    );
    await seedItems(
      t.dataSource,
      owners.map((o, i) => ({ title: `item${String(i).padStart(2, '0')}`, unitId: org.units.a, ownerId: o.id, deadline: '2026-06-18' })),
    );
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) await stop(w, 'SIGKILL');
    await t.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('a worker killed mid-delivery: the next sweep in another worker completes it, nothing doubled', async () => {
    const w1 = spawnWorker();
    const { body } = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep');
    await waitFor(() => Promise.resolve(received.length >= 3), 60_000, `deliveries started\n${w1.output()}`);
    await stop(w1, 'SIGKILL');
    const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM notification_deliveries WHERE status = 'pending'`);
    expect(pending).toBeGreaterThan(0); // it really died with work left
    spawnWorker();
    // Whichever repairs it first — BullMQ handing the dead worker's stalled jobs to the new one, or the
    // sweep re-enqueueing what is still pending (`requeued`; the Redis-flush test below needs that path) —
    // every delivery ends up done exactly once.
    await sweepAndWait();
    const rows = await ledger();
    expect(rows).toEqual(Array.from({ length: OWNERS }, (_, i) => `item${String(i).padStart(2, '0')}|reminder|3|sent`));
    const [{ digests }] = await t.dataSource.query(`SELECT count(*)::int AS digests FROM notification_deliveries WHERE run_id = $1`, [
      body.runId,
    ]);
    expect(digests).toBe((OWNERS + 1) * 2); // each owner + managerA, inbox + webhook
    await invariants();
  }, 120_000);

  it('Redis flushed between sweeps: pending deliveries are re-derived from Postgres', async () => {
    t.clock.advanceDays(2); // due tomorrow: the 1-day reminder
    const { body } = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep');
    await waitFor(
      async () => (await t.dataSource.query(`SELECT finished_at FROM follow_up_runs WHERE id = $1`, [body.runId]))[0]?.finished_at != null,
      60_000,
      'sweep recorded',
    );
    await dropRedisPrefix(t.redisPrefix); // lose every queued job
    const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM notification_deliveries WHERE status = 'pending'`);
    expect(pending).toBeGreaterThan(0);
    await sweepAndWait();
    expect((await ledger()).filter((k) => k.includes('|reminder|1|sent'))).toHaveLength(OWNERS);
    await invariants();
  }, 120_000);

  it('two workers at once and two sweeps racing: one set of records, each delivered once', async () => {
    spawnWorker();
    t.clock.advanceDays(2); // one day overdue: level 1
    const [a, b] = await Promise.all([sweepAndWait(), sweepAndWait()]);
    expect(a.runId).not.toBe(b.runId);
    const rows = await ledger();
    expect(rows.filter((k) => k.includes('|escalation|1|sent'))).toHaveLength(OWNERS);
    expect(rows).toHaveLength(OWNERS * 3);
    const [{ runs }] = await t.dataSource.query(
      `SELECT count(DISTINCT run_id)::int AS runs FROM reminder_ledger WHERE kind = 'escalation'`,
    );
    expect(runs).toBe(1); // the other sweep found nothing left to record
    await invariants();
  }, 120_000);
});
