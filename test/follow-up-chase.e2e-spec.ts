import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { startSmtpServer, type Mail } from './support/smtp.js';
import { seedOrg, type Org } from './support/org.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/** Monday 2026-06-15, 10:00 in Asia/Shanghai. */
const NOW = '2026-06-15T02:00:00Z';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('follow-up: the office’s manual 催办/督办, the queue board’s CSRF, the bulletin over e-mail', () => {
  let t: TestApp;
  let org: Org;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let mails: Mail[] = [];
  let ids: Record<string, string>;

  const office = () => t.as(org.users.office.token);
  const chase = (key: string, body: object, token = org.users.office.token) =>
    t.as(token).post(`/api/v1/items/${ids[key]}/chase`).send(body);
  const drain = async () => {
    const res = await office().post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(res.body.pending).toBe(0);
  };
  const counts = async () => {
    const [c] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM reminder_ledger)::int AS ledger, (SELECT count(*) FROM audit_entries)::int AS audit,
              (SELECT count(*) FROM supervision_notices)::int AS notices, (SELECT count(*) FROM notification_deliveries)::int AS deliveries,
              (SELECT count(*) FROM follow_up_runs)::int AS runs`,
    );
    return c as Record<string, number>;
  };
  type Reminder = {
    kind: string;
    status: string;
    level?: number;
    offsetDays: number;
    supervisionNotice: string | null;
    recipients: { username: string }[];
  };
  const reminders = async (key: string) => (await office().get(`/api/v1/items/${ids[key]}/reminders`).expect(200)).body as Reminder[];
  const inbox = async (token: string) =>
    (await t.as(token).get('/api/v1/notifications?pageSize=50').expect(200)).body.data as {
      title: string;
      body: string;
      itemIds: string[];
    }[];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mails = smtp.mails;
    t = await startTestApp({
      role: 'all',
      now: NOW,
      env: {
        FOLLOW_UP_SCHEDULE_ENABLED: 'false',
        REPORTS_SCHEDULE_ENABLED: 'false',
        SMTP_URL: smtp.url,
        FOLLOW_UP_BACKOFF_MS: '50',
      },
    });
    org = await seedOrg(t);
    await t.dataSource.query(`UPDATE users SET email = username || '@example.cn' WHERE username <> 'admin'`);
    const a = org.units.a;
    const spec: [string, object][] = [
      ['late', { deadline: '2026-06-10', status: 'in_progress' }],
      ['late2', { deadline: '2026-06-12' }],
      ['closed', { deadline: '2026-06-01', status: 'closed' }],
      ['submitted', { deadline: '2026-06-01', status: 'submitted' }],
    ];
    const made = await seedItems(
      t.dataSource,
      spec.map(([title, extra]) => ({ title, unitId: a, ownerId: org.users.staffA.id, deadline: '2026-06-10', ...extra })),
    );
    ids = Object.fromEntries(spec.map(([k], i) => [k, made[i]]));
    [ids.b] = await seedItems(t.dataSource, [{ title: 'b', unitId: org.units.b, deadline: '2026-06-12' }]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp.close();
  });

  it('催办 notifies the owner and the unit’s managers now, through the digest path, once a day', async () => {
    const res = await chase('late', { kind: 'urge', note: '  请于本周五前报送整改进展  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'urge', day: '2026-06-15', escalationLevel: 0, supervisionNotice: null });
    expect(res.body.recipients.map((r: { username: string }) => r.username)).toEqual(['managerA', 'staffA']);
    // inbox + email per recipient
    expect(res.body.deliveries).toBe(4);

    const before = await counts();
    const again = await chase('late', { kind: 'urge' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    expect(again.body.message).toBe('该事项今天（2026-06-15）已催办过，请勿重复催办');
    expect(await counts()).toEqual(before);

    await drain();
    const manual = (await reminders('late')).filter((r) => r.kind === 'manual_urge');
    expect(manual).toHaveLength(1);
    expect(manual[0]).toMatchObject({ status: 'sent', offsetDays: -5, supervisionNotice: null });
    expect(manual[0].recipients.map((r) => r.username)).toEqual(['managerA', 'staffA']);

    for (const token of [org.users.staffA.token, org.users.managerA.token]) {
      const msgs = (await inbox(token)).filter((n) => n.title.startsWith('【整改催办】'));
      expect(msgs).toHaveLength(1);
      expect(msgs[0].body).toContain('巡察办催办');
      expect(msgs[0].body).toContain('附言：请于本周五前报送整改进展');
      expect(msgs[0].itemIds).toEqual([ids.late]);
    }
    const delivered = await t.dataSource.query(
      `SELECT d.channel, d.status FROM notification_deliveries d JOIN reminder_ledger l ON l.id = ANY(d.ledger_ids)
        WHERE l.kind = 'manual_urge' ORDER BY d.channel`,
    );
    expect(delivered).toEqual([
      { channel: 'email', status: 'delivered' },
      { channel: 'email', status: 'delivered' },
      { channel: 'inbox', status: 'delivered' },
      { channel: 'inbox', status: 'delivered' },
    ]);
    const emailIds: { id: string; user: string }[] = await t.dataSource.query(
      `SELECT d.id, u.username AS user FROM notification_deliveries d JOIN users u ON u.id = d.user_id
        WHERE d.channel = 'email' AND $1::uuid = ANY(d.ledger_ids) ORDER BY u.username`,
      [res.body.ledgerId],
    );
    expect(emailIds.map((d) => d.user)).toEqual(['managerA', 'staffA']);
    for (const d of emailIds) {
      const got = mails.filter((m) => m.raw.includes(d.id));
      expect(got).toHaveLength(1);
      expect(got[0].to).toEqual([`${d.user}@example.cn`]);
    }

    const audit = await t.dataSource.query(
      `SELECT action, entity_type, actor_id FROM audit_entries WHERE subject_id = $1 AND action = 'item.urge'`,
      [ids.late],
    );
    expect(audit).toEqual([{ action: 'item.urge', entity_type: 'reminder_ledger', actor_id: org.users.office.id }]);
  });

  it('督办 issues the next 督办单, raises the level to 2, notifies the managers and the office, once a day', async () => {
    const res = await chase('late', { kind: 'supervise' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'supervise', escalationLevel: 2, supervisionNotice: '督办〔2026〕1号' });
    expect(res.body.recipients.map((r: { username: string }) => r.username)).toEqual(['managerA', org.users.office.username]);
    expect((await office().get(`/api/v1/items/${ids.late}`).expect(200)).body.escalationLevel).toBe(2);

    const before = await counts();
    const again = await chase('late', { kind: 'supervise', note: '再次督办' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('该事项今天（2026-06-15）已督办过，请勿重复督办');
    expect(await counts()).toEqual(before);

    const second = await chase('late2', { kind: 'supervise' });
    expect(second.body.supervisionNotice).toBe('督办〔2026〕2号');

    await drain();
    const sv = (await reminders('late')).filter((r) => r.kind === 'manual_supervise');
    expect(sv).toHaveLength(1);
    expect(sv[0]).toMatchObject({ status: 'sent', level: 2, supervisionNotice: '督办〔2026〕1号' });
    const notices = (await office().get('/api/v1/follow-up/supervision-notices').expect(200)).body.data as {
      number: string;
      itemId: string;
    }[];
    expect(notices.map((n) => n.number)).toEqual(['督办〔2026〕2号', '督办〔2026〕1号']);

    const mgr = (await inbox(org.users.managerA.token)).filter(
      (n) => n.title.startsWith('【整改督办】') && n.body.includes('督办〔2026〕1号'),
    );
    expect(mgr).toHaveLength(1);
    expect((await inbox(org.users.office.token)).some((n) => n.body.includes('巡察办已督办，已下发督办单督办〔2026〕1号'))).toBe(true);
    // the owner is not told of a 督办 (unit managers and the office are)
    expect((await inbox(org.users.staffA.token)).some((n) => n.body.includes('督办〔2026〕1号'))).toBe(false);

    const audit: { action: string; before: object | null; after: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT action, before, after FROM audit_entries
        WHERE subject_id = $1 AND actor_id = $2 AND action IN ('item.supervise', 'item.escalate') ORDER BY action`,
      [ids.late, org.users.office.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['item.escalate', 'item.supervise']);
    // the first sweep had raised it to level 1 (5 days overdue)
    expect(audit[0]).toMatchObject({ before: { escalationLevel: 1 }, after: { escalationLevel: 2 } });
    expect(audit[1].after).toMatchObject({ supervisionNotice: '督办〔2026〕1号', kind: 'manual_supervise' });
  });

  it('the next day the office may chase again; a manual 督办 is the ladder’s level 2: the sweep issues no second 督办单 for it', async () => {
    t.clock.set('2026-06-16T02:00:00Z');
    const res = await chase('late', { kind: 'urge' });
    expect(res.status).toBe(201);
    expect(res.body.day).toBe('2026-06-16');
    t.clock.set('2026-06-19T02:00:00Z'); // late2 is 7 days overdue: level 2, reached already by the manual 督办
    await drain();
    const rows = await t.dataSource.query(`SELECT number, manual FROM supervision_notices WHERE item_id = $1 ORDER BY seq`, [ids.late2]);
    expect(rows).toEqual([{ number: '督办〔2026〕2号', manual: true }]);
  });

  it('refuses items that are not open (409), unknown items (404), other roles (403), bad input (400), writing nothing', async () => {
    const before = await counts();
    for (const key of ['closed', 'submitted']) {
      for (const kind of ['urge', 'supervise']) {
        const res = await chase(key, { kind });
        expect(res.status).toBe(409);
        expect(res.body.message).toContain('只有待整改或整改中的事项可以');
      }
    }
    const unknown = await t
      .as(org.users.office.token)
      .post('/api/v1/items/0b0e1f58-0000-4000-8000-000000000000/chase')
      .send({ kind: 'urge' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('事项不存在或无权访问');
    for (const who of ['managerA', 'staffA', 'leadership', 'inspector', 'managerB'] as const) {
      expect((await chase('late2', { kind: 'urge' }, org.users[who].token)).status).toBe(403);
      expect((await chase('b', { kind: 'supervise' }, org.users[who].token)).status).toBe(403);
    }
    const adminToken = await t.login(ADMIN.username, ADMIN.password);
    expect((await chase('late2', { kind: 'urge' }, adminToken)).status).toBe(403);
    const badKind = await chase('late2', { kind: 'interview' });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body)).toContain('kind');
    const longNote = await chase('late2', { kind: 'urge', note: '长'.repeat(501) });
    expect(longNote.status).toBe(400);
    expect(JSON.stringify(longNote.body)).toContain('note');
    expect((await chase('late2', { kind: 'urge', note: null })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('queue board: a cookie session’s mutating request needs the CSRF header', async () => {
    const login = await t
      .http()
      .post('/api/v1/auth/session')
      .send({ username: org.users.office.username, password: org.users.office.password })
      .expect(200);
    const raw = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const jar = raw.map((c) => c.split(';')[0]).join('; ');
    const csrf = decodeURIComponent(/rectify_csrf=([^;]+)/.exec(jar)?.[1] ?? '');
    expect(csrf).not.toBe('');
    const url = '/admin/queues/api/queues/follow-up/retry/failed';
    const read = await t.http().get('/admin/queues/api/queues').set('Cookie', jar);
    expect(read.status).toBe(200);
    // the board's own UI (axios) gets the value as XSRF-TOKEN on its path
    expect(
      ([] as string[])
        .concat(read.headers['set-cookie'] ?? [])
        .some((c) => c.startsWith(`XSRF-TOKEN=${encodeURIComponent(csrf)}`) && c.includes('Path=/admin/queues')),
    ).toBe(true);
    const none = await t.http().put(url).set('Cookie', jar);
    expect(none.status).toBe(403);
    expect(none.body.message).toContain('CSRF');
    expect((await t.http().put(url).set('Cookie', jar).set('x-csrf-token', 'forged')).status).toBe(403);
    expect((await t.http().post('/admin/queues/api/queues/follow-up/pause').set('Cookie', jar)).status).toBe(403);
    expect((await t.http().put(url).set('Cookie', jar).set('x-csrf-token', csrf)).status).not.toBe(403);
    expect((await t.http().put(url).set('Cookie', jar).set('x-xsrf-token', csrf)).status).not.toBe(403);
    expect((await t.as(org.users.office.token).put(url)).status).not.toBe(403);
  });

  it('the weekly bulletin goes out by e-mail with its workbook, once per recipient however often it runs', async () => {
    const bulletinMails = () => mails.filter((m) => m.raw.includes(XLSX_MIME));
    const first = await office().post('/api/v1/reports/bulletins').expect(200);
    await drain();
    const recipients = [`${org.users.leadership.username}@example.cn`, `${org.users.office.username}@example.cn`].sort();
    expect(
      bulletinMails()
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(recipients);
    for (const m of bulletinMails()) {
      expect(m.raw).toMatch(/Content-Disposition: attachment/i);
      expect(m.raw).toMatch(/X-Rectify-Delivery: [0-9a-f-]{36}/i);
    }
    await office().post('/api/v1/reports/bulletins').expect(200);
    await drain();
    expect(
      bulletinMails()
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(recipients);
    const rows = await t.dataSource.query(
      `SELECT d.channel, d.status, count(*)::int AS n FROM notification_deliveries d WHERE d.message_id IS NOT NULL GROUP BY 1, 2`,
    );
    expect(rows).toEqual([{ channel: 'email', status: 'delivered', n: 2 }]);
    // the inbox copy is still the reports module's own (one per week)
    const inboxCopies = (await inbox(org.users.leadership.token)).filter((n) => n.title === first.body.title);
    expect(inboxCopies).toHaveLength(1);
  });

  it('the sweep’s long-term arm can use idx_items_open_long_term', async () => {
    const plan = await t.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL enable_seqscan = off`);
      const rows: { 'QUERY PLAN': string }[] = await m.query(
        `EXPLAIN SELECT i.id, i.deadline, i.deadline_version, i.owner_id, i.responsible_unit_id FROM rectification_items i
          WHERE i.status IN ('pending', 'in_progress') AND i.rectification_type = 'long_term'`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('idx_items_open_long_term');
  });
});
