import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** 17:00Z on Sunday 2026-07-05 is 01:00 on Monday 2026-07-06 in Asia/Shanghai (July has no holidays). */
const NOW = '2026-07-05T17:00:00Z';
/** The same hour on another Shanghai day. */
const at = (day: string) => `${new Date(Date.parse(`${day}T01:00:00+08:00`)).toISOString()}`;

describe('follow-up: a ladder on record (cumulative, one level at a time, failures, 督办单 replies)', () => {
  let t: TestApp;
  let org: Org;
  let ids: Record<string, string>;
  let unitC: string;

  const office = () => t.as(org.users.office.token);
  const sweep = async () => {
    const res = await office().post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(res.body.pending).toBe(0);
  };
  const escalations = async (key: string) =>
    (
      await t.dataSource.query(
        `SELECT l.level, l.status, l.recipients, l.unreached_roles, l.remaining_days, to_char(l.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day
           FROM reminder_ledger l WHERE l.item_id = $1 AND l.kind = 'escalation' ORDER BY l.level`,
        [ids[key]],
      )
    ).map((r: { level: number; status: string; recipients: string[]; unreached_roles: string[]; remaining_days: number; day: string }) => ({
      ...r,
      recipients: [...r.recipients].sort(),
    }));
  const notices = async (key: string) =>
    t.dataSource.query<{ id: string; number: string; reply_due: string; manual: boolean }[]>(
      `SELECT id, number, to_char(reply_due, 'YYYY-MM-DD') AS reply_due, manual FROM supervision_notices WHERE item_id = $1 ORDER BY seq`,
      [ids[key]],
    );
  const board = async () => (await office().get('/api/v1/follow-up/board').expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const admin = t.as(org.adminToken);
    unitC = (await admin.post('/api/v1/units').send({ code: 'C', name: '丙单位' }).expect(201)).body.id;
    const spec: [string, string, string, string | null][] = [
      ['old', '2025-09-09', org.units.a, org.users.staffA.id], // backfilled 300 days late
      ['oldB', '2025-09-09', org.units.b, org.users.staffB.id],
      ['manual', '2026-06-26', org.units.a, org.users.staffA.id],
      ['nobody', '2026-06-30', unitC, null],
    ];
    const made = await seedItems(
      t.dataSource,
      spec.map(([title, deadline, unitId, ownerId]) => ({ title, deadline, unitId, ownerId })),
    );
    ids = Object.fromEntries(spec.map(([k], i) => [k, made[i]]));
  });
  afterAll(async () => {
    await t?.close();
  });

  const u = () => org.users;

  it('an item 300 days late climbs one level per sweep, at least 3 working days at each, recipients cumulative', async () => {
    await sweep(); // Monday 07-06
    expect(await escalations('old')).toEqual([
      {
        level: 1,
        status: 'sent',
        recipients: [u().managerA.id, u().staffA.id].sort(),
        unreached_roles: [],
        remaining_days: -300,
        day: '2026-07-06',
      },
    ]);
    await sweep();
    t.clock.set(at('2026-07-08')); // two working days later: stays
    await sweep();
    expect(await escalations('old')).toHaveLength(1);

    t.clock.set(at('2026-07-09')); // three working days at level 1: 督办单
    // The office's manual 督办 comes first on 'manual' (at level 1 since Monday): the sweep issues no second 督办单 today.
    const chase = await office().post(`/api/v1/items/${ids.manual}/chase`).send({ kind: 'supervise' });
    expect(chase.status).toBe(201);
    await sweep();
    const l2 = await escalations('old');
    expect(l2.map((e: { level: number }) => e.level)).toEqual([1, 2]);
    expect(l2[1].recipients).toEqual([u().managerA.id, u().office.id, u().staffA.id].sort());
    expect(await notices('old')).toMatchObject([{ reply_due: '2026-07-16', manual: false }]);
    expect(await notices('manual')).toHaveLength(1);
    expect((await escalations('manual')).map((e: { level: number }) => e.level)).toEqual([1]);

    t.clock.set(at('2026-07-13')); // Friday + Monday: two working days at level 2
    await sweep();
    expect(await escalations('old')).toHaveLength(2);
    t.clock.set(at('2026-07-14'));
    await sweep();
    const l3 = await escalations('old');
    expect(l3.map((e: { level: number }) => e.level)).toEqual([1, 2, 3]);
    expect(l3[2].recipients).toEqual([u().managerA.id, u().office.id, u().staffA.id, u().leadership.id].sort());
    expect(l3[2].remaining_days).toBe(-308);
    const inbox = (await t.as(u().leadership.token).get('/api/v1/notifications').expect(200)).body.data;
    expect(inbox.some((m: { body: string }) => m.body.includes('已逾期308天') && m.body.includes('约谈'))).toBe(true);
  });

  it('nobody to notify is a failure on record, on /follow-up/failures and the office board', async () => {
    const [first] = await escalations('nobody');
    expect(first).toMatchObject({ level: 1, status: 'failed', recipients: [] });
    expect([...first.unreached_roles].sort()).toEqual(['owner', 'unit_manager']);
    const failures = (await office().get('/api/v1/follow-up/failures?pageSize=50').expect(200)).body;
    const rows = failures.data.filter(
      (f: { type: string; itemIds: string[] }) => f.type === 'recipients' && f.itemIds.includes(ids.nobody),
    );
    // Level 1 reached nobody; level 2 reached the office, but still no one of the unit.
    expect(rows.map((r: { level: number }) => r.level).sort()).toEqual([1, 2]);
    const level1 = rows.find((r: { level: number }) => r.level === 1);
    expect(level1.lastError).toBe('没有可通知的人（责任人、单位负责人均无在用账号），未能发出');
    expect(rows.find((r: { level: number }) => r.level === 2).lastError).toBe('责任人、单位负责人无在用账号，未能通知到');
    expect((await board()).failures).toBeGreaterThanOrEqual(1);
  });

  it('a 督办单 is answered by its unit’s manager; an unanswered one past its deadline is chased and counted', async () => {
    const [noticeA] = await notices('old');
    const [noticeB] = await notices('oldB');
    expect(noticeB.reply_due).toBe('2026-07-16');
    expect((await board()).noticesOverdue).toBe(0);

    const reply = (token: string, id = noticeA.id, text = '已召开专题会议，制定整改计划，月底前完成') =>
      t.as(token).post(`/api/v1/supervision-notices/${id}/reply`).send({ text });
    expect((await reply(u().managerB.token)).status).toBe(404);
    expect((await reply(u().office.token)).status).toBe(403);
    expect((await reply(u().managerA.token, noticeA.id, '   ')).status).toBe(400);
    const ok = await reply(u().managerA.token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ number: noticeA.number, replyText: '已召开专题会议，制定整改计划，月底前完成' });
    expect((await reply(u().managerA.token)).status).toBe(409);

    // The office is told of the reply, with its text, through the one ledger (every active office account).
    const offices: { id: string }[] = await t.dataSource.query(`SELECT id FROM users WHERE role = 'office' AND active ORDER BY id`);
    const told: { recipients: string[]; note: string }[] = await t.dataSource.query(
      `SELECT recipients, note FROM reminder_ledger WHERE item_id = $1 AND kind = 'decision_reply'`,
      [ids.old],
    );
    expect(told).toEqual([
      { recipients: offices.map((o) => o.id), note: `${noticeA.number}，回复内容：已召开专题会议，制定整改计划，月底前完成` },
    ]);

    // A unit manager lists the 督办单 of his own unit only (to read what he must answer); staff may not.
    const listed = async (token: string) =>
      (await t.as(token).get('/api/v1/follow-up/supervision-notices?pageSize=100').expect(200)).body as {
        total: number;
        data: { id: string; unitId: string; replyText: string | null }[];
      };
    const ofA = await listed(u().managerA.token);
    expect(ofA.data.length).toBeGreaterThan(0);
    expect(ofA.total).toBe(ofA.data.length);
    expect(ofA.data.every((n) => n.unitId === org.units.a)).toBe(true);
    expect(ofA.data.find((n) => n.id === noticeA.id)?.replyText).toBe('已召开专题会议，制定整改计划，月底前完成');
    const ofB = await listed(u().managerB.token);
    expect(ofB.data.map((n) => n.id)).toEqual([noticeB.id]);
    expect((await listed(u().office.token)).total).toBe(ofA.total + ofB.total + (await notices('nobody')).length);
    expect((await t.as(u().staffA.token).get('/api/v1/follow-up/supervision-notices')).status).toBe(403);

    // replied=true|false filters on the server, inside the same scope; anything else is refused.
    const filtered = async (token: string, replied: string) =>
      (await t.as(token).get(`/api/v1/follow-up/supervision-notices?pageSize=100&replied=${replied}`).expect(200)).body as {
        total: number;
        data: { id: string; unitId: string; repliedAt: string | null }[];
      };
    const aReplied = await filtered(u().managerA.token, 'true');
    expect(aReplied.data.map((n) => n.id)).toEqual([noticeA.id]);
    expect(aReplied.total).toBe(1);
    const aOpen = await filtered(u().managerA.token, 'false');
    expect(aOpen.total).toBe(ofA.total - 1);
    expect(aOpen.data.every((n) => n.unitId === org.units.a && n.repliedAt === null)).toBe(true);
    expect((await filtered(u().managerB.token, 'true')).data).toEqual([]);
    expect((await filtered(u().managerB.token, 'false')).data.map((n) => n.id)).toEqual([noticeB.id]);
    const officeOpen = await filtered(u().office.token, 'false');
    expect(officeOpen.data.map((n) => n.id)).not.toContain(noticeA.id);
    expect(officeOpen.total).toBe((await listed(u().office.token)).total - 1);
    expect((await filtered(u().office.token, 'true')).data.map((n) => n.id)).toEqual([noticeA.id]);
    for (const bad of ['yes', '1', '']) {
      const res = await office().get(`/api/v1/follow-up/supervision-notices?replied=${bad}`);
      expect(res.status).toBe(400);
    }

    t.clock.set(at('2026-07-17')); // past the reply deadline (07-16)
    await sweep();
    const chases: { item_id: string; recipients: string[]; note: string; status: string }[] = await t.dataSource.query(
      `SELECT item_id, recipients, note, status FROM reminder_ledger WHERE kind = 'notice_chase'`,
    );
    // Every unanswered notice is chased (oldB's, the manual one's, unit C's — to nobody: a failure); the answered one is not.
    expect(chases.map((c) => c.item_id).sort()).toEqual([ids.oldB, ids.manual, ids.nobody].sort());
    expect(chases.find((c) => c.item_id === ids.oldB)).toMatchObject({
      recipients: [u().managerB.id],
      note: `${noticeB.number}（回复期限2026-07-16）`,
      status: 'sent',
    });
    expect(chases.find((c) => c.item_id === ids.nobody)).toMatchObject({ recipients: [], status: 'failed' });
    const inboxB = (await t.as(u().managerB.token).get('/api/v1/notifications').expect(200)).body.data;
    expect(
      inboxB.some((m: { title: string; body: string }) => m.title.startsWith('【督办单催复】') && m.body.includes(noticeB.number)),
    ).toBe(true);
    const officeInbox = (await office().get('/api/v1/notifications?pageSize=50').expect(200)).body.data;
    expect(
      officeInbox.some(
        (m: { title: string; body: string }) =>
          m.title.startsWith('【督办单回复】') && m.body.includes('已召开专题会议，制定整改计划，月底前完成'),
      ),
    ).toBe(true);
    const b = await board();
    expect(b.noticesOverdue).toBe(3);
    await sweep(); // chased once
    expect(await t.dataSource.query(`SELECT 1 FROM reminder_ledger WHERE kind = 'notice_chase'`)).toHaveLength(3);
  });
});
