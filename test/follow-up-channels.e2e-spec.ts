import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { seedOrg, type Org } from './support/org.js';
import { seedItems } from './support/items.js';
import { mailParts, startSmtpServer, type Mail } from './support/smtp.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Hook {
  path: string;
  query: URLSearchParams;
  delivery: string;
  signature: string;
  body: string;
  content: string;
}

/**
 * Units' own group robots (DingTalk 加签, WeCom key), the office robot, e-mail over SMTP: a local
 * receiver on 127.0.0.1 checks every DingTalk signature as DingTalk does and records what each
 * robot was sent, so that a unit's group is seen to receive only its own items.
 */
describe('follow-up channels: units’ robots, the office robot and e-mail, retried until delivered exactly once', () => {
  let t: TestApp;
  let org: Org;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let hookServer: Server;
  let base: string;
  let mails: Mail[] = [];
  const hooks: Hook[] = [];
  const badSignatures: string[] = [];
  const failuresLeft = new Map<string, number>();
  let mode: 'flaky' | 'ok' | 'down' = 'flaky';
  const OFFICE_SECRET = 'SECoffice-robot-secret-0001';
  const SECRET_A = 'SECunit-a-robot-secret-0002';
  /** Which secret signs each DingTalk robot's path. */
  const dingtalkSecrets: Record<string, string> = { '/office': OFFICE_SECRET, '/robot-a': SECRET_A };

  const put = (unitId: string, body: object) => t.as(org.users.office.token).put(`/api/v1/units/${unitId}/webhook`).send(body);
  const to = (path: string) => hooks.filter((h) => h.path === path);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mails = smtp.mails;
    hookServer = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const secret = dingtalkSecrets[url.pathname];
        if (secret) {
          // DingTalk: sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))).
          const ts = url.searchParams.get('timestamp') ?? '';
          const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
          const rawSign = /[?&]sign=([^&]*)/.exec(req.url ?? '')?.[1] ?? '';
          if (!/^\d{13}$/.test(ts) || decodeURIComponent(rawSign) !== expected || rawSign.includes('+') || rawSign.includes('/')) {
            badSignatures.push(req.url ?? '');
            res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":310000,"errmsg":"sign not match"}');
            return;
          }
        }
        const id = String(req.headers['x-rectify-delivery']);
        const left = failuresLeft.get(id) ?? 3; // in flaky mode each delivery fails three times, then succeeds
        if (mode === 'down' || (mode === 'flaky' && left > 0)) {
          failuresLeft.set(id, left - 1);
          res.writeHead(503).end('busy');
          return;
        }
        const msg = JSON.parse(body) as { text?: { content?: string } };
        hooks.push({
          path: url.pathname,
          query: url.searchParams,
          delivery: id,
          signature: String(req.headers['x-rectify-signature']),
          body,
          content: msg.text?.content ?? '',
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}`;
    t = await startTestApp({
      role: 'all',
      now: '2026-06-15T02:00:00Z',
      env: {
        FOLLOW_UP_SCHEDULE_ENABLED: 'false',
        SMTP_URL: smtp.url,
        SMTP_FROM: '整改督办 <dubang@example.cn>',
        WEBHOOK_URL: `${base}/office?access_token=office-token`,
        WEBHOOK_SECRET: OFFICE_SECRET,
        WEBHOOK_FORMAT: 'dingtalk',
        SECRETS_KEY: 'c0ffee'.repeat(10) + 'c0ffee00'.slice(0, 4),
        FOLLOW_UP_BACKOFF_MS: '50',
        FOLLOW_UP_DELIVERY_ATTEMPTS: '5',
        // The ladder climbs one level per sweep; no wait between levels, so three sweeps reach 约谈.
        ESCALATION_MIN_WORKING_DAYS: '0',
      },
    });
    org = await seedOrg(t);
    await t.dataSource.query(`UPDATE users SET email = username || '@example.cn'`);
    expect((await put(org.units.a, { url: `${base}/robot-a?access_token=unit-a-token`, secret: SECRET_A, style: 'dingtalk' })).status).toBe(
      200,
    );
    expect((await put(org.units.b, { url: `${base}/robot-b?key=unit-b-key`, style: 'wecom' })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await new Promise<void>((r) => hookServer.close(() => r()));
  });

  it('keeps a robot’s secret encrypted and never shows it; only admin and office configure robots', async () => {
    const got = await t.as(org.users.office.token).get(`/api/v1/units/${org.units.a}/webhook`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ unitId: org.units.a, style: 'dingtalk', hasSecret: true });
    expect(got.body).not.toHaveProperty('secret');
    expect(JSON.stringify(got.body)).not.toContain(SECRET_A);
    expect(got.body.url).not.toContain('unit-a-token'); // the access token is a credential too
    expect((await t.as(org.users.office.token).get(`/api/v1/units/${org.units.b}/webhook`)).body).toMatchObject({ hasSecret: false });

    const [row] = await t.dataSource.query(`SELECT secret_cipher FROM unit_webhooks WHERE unit_id = $1`, [org.units.a]);
    expect(Buffer.isBuffer(row.secret_cipher)).toBe(true);
    expect(row.secret_cipher.toString('latin1')).not.toContain(SECRET_A);
    const audit: { text: string }[] = await t.dataSource.query(
      `SELECT row_to_json(a)::text AS text FROM audit_entries a WHERE action LIKE 'unit.webhook%'`,
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => !a.text.includes(SECRET_A) && !a.text.includes('unit-b-key'))).toBe(true);

    // Refused requests write nothing.
    const before = await t.dataSource.query(`SELECT unit_id, url, style FROM unit_webhooks ORDER BY unit_id`);
    for (const bad of [
      { url: 'ftp://127.0.0.1/robot', style: 'generic' },
      { url: 'javascript:alert(1)', style: 'generic' },
      { url: `${base}/robot-b`, style: 'wecom' }, // WeCom without ?key=
      { url: `${base}/robot-b?key=k`, style: 'wecom', secret: 'SECnot-used-by-wecom' },
      { url: `${base}/x`, style: 'slack' },
      { url: `${base}/x`, style: 'generic', secret: 'short' },
    ]) {
      const res = await put(org.units.a1, bad);
      expect([res.status, res.body.code]).toEqual([400, expect.stringMatching(/VALIDATION_FAILED|BAD_REQUEST/)]);
    }
    expect(
      (
        await t
          .as(org.users.managerA.token)
          .put(`/api/v1/units/${org.units.a}/webhook`)
          .send({ url: `${base}/x`, style: 'generic' })
      ).status,
    ).toBe(403);
    expect((await t.as(org.users.managerA.token).get(`/api/v1/units/${org.units.a}/webhook`)).status).toBe(403);
    expect((await put('00000000-0000-4000-8000-000000000000', { url: `${base}/x`, style: 'generic' })).status).toBe(404);
    expect(await t.dataSource.query(`SELECT unit_id, url, style FROM unit_webhooks ORDER BY unit_id`)).toEqual(before);

    // A PUT without `secret` keeps it (the client never had it); DELETE removes the robot.
    expect((await put(org.units.a, { url: `${base}/robot-a?access_token=unit-a-token`, style: 'dingtalk' })).body.hasSecret).toBe(true);
    expect((await put(org.units.a1, { url: `${base}/robot-a1`, style: 'generic' })).status).toBe(200);
    expect((await t.as(org.users.office.token).delete(`/api/v1/units/${org.units.a1}/webhook`)).status).toBe(204);
    expect((await t.as(org.users.office.token).get(`/api/v1/units/${org.units.a1}/webhook`)).status).toBe(404);
  });

  it('delivers what the ledger says over every channel; a robot failing three times gets exactly one delivery, signed', async () => {
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

    // Unit A's robot got exactly one accepted POST per webhook delivery row, each with a valid 加签.
    expect(badSignatures).toEqual([]);
    expect(
      to('/robot-a')
        .map((h) => h.delivery)
        .sort(),
    ).toEqual(webhookRows.map((d) => d.id).sort());
    for (const h of to('/robot-a')) {
      expect(h.query.get('access_token')).toBe('unit-a-token');
      const msg = JSON.parse(h.body);
      expect(msg.msgtype).toBe('text');
      expect(msg.text.content).toContain('制度修订');
      expect(msg.text.content).toContain('已逾期1天');
    }

    // The SMTP server got one mail per e-mail delivery row, to the recipient's address, text and HTML.
    const emailRows = deliveries.filter((d) => d.channel === 'email');
    expect(mails.map((m) => m.to[0]).sort()).toEqual(emailRows.map((d) => d.email).sort());
    expect(mails.every((m) => /X-Rectify-Delivery: [0-9a-f-]{36}/i.test(m.raw))).toBe(true);
    for (const m of mails) {
      const parts = mailParts(m.raw);
      expect(parts.multipartType).toBe('alternative');
      expect(parts.text).toContain('制度修订');
      expect(parts.html).toContain('<p');
      expect(parts.html).toContain('制度修订');
    }

    // Ledger: each item's reminder recorded once, marked sent.
    const ledger: { kind: string; status: string }[] = await t.dataSource.query(`SELECT kind, status FROM reminder_ledger ORDER BY kind`);
    expect(ledger).toEqual([
      { kind: 'escalation', status: 'sent' },
      { kind: 'reminder', status: 'sent' },
    ]);
  });

  it('sends a unit’s robot only that unit’s items (a sub-unit without a robot uses its parent’s) and the office robot counts only', async () => {
    mode = 'ok';
    hooks.length = 0;
    const u = org.users;
    await t.dataSource.query(`UPDATE users SET unit_id = $1 WHERE id = $2`, [org.units.a1, u.inspector.id]); // an owner in A1
    await seedItems(t.dataSource, [
      { title: '甲单位公车管理', unitId: org.units.a, ownerId: u.staffA.id, deadline: '2026-06-22' }, // 7 days before
      { title: '甲科室经费报销', unitId: org.units.a1, ownerId: u.inspector.id, deadline: '2026-06-18' }, // 3 days before
      { title: '乙单位食堂采购', unitId: org.units.b, ownerId: u.staffB.id, deadline: '2026-06-08' }, // 7 days late: 督办单, + office
      { title: '乙单位档案清理', unitId: org.units.b, ownerId: u.staffB.id, deadline: '2026-05-31' }, // 15 days late: leadership
      // B's item with an owner seconded from A: in staffA's digest, yet never in A's group.
      { title: '乙单位借调核查', unitId: org.units.b, ownerId: u.staffA.id, deadline: '2026-06-22' },
    ]);
    // One level per sweep: 催办, then 督办单 (+ office), then 约谈 (+ leadership) for the item 15 days late.
    for (let i = 0; i < 3; i++) {
      const res = await t.as(u.office.token).post('/api/v1/follow-up/sweep?wait=true');
      expect(res.status).toBe(200);
      expect(res.body.failed ?? 0).toBe(0);
    }
    expect(badSignatures).toEqual([]);

    const aTitles = ['甲单位公车管理', '甲科室经费报销'];
    const bTitles = ['乙单位食堂采购', '乙单位档案清理', '乙单位借调核查'];
    const robotA = to('/robot-a')
      .map((h) => h.content)
      .join('\n');
    const robotB = to('/robot-b')
      .map((h) => h.content)
      .join('\n');
    expect(to('/robot-a').length).toBeGreaterThan(0);
    expect(to('/robot-b').length).toBeGreaterThan(0);
    for (const title of aTitles) expect(robotA).toContain(title);
    for (const title of bTitles) expect(robotA).not.toContain(title);
    expect(robotA).not.toContain('乙单位');
    for (const title of ['乙单位食堂采购', '乙单位借调核查']) expect(robotB).toContain(title);
    for (const title of aTitles) expect(robotB).not.toContain(title);
    expect(robotB).not.toContain('甲单位');
    // WeCom: the key rides in the URL; no DingTalk signature parameters.
    for (const h of to('/robot-b')) {
      expect(h.query.get('key')).toBe('unit-b-key');
      expect(h.query.has('sign')).toBe(false);
    }

    // The office robot: one message per office / leadership recipient and sweep — the office at level 2
    // (second sweep) and 3 (third), leadership at level 3 — counts and levels, no item or unit text.
    const office = to('/office');
    expect(office.length).toBe(3);
    const officeText = office.map((h) => h.body).join('\n');
    for (const name of [...aTitles, ...bTitles, '甲单位', '乙单位', '下属科室']) expect(officeText).not.toContain(name);
    expect(officeText).toContain('逾期第2级督办');
    expect(officeText).toContain('逾期第3级督办');
    expect(office.every((h) => JSON.parse(h.body).msgtype === 'text')).toBe(true);

    // The recipients' inboxes still hold the full digests.
    const officeInbox: { body: string }[] = await t.dataSource.query(
      `SELECT n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'office1'`,
    );
    expect(officeInbox.some((n) => n.body.includes('乙单位食堂采购'))).toBe(true);
    const staffInbox: { body: string }[] = await t.dataSource.query(
      `SELECT n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'staffA'`,
    );
    expect(staffInbox.some((n) => n.body.includes('乙单位借调核查'))).toBe(true);
  });

  it('a sub-unit with a robot of its own gets its items there, not in the parent’s group; a generic robot’s body is signed', async () => {
    hooks.length = 0;
    const A1_SECRET = 'generic-robot-secret-a1';
    expect((await put(org.units.a1, { url: `${base}/robot-a1`, secret: A1_SECRET, style: 'generic' })).status).toBe(200);
    await seedItems(t.dataSource, [
      { title: '甲科室档案数字化', unitId: org.units.a1, ownerId: org.users.managerA1.id, deadline: '2026-06-16' },
    ]);
    const res = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    const a1 = to('/robot-a1');
    expect(a1).toHaveLength(1); // managerA1 is both owner and unit manager: one digest
    expect(a1[0].signature).toBe(`sha256=${createHmac('sha256', A1_SECRET).update(a1[0].body).digest('hex')}`);
    const msg = JSON.parse(a1[0].body);
    expect(msg).toMatchObject({ type: 'rectify.follow-up.digest', recipient: { username: 'managerA1' } });
    expect(msg.text).toContain('甲科室档案数字化');
    expect(
      to('/robot-a')
        .map((h) => h.content)
        .join(''),
    ).not.toContain('甲科室档案数字化');
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
    expect(JSON.stringify(failures.body)).not.toContain('unit-b-key');
    expect((await t.as(org.users.managerB.token).get('/api/v1/follow-up/failures')).status).toBe(403);
    // A later sweep does not retry a failed delivery by itself, nor doubles the others.
    const again = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(again.body).toMatchObject({ enqueued: 0, requeued: 0 });
  });
});
