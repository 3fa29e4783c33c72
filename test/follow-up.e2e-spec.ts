import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { ledgerOf, moveDeadline, seedItems } from './support/items.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Monday 2026-06-15, 10:00 in Asia/Shanghai. */
const NOW = '2026-06-15T02:00:00Z';

describe('follow-up: reminders, escalation, digests (one process, role all)', () => {
  let t: TestApp;
  let org: Org;
  let ids: Record<string, string>;

  const sweep = async () => {
    const res = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    return res.body as { runId: string; enqueued: number; delivered: number };
  };
  const reminders = async (key: string) => {
    const res = await t.as(org.users.office.token).get(`/api/v1/items/${ids[key]}/reminders`);
    expect(res.status).toBe(200);
    return res.body as { kind: string; offsetDays: number; level?: number; recipients: { username: string }[]; sentAt: string | null }[];
  };

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const a = org.units.a;
    const owner = org.users.staffA.id;
    const spec: [string, string, object?][] = [
      ['d7', '2026-06-22'],
      ['d5', '2026-06-20'],
      ['d3', '2026-06-18'],
      ['d1', '2026-06-16'],
      ['d0', '2026-06-15'],
      ['o1', '2026-06-14'],
      ['o7', '2026-06-08'],
      ['o15', '2026-05-31'],
      ['far', '2026-07-30'],
      ['closed', '2026-06-10', { status: 'closed' }],
      ['submitted', '2026-06-10', { status: 'submitted' }],
      ['long', '2026-12-31', { rectificationType: 'long_term' }],
    ];
    const made = await seedItems(
      t.dataSource,
      spec.map(([title, deadline, extra]) => ({ title, deadline, unitId: a, ownerId: owner, ...extra })),
    );
    ids = Object.fromEntries(spec.map(([k], i) => [k, made[i]]));
  });
  afterAll(async () => {
    await t.close();
  });

  it('one sweep records exactly the expected reminders and escalations, and delivers one digest per recipient', async () => {
    const run = await sweep();
    const rows: { title: string; kind: string; step: number; level: number | null; recipients: string[] }[] = await t.dataSource.query(
      `SELECT i.title, l.kind, l.step, l.level, l.recipients FROM reminder_ledger l JOIN rectification_items i ON i.id = l.item_id ORDER BY i.title`,
    );
    const got = Object.fromEntries(rows.map((r) => [r.title, `${r.kind}:${r.step}`]));
    expect(got).toEqual({
      d7: 'reminder:7',
      d5: 'reminder:7',
      d3: 'reminder:3',
      d1: 'reminder:1',
      d0: 'reminder:0',
      // One level per sweep: every overdue item starts the ladder at 催办, however late.
      o1: 'escalation:1',
      o7: 'escalation:1',
      o15: 'escalation:1',
      long: `check_in:${Math.floor((2026 * 12 + 5) / 3)}`,
    });
    const u = org.users;
    const who = (title: string) => [...rows.find((r) => r.title === title)!.recipients].sort();
    expect(who('d3')).toEqual([u.managerA.id, u.staffA.id].sort());
    expect(who('o1')).toEqual([u.managerA.id, u.staffA.id].sort());
    expect(who('o7')).toEqual([u.managerA.id, u.staffA.id].sort());
    expect(who('o15')).toEqual([u.managerA.id, u.staffA.id].sort());

    // Digests: staffA and managerA each have the 9 items (level 1 goes to both) → 2 inbox deliveries.
    expect(run.enqueued).toBe(2);
    expect(run.delivered).toBe(2);
    const inboxA = await t.as(u.managerA.token).get('/api/v1/notifications');
    expect(inboxA.status).toBe(200);
    expect(inboxA.body.data).toHaveLength(1);
    expect(inboxA.body.data[0].itemIds).toHaveLength(9);
    expect(inboxA.body.data[0].body).toContain('已逾期7天');
    expect(inboxA.body.data[0].body).toContain('已逾期15天');

    const levels: { title: string; escalation_level: number }[] = await t.dataSource.query(
      `SELECT title, escalation_level FROM rectification_items WHERE title IN ('o1','o7','o15','d0') ORDER BY title`,
    );
    expect(Object.fromEntries(levels.map((l) => [l.title, l.escalation_level]))).toEqual({ d0: 0, o1: 1, o15: 1, o7: 1 });

    const notices = await t.as(u.leadership.token).get('/api/v1/follow-up/supervision-notices');
    expect(notices.status).toBe(200);
    expect(notices.body.total).toBe(0);

    const r = await reminders('o7');
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ kind: 'escalation', offsetDays: -1, level: 1 });
    expect(r[0].recipients.map((x) => x.username).sort()).toEqual(['managerA', 'staffA']);
    expect(r[0].sentAt).not.toBeNull();
  });

  it('a second sweep at the same instant records and sends nothing', async () => {
    const before = await ledgerOf(t.dataSource);
    const run = await sweep();
    expect(run).toMatchObject({ enqueued: 0, delivered: 0 });
    expect(await ledgerOf(t.dataSource)).toEqual(before);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM notifications`);
    expect(n).toBe(2);
  });

  it('after an approved extension the old reminders do not fire; after closing nothing further', async () => {
    await moveDeadline(t.dataSource, ids.d1, '2026-07-31');
    await t.dataSource.query(`UPDATE rectification_items SET status = 'closed' WHERE id = $1`, [ids.d3]);
    t.clock.advanceDays(1); // 2026-06-16
    await sweep();
    const rows: { title: string; kind: string; step: number; deadline_version: number }[] = await t.dataSource.query(
      `SELECT i.title, l.kind, l.step, l.deadline_version FROM reminder_ledger l JOIN rectification_items i ON i.id = l.item_id
        WHERE l.created_at > $1 ORDER BY i.title`,
      [NOW],
    );
    // d0 is now 1 day overdue (level 1); d1 moved (old version's due-day reminder never fires, new deadline far away);
    // d3 closed; others already have the step they are on.
    expect(rows.map((r) => `${r.title}:${r.kind}:${r.step}:v${r.deadline_version}`)).toEqual(['d0:escalation:1:v0']);

    // Much later, d1's new deadline approaches: reminders resume against version 1; d3 stays silent.
    t.clock.set('2026-07-28T02:00:00Z');
    await sweep();
    expect((await reminders('d1')).map((r) => `${r.kind}:${r.offsetDays}`)).toEqual(['reminder:1', 'reminder:3']);
    expect((await reminders('d3')).map((r) => `${r.kind}:${r.offsetDays}`)).toEqual(['reminder:3']);
  });

  it('scopes reminders by the item unit (404 outside), and lets only the owner mark a message read', async () => {
    expect((await t.as(org.users.managerB.token).get(`/api/v1/items/${ids.o1}/reminders`)).status).toBe(404);
    expect((await t.as(org.users.managerA.token).get(`/api/v1/items/${ids.o1}/reminders`)).status).toBe(200);
    const inbox = await t.as(org.users.staffA.token).get('/api/v1/notifications?unread=true');
    const id = inbox.body.data[0].id;
    expect((await t.as(org.users.managerB.token).post(`/api/v1/notifications/${id}/read`)).status).toBe(404);
    const read = await t.as(org.users.staffA.token).post(`/api/v1/notifications/${id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
  });

  it('edits the policy and the calendar (admin only), validating input', async () => {
    const admin = t.as(org.adminToken);
    const policy = (await admin.get('/api/v1/follow-up/policy')).body;
    expect(policy.reminderOffsets).toEqual([7, 3, 1, 0]);
    expect((await t.as(org.users.office.token).get('/api/v1/follow-up/policy')).status).toBe(403);
    const bad = await admin.put('/api/v1/follow-up/policy').send({ ...policy, reminderOffsets: [-1] });
    expect(bad.status).toBe(400);
    const badLevels = await admin.put('/api/v1/follow-up/policy').send({
      ...policy,
      escalationLevels: [policy.escalationLevels[1], { ...policy.escalationLevels[0], level: 2 }]
        .map((l, i) => ({ ...l, level: i + 1 }))
        .reverse(),
    });
    expect(badLevels.status).toBe(400);
    const ok = await admin.put('/api/v1/follow-up/policy').send({ ...policy, reminderOffsets: [5, 2], countWorkingDays: true });
    expect(ok.status).toBe(200);
    expect((await admin.get('/api/v1/follow-up/policy')).body).toMatchObject({ reminderOffsets: [5, 2], countWorkingDays: true });

    const cal = await admin.get('/api/v1/follow-up/calendar?year=2026');
    expect(cal.body).toEqual(
      expect.arrayContaining([
        { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2026-02-28', kind: 'workday', name: '春节调休上班' },
      ]),
    );
    expect((await admin.post('/api/v1/follow-up/calendar').send({ date: '2026-13-01', kind: 'holiday', name: 'x' })).status).toBe(400);
    expect((await admin.post('/api/v1/follow-up/calendar').send({ date: '2026-08-03', kind: 'holiday', name: '测试假日' })).status).toBe(
      201,
    );
    expect((await admin.delete('/api/v1/follow-up/calendar/2026-08-03')).status).toBe(204);
    expect((await admin.delete('/api/v1/follow-up/calendar/2026-08-03')).status).toBe(404);
  });

  it('counts working days when the policy says so (weekend and holiday skipped)', async () => {
    // Policy now: reminders 5 and 2 working days before. Today Tuesday 2026-09-22 (2026-09-25..27 中秋 holiday).
    t.clock.set('2026-09-22T02:00:00Z');
    const [wd] = await seedItems(t.dataSource, [
      { title: 'wd', unitId: org.units.b, ownerId: org.users.staffB.id, deadline: '2026-09-28' },
    ]);
    // Working days after Tue 22 up to Mon 28: Wed 23, Thu 24, Mon 28 = 3 → the 5-day reminder, not the 2-day one.
    await sweep();
    const res = await t.as(org.users.managerB.token).get(`/api/v1/items/${wd}/reminders`);
    expect(res.body.map((r: { offsetDays: number }) => r.offsetDays)).toEqual([5]);
    t.clock.set('2026-09-24T02:00:00Z'); // Thursday: Mon 28 is 1 working day away (25–27 holiday)
    await sweep();
    const again = await t.as(org.users.managerB.token).get(`/api/v1/items/${wd}/reminders`);
    expect(again.body.map((r: { offsetDays: number }) => r.offsetDays).sort()).toEqual([2, 5]);
  });

  it('guards the queue board: 401 without a token, 403 for a unit manager, open to office', async () => {
    expect((await t.http().get('/admin/queues')).status).toBe(401);
    expect((await t.as(org.users.managerA.token).get('/admin/queues')).status).toBe(403);
    expect((await t.as(org.users.managerA.token).get('/admin/queues/api/queues')).status).toBe(403);
    const ok = await t.as(org.users.office.token).get('/admin/queues/api/queues');
    expect(ok.status).toBe(200);
    expect(JSON.stringify(ok.body)).toContain('follow-up');
    expect((await t.as(org.users.managerA.token).post('/api/v1/follow-up/sweep')).status).toBe(403);
  });
});
