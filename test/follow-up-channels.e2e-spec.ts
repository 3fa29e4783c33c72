import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { seedOrg, type Org } from './support/org.js';
import { seedItems } from './support/items.js';
import { startSmtpServer, type Mail } from './support/smtp.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Hook {
  delivery: string;
  signature: string;
  body: string;
}

describe('follow-up channels: e-mail over SMTP and a signed webhook, retried until delivered exactly once', () => {
  let t: TestApp;
  let org: Org;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let hookServer: Server;
  let mails: Mail[] = [];
  const hooks: Hook[] = [];
  const failuresLeft = new Map<string, number>();
  let mode: 'flaky' | 'down' = 'flaky';
  const SECRET = 'webhook-secret-123';

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mails = smtp.mails;
    hookServer = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const id = String(req.headers['x-rectify-delivery']);
        const left = failuresLeft.get(id) ?? 3; // each delivery fails three times, then succeeds
        if (mode === 'down' || left > 0) {
          failuresLeft.set(id, left - 1);
          res.writeHead(503).end('busy');
          return;
        }
        hooks.push({ delivery: id, signature: String(req.headers['x-rectify-signature']), body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    const hookPort = (hookServer.address() as { port: number }).port;
    t = await startTestApp({
      role: 'all',
      now: '2026-06-15T02:00:00Z',
      env: {
        FOLLOW_UP_SCHEDULE_ENABLED: 'false',
        SMTP_URL: smtp.url,
        SMTP_FROM: '整改督办 <dubang@example.cn>',
        WEBHOOK_URL: `http://127.0.0.1:${hookPort}/robot`,
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_FORMAT: 'dingtalk',
        FOLLOW_UP_BACKOFF_MS: '50',
        FOLLOW_UP_DELIVERY_ATTEMPTS: '5',
      },
    });
    org = await seedOrg(t);
    await t.dataSource.query(`UPDATE users SET email = username || '@example.cn'`);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await new Promise<void>((r) => hookServer.close(() => r()));
  });

  it('delivers what the ledger says over every channel; a receiver failing three times gets exactly one delivery', async () => {
    const u = org.users;
    await seedItems(t.dataSource, [
      { title: '制度修订', unitId: org.units.a, ownerId: u.staffA.id, deadline: '2026-06-18' },
      { title: '台账整理', unitId: org.units.a, ownerId: u.staffA.id, deadline: '2026-06-14' },
    ]);
    const res = await t.as(u.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    // Two recipients (staffA, managerA) × three channels.
    expect(res.body).toMatchObject({ enqueued: 6, delivered: 6 });

    const deliveries: { id: string; channel: string; attempts: number; status: string; username: string; email: string }[] =
      await t.dataSource.query(
        `SELECT d.id, d.channel, d.attempts, d.status, u.username, u.email FROM notification_deliveries d JOIN users u ON u.id = d.user_id`,
      );
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
    const webhookRows = deliveries.filter((d) => d.channel === 'webhook');
    expect(webhookRows.map((d) => d.attempts)).toEqual([4, 4]);

    // The webhook receiver got exactly one successful POST per webhook delivery row, signed.
    expect(hooks.map((h) => h.delivery).sort()).toEqual(webhookRows.map((d) => d.id).sort());
    for (const h of hooks) {
      expect(h.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(h.body).digest('hex')}`);
      const msg = JSON.parse(h.body);
      expect(msg.msgtype).toBe('text');
      expect(msg.text.content).toContain('制度修订');
      expect(msg.text.content).toContain('已逾期1天');
    }

    // The SMTP server got one mail per e-mail delivery row, to the recipient's address.
    const emailRows = deliveries.filter((d) => d.channel === 'email');
    expect(mails.map((m) => m.to[0]).sort()).toEqual(emailRows.map((d) => d.email).sort());
    expect(mails.every((m) => /X-Rectify-Delivery: [0-9a-f-]{36}/i.test(m.raw))).toBe(true);

    // Ledger: each item's reminder recorded once, marked sent.
    const ledger: { kind: string; status: string }[] = await t.dataSource.query(`SELECT kind, status FROM reminder_ledger ORDER BY kind`);
    expect(ledger).toEqual([
      { kind: 'escalation', status: 'sent' },
      { kind: 'reminder', status: 'sent' },
    ]);
  });

  it('records a delivery that fails for good and shows it to the office', async () => {
    mode = 'down';
    await seedItems(t.dataSource, [{ title: '长期失败', unitId: org.units.b, ownerId: org.users.staffB.id, deadline: '2026-06-15' }]);
    const res = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enqueued: 6, delivered: 4, failed: 2 });
    const failures = await t.as(org.users.office.token).get('/api/v1/follow-up/failures');
    expect(failures.status).toBe(200);
    expect(failures.body.total).toBe(2);
    expect(failures.body.data[0]).toMatchObject({ channel: 'webhook', attempts: 5, lastError: 'webhook answered HTTP 503' });
    expect((await t.as(org.users.managerB.token).get('/api/v1/follow-up/failures')).status).toBe(403);
    // A later sweep does not retry a failed delivery by itself, nor doubles the others.
    const again = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(again.body).toMatchObject({ enqueued: 0, requeued: 0 });
  });
});
