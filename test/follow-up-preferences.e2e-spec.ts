import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeliveryService } from '../src/modules/follow-up/delivery.service.js';
import { FollowUpMessagesService } from '../src/modules/follow-up/messages.service.js';
import { seedOrg, type Org } from './support/org.js';
import { seedItems } from './support/items.js';
import { mailParts, startSmtpServer } from './support/smtp.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ALL = ['inbox', 'email', 'webhook'];

/** Each user's channels per kind, honoured by every delivery path; e-mail in Chinese, text and HTML. */
describe('notification preferences', () => {
  let t: TestApp;
  let org: Org;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  const mailsTo = (username: string) => smtp.mails.filter((m) => m.to[0] === `${username}@example.cn`).map((m) => mailParts(m.raw));
  const deliveriesOf = async (username: string, channel: string): Promise<number> =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM notification_deliveries d JOIN users u ON u.id = d.user_id WHERE u.username = $1 AND d.channel = $2`,
        [username, channel],
      )
    )[0].n;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // No SECRETS_KEY here: robots without a secret work, a secret cannot be saved.
    t = await startTestApp({ role: 'all', now: '2026-06-15T02:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false', SMTP_URL: smtp.url } });
    org = await seedOrg(t);
    await t.dataSource.query(`UPDATE users SET email = username || '@example.cn'`);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('starts with every channel for every kind and refuses a list without the inbox, writing nothing', async () => {
    const me = t.as(org.users.staffA.token);
    const got = await me.get('/api/v1/me/notification-preferences');
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ reminder: ALL, escalation: ALL, decision: ALL, bulletin: ALL });
    const ok = { reminder: ['inbox'], escalation: ['inbox'], decision: ['inbox'], bulletin: ['inbox'] };
    for (const bad of [
      { ...ok, reminder: ['email'] },
      { ...ok, escalation: [] },
      { ...ok, decision: ['inbox', 'sms'] },
      { ...ok, bulletin: ['inbox', 'inbox'] },
      { reminder: ['inbox'], escalation: ['inbox'], decision: ['inbox'] },
      { ...ok, bulletin: 'inbox' },
      { ...ok, extra: ['inbox'] },
    ]) {
      const res = await me.put('/api/v1/me/notification-preferences').send(bad);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const noInbox = await me.put('/api/v1/me/notification-preferences').send({ ...ok, reminder: ['email'] });
    expect(noInbox.body.message + JSON.stringify(noInbox.body.details)).toContain('站内信不可关闭');
    expect(await t.dataSource.query(`SELECT * FROM notification_preferences`)).toEqual([]);
  });

  it('sends e-mail only for the kinds a user chose; the inbox keeps everything; the HTML part is escaped', async () => {
    const u = org.users;
    const put = (token: string, body: object) => t.as(token).put('/api/v1/me/notification-preferences').send(body);
    const a = await put(u.staffA.token, {
      reminder: ['inbox'],
      escalation: ['email', 'inbox'],
      decision: ['inbox', 'email'],
      bulletin: ['inbox'],
    });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ reminder: ['inbox'], escalation: ['inbox', 'email'], decision: ['inbox', 'email'], bulletin: ['inbox'] });
    expect((await t.as(u.staffA.token).get('/api/v1/me/notification-preferences')).body).toEqual(a.body);
    const quiet = { reminder: ['inbox'], escalation: ['inbox'], decision: ['inbox'], bulletin: ['inbox'] };
    expect((await put(u.managerB.token, quiet)).status).toBe(200);

    await seedItems(t.dataSource, [
      { title: '近期提醒事项', unitId: org.units.a, ownerId: u.staffA.id, deadline: '2026-06-18' },
      { title: '逾期<script>alert(1)</script>事项', unitId: org.units.a, ownerId: u.staffA.id, deadline: '2026-06-14' },
      { title: '乙单位提醒', unitId: org.units.b, ownerId: u.staffB.id, deadline: '2026-06-18' },
    ]);
    const res = await t.as(u.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);

    // staffA: an e-mail with the escalation only; managerA (no preferences): both; managerB: no e-mail at all.
    const [staffMail] = mailsTo('staffA');
    expect(mailsTo('staffA')).toHaveLength(1);
    expect(staffMail.text).toContain('逾期<script>alert(1)</script>事项');
    expect(staffMail.text).not.toContain('近期提醒事项');
    expect(staffMail.html).toContain('逾期&lt;script&gt;alert(1)&lt;/script&gt;事项');
    expect(staffMail.html).not.toContain('<script>');
    expect(staffMail.html).toMatch(/<html lang="zh-CN">/);
    expect(staffMail.text).toContain('请勿直接回复');
    const [managerMail] = mailsTo('managerA');
    expect(managerMail.text).toContain('近期提醒事项');
    expect(managerMail.text).toContain('逾期<script>');
    expect(await deliveriesOf('managerB', 'email')).toBe(0);
    expect(mailsTo('managerB')).toHaveLength(0);
    expect(mailsTo('staffB')).toHaveLength(1);

    // The inbox is the record: everything, whatever the preferences.
    const inbox = await t.as(u.staffA.token).get('/api/v1/notifications');
    expect(inbox.body.data[0].body).toContain('近期提醒事项');
    expect(inbox.body.data[0].body).toContain('逾期<script>');
    const managerBInbox = await t.as(u.managerB.token).get('/api/v1/notifications');
    expect(managerBInbox.body.total).toBe(1);
  });

  it('the office’s decisions ask the `decision` kind: no e-mail for a manager who wants decisions in the inbox only', async () => {
    const u = org.users;
    // managerB chose the inbox only for decisions (previous test); staffB saved nothing (every channel).
    const [id] = await seedItems(t.dataSource, [
      { title: '乙单位退回事项', unitId: org.units.b, ownerId: u.staffB.id, deadline: '2026-07-30', status: 'submitted' },
    ]);
    const item = await t.as(u.office.token).get(`/api/v1/items/${id}`);
    const res = await t
      .as(u.office.token)
      .post(`/api/v1/items/${id}/transitions`)
      .send({ action: 'reject', reason: '佐证材料不全', version: item.body.version as number });
    expect(res.status).toBe(200);
    const decisionDeliveries = async (username: string): Promise<string[]> =>
      (
        await t.dataSource.query(
          `SELECT d.channel FROM notification_deliveries d JOIN users u ON u.id = d.user_id
             JOIN reminder_ledger l ON l.id = ANY(d.ledger_ids)
            WHERE u.username = $1 AND l.kind = 'decision_reject' ORDER BY d.channel`,
          [username],
        )
      ).map((r: { channel: string }) => r.channel);
    expect(await decisionDeliveries('managerB')).toEqual(['inbox']);
    expect(await decisionDeliveries('staffB')).toEqual(['email', 'inbox']);
  });

  it('messages ask about their own kind (the weekly bulletin here)', async () => {
    const messages = t.app.get(FollowUpMessagesService);
    await messages.notifyUsers([org.users.staffA.id, org.users.managerA.id], {
      key: 'bulletin:test',
      title: '整改进展通报',
      body: '本周通报',
    });
    expect(await deliveriesOf('staffA', 'email')).toBe(1); // the digest's only; no bulletin e-mail
    expect(await deliveriesOf('managerA', 'email')).toBe(2);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM notification_deliveries d JOIN users u ON u.id = d.user_id
        WHERE u.username = 'staffA' AND d.channel = 'inbox' AND d.message_id IS NOT NULL`,
    );
    expect(n).toBe(1);
  });

  it('a batch that holds the same delivery twice, or several batches racing, write one inbox message', async () => {
    const [ledger] = await t.dataSource.query(`SELECT id, run_id FROM reminder_ledger ORDER BY created_at LIMIT 1`);
    const rows: { id: string }[] = await t.dataSource.query(
      `INSERT INTO notification_deliveries (digest_key, user_id, channel, ledger_ids, run_id, status, attempts, created_at)
       SELECT md5('race:' || n), $1, 'inbox', ARRAY[$2::uuid], $3, 'pending', 0, now() FROM generate_series(1, 2) n RETURNING id`,
      [org.users.leadership.id, ledger.id, ledger.run_id],
    );
    const deliveries = t.app.get(DeliveryService);
    // Not enqueued: only these calls deliver them. Same ids at once (one batch) and again after.
    const first = await Promise.all([...rows, ...rows, ...rows].map((r) => deliveries.deliver(r.id, false)));
    const again = await Promise.all(rows.map((r) => deliveries.deliver(r.id, false)));
    expect(first.filter((r) => r === 'delivered')).toHaveLength(2);
    expect(again).toEqual(['skipped', 'skipped']);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE digest_key IN (md5('race:1'), md5('race:2'))`,
    );
    expect(n).toBe(2);
    const status = await t.dataSource.query(`SELECT DISTINCT status, attempts FROM notification_deliveries WHERE id = ANY($1::uuid[])`, [
      rows.map((r) => r.id),
    ]);
    expect(status).toEqual([{ status: 'delivered', attempts: 1 }]);
  });

  it('refuses to store a robot secret without SECRETS_KEY (naming it) and stores a robot without one', async () => {
    const office = t.as(org.users.office.token);
    const res = await office
      .put(`/api/v1/units/${org.units.a}/webhook`)
      .send({ url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: 'SECsome-secret', style: 'dingtalk' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('SECRETS_KEY');
    expect(await t.dataSource.query(`SELECT * FROM unit_webhooks`)).toEqual([]);
    const plain = await office
      .put(`/api/v1/units/${org.units.a}/webhook`)
      .send({ url: 'https://oapi.dingtalk.com/robot/send?access_token=x', style: 'dingtalk' });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ style: 'dingtalk', hasSecret: false });
  });
});
