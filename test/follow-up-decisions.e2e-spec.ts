import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org, type OrgUser } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** 20:00Z on Monday 2026-06-15 is 04:00 on Tuesday the 16th in Asia/Shanghai. */
const NOW = '2026-06-15T20:00:00Z';

interface Message {
  title: string;
  body: string;
  itemIds: string[];
}

describe('follow-up: decisions reach the unit (退回, 销号, extensions, owners) in the decision’s transaction', () => {
  let t: TestApp;
  let org: Org;
  let ids: Record<string, string>;

  const office = () => t.as(org.users.office.token);
  const drain = async () => {
    const res = await office().post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(res.body.pending).toBe(0);
  };
  const inbox = async (u: OrgUser) => (await t.as(u.token).get('/api/v1/notifications?pageSize=50').expect(200)).body.data as Message[];
  const about = async (u: OrgUser, key: string, title: string) =>
    (await inbox(u)).filter((m) => m.itemIds.includes(ids[key]) && m.title.startsWith(title));
  const decisionRows = async (key: string) =>
    t.dataSource.query<{ kind: string; note: string | null; recipients: string[] }[]>(
      `SELECT kind, note, recipients FROM reminder_ledger WHERE item_id = $1 AND kind LIKE 'decision_%'`,
      [ids[key]],
    );
  const version = async (key: string) => (await office().get(`/api/v1/items/${ids[key]}`).expect(200)).body.version as number;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    const a = org.units.a;
    const staff = org.users.staffA.id;
    const spec: [string, object][] = [
      ['rejectMe', { status: 'submitted', deadline: '2026-07-30' }],
      ['closeLate', { status: 'submitted', deadline: '2026-06-01' }],
      ['extendMe', { status: 'in_progress', deadline: '2026-06-30' }],
      ['assignMe', { status: 'pending', deadline: '2026-06-30', ownerId: null }],
      ['rollback', { status: 'submitted', deadline: '2026-07-30' }],
    ];
    const made = await seedItems(
      t.dataSource,
      spec.map(([title, extra]) => ({ title, unitId: a, ownerId: staff, deadline: '2026-07-30', ...extra })),
    );
    ids = Object.fromEntries(spec.map(([k], i) => [k, made[i]]));
    await drain(); // nothing crossed yet but the overdue closeLate (submitted: no reminders)
  });
  afterAll(async () => {
    await t?.close();
  });

  it('退回: the owner and the unit manager are told the reason, once; the list marks it 已退回 until resubmitted', async () => {
    const res = await office()
      .post(`/api/v1/items/${ids.rejectMe}/transitions`)
      .send({ action: 'reject', reason: '佐证材料不全，请补充会议记录', version: await version('rejectMe') });
    expect(res.status).toBe(200);
    expect(res.body.returned).toBe(true);
    expect(res.body.latestReturn).toMatchObject({ reason: '佐证材料不全，请补充会议记录', by: { name: 'office1' } });
    await drain();
    for (const u of [org.users.staffA, org.users.managerA]) {
      const msgs = await about(u, 'rejectMe', '【整改退回】');
      expect(msgs).toHaveLength(1);
      expect(msgs[0].body).toContain('退回理由：佐证材料不全，请补充会议记录');
    }
    expect(await about(org.users.office, 'rejectMe', '【整改退回】')).toHaveLength(0);
    expect(await decisionRows('rejectMe')).toHaveLength(1);
    await drain();
    expect(await about(org.users.staffA, 'rejectMe', '【整改退回】')).toHaveLength(1);

    const list = (await t.as(org.users.managerA.token).get('/api/v1/items?pageSize=50').expect(200)).body.data as {
      id: string;
      returned: boolean;
      latestReturn: { reason: string } | null;
    }[];
    const row = list.find((i) => i.id === ids.rejectMe);
    expect(row).toMatchObject({ returned: true, latestReturn: { reason: '佐证材料不全，请补充会议记录' } });
    expect(list.find((i) => i.id === ids.extendMe)).toMatchObject({ returned: false, latestReturn: null });

    const staff = t.as(org.users.staffA.token);
    await staff.post(`/api/v1/items/${ids.rejectMe}/progress`).send({ note: '已补充会议记录' }).expect(201);
    await staff.post(`/api/v1/items/${ids.rejectMe}/transitions`).send({ action: 'submit', explanation: '会议记录已补充' }).expect(200);
    const after = (await t.as(org.users.managerA.token).get(`/api/v1/items/${ids.rejectMe}`).expect(200)).body;
    expect(after.returned).toBe(false);
    expect(after.latestReturn.reason).toBe('佐证材料不全，请补充会议记录');
    const again = (await t.as(org.users.managerA.token).get('/api/v1/items?pageSize=50').expect(200)).body.data;
    expect(again.find((i: { id: string }) => i.id === ids.rejectMe).returned).toBe(false);
  });

  it('销号: the unit is told, and a closure after the deadline says 超期销号', async () => {
    await office()
      .post(`/api/v1/items/${ids.closeLate}/transitions`)
      .send({ action: 'approve', version: await version('closeLate') })
      .expect(200);
    await drain();
    const msgs = await about(org.users.staffA, 'closeLate', '【整改销号】');
    expect(msgs).toHaveLength(1);
    expect(msgs[0].body).toContain('准予销号（超期销号）');
    expect(await about(org.users.managerA, 'closeLate', '【整改销号】')).toHaveLength(1);
  });

  it('a late closure or submission is not green: its own light and label, on the item, in the list and its filters', async () => {
    const closed = (await office().get(`/api/v1/items/${ids.closeLate}`).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', light: 'late', late: 'lateClosed', lateLabel: '超期销号', closedLate: true });
    // Submitted at 01:00 Shanghai on the 16th (17:00Z on the 15th), the day after its original deadline: late.
    const [lateSub] = await seedItems(t.dataSource, [
      { title: 'lateSub', unitId: org.units.a, ownerId: org.users.staffA.id, deadline: '2026-06-15', status: 'submitted' },
    ]);
    await t.dataSource.query(`UPDATE rectification_items SET submitted_at = '2026-06-15T17:00:00Z' WHERE id = $1`, [lateSub]);
    expect((await office().get(`/api/v1/items/${lateSub}`).expect(200)).body).toMatchObject({ light: 'late', lateLabel: '超期提交' });
    const ids_ = async (light: string) =>
      ((await office().get(`/api/v1/items?light=${light}&pageSize=100`).expect(200)).body.data as { id: string; light: string }[]).map(
        (i) => i.id,
      );
    const late = await ids_('late');
    expect(late.sort()).toEqual([ids.closeLate, lateSub].sort());
    const green = await ids_('green');
    expect(green).not.toContain(ids.closeLate);
    expect(green).not.toContain(lateSub);
    // Every item has exactly one light, the same in the list filter as on the item.
    const all = (await office().get('/api/v1/items?pageSize=100').expect(200)).body.data as { id: string; light: string }[];
    const byFilter = Object.fromEntries(
      (await Promise.all(['red', 'yellow', 'green', 'late'].map(async (l) => (await ids_(l)).map((id) => [id, l])))).flat(),
    );
    expect(Object.keys(byFilter)).toHaveLength(all.length);
    for (const i of all) expect(byFilter[i.id]).toBe(i.light);
  });

  it('an extension decided: the requester is told the outcome', async () => {
    const req = await t
      .as(org.users.staffA.token)
      .post(`/api/v1/items/${ids.extendMe}/extensions`)
      .send({ newDeadline: '2026-08-31', reason: '需协调外部单位' });
    expect(req.status).toBe(201);
    await office().post(`/api/v1/extensions/${req.body.id}/decision`).send({ approve: true, comment: '请按期完成' }).expect(200);
    await drain();
    const msgs = await about(org.users.staffA, 'extendMe', '【延期审批】');
    expect(msgs).toHaveLength(1);
    expect(msgs[0].body).toContain('同意延期，整改时限调整为2026-08-31；审批意见：请按期完成');
    expect(await about(org.users.managerA, 'extendMe', '【延期审批】')).toHaveLength(1);
  });

  it('an owner assigned: the new owner is told; the manager who assigned is not', async () => {
    await t
      .as(org.users.managerA.token)
      .patch(`/api/v1/items/${ids.assignMe}`)
      .send({ ownerId: org.users.staffA.id, version: await version('assignMe') })
      .expect(200);
    await drain();
    const msgs = await about(org.users.staffA, 'assignMe', '【责任人指派】');
    expect(msgs).toHaveLength(1);
    expect(msgs[0].body).toContain('您已被指派为该事项的责任人');
    expect(await about(org.users.managerA, 'assignMe', '【责任人指派】')).toHaveLength(0);
  });

  it('no English codes where people read: reminder kinds and audit actions carry Chinese labels', async () => {
    await office().post(`/api/v1/items/${ids.extendMe}/chase`).send({ kind: 'supervise' }).expect(201);
    const chinese = /^[^A-Za-z_]+$/;
    for (const key of ['rejectMe', 'extendMe']) {
      const reminders = (await office().get(`/api/v1/items/${ids[key]}/reminders`).expect(200)).body as {
        kind: string;
        kindLabel: string;
      }[];
      expect(reminders.length).toBeGreaterThan(0);
      for (const r of reminders) expect(r.kindLabel).toMatch(chinese);
      const history = (await office().get(`/api/v1/items/${ids[key]}/history`).expect(200)).body as {
        action: string;
        actionLabel: string;
      }[];
      expect(history.length).toBeGreaterThan(0);
      for (const h of history) expect(h.actionLabel).toMatch(chinese);
    }
    const rejectKinds = (await office().get(`/api/v1/items/${ids.rejectMe}/reminders`).expect(200)).body;
    expect(rejectKinds.find((r: { kind: string }) => r.kind === 'decision_reject').kindLabel).toBe('退回通知');
    const history = (await office().get(`/api/v1/items/${ids.extendMe}/history`).expect(200)).body;
    expect(history.find((h: { action: string }) => h.action === 'item.supervise').actionLabel).toBe('巡察办督办（下发督办单）');
    const audit = (await office().get(`/api/v1/audit?pageSize=100`).expect(200)).body.data as { actionLabel: string }[];
    for (const a of audit) expect(a.actionLabel).toMatch(chinese);
  });

  it('a decision rolled back after its notice was written notifies nobody', async () => {
    // A fault after the decision and its ledger row are written, inside the same transaction.
    await t.ownerQuery(`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
    await t.ownerQuery(`CREATE TRIGGER test_refuse BEFORE INSERT ON notification_deliveries FOR EACH ROW EXECUTE FUNCTION test_refuse()`);
    try {
      const v = await version('rollback');
      const res = await office()
        .post(`/api/v1/items/${ids.rollback}/transitions`)
        .send({ action: 'reject', reason: '不会生效', version: v });
      expect(res.status).toBe(500);
      expect(await decisionRows('rollback')).toEqual([]);
      expect((await office().get(`/api/v1/items/${ids.rollback}`).expect(200)).body).toMatchObject({ status: 'submitted', version: v });
    } finally {
      await t.ownerQuery(`DROP TRIGGER test_refuse ON notification_deliveries; DROP FUNCTION test_refuse()`);
    }
    // A stale version refuses the decision before anything is written: nobody is told either.
    const stale = await office()
      .post(`/api/v1/items/${ids.rollback}/transitions`)
      .send({ action: 'reject', reason: '过期版本', version: (await version('rollback')) + 1 });
    expect(stale.status).toBe(409);
    expect(await decisionRows('rollback')).toEqual([]);
    await drain();
    expect(await about(org.users.staffA, 'rollback', '【整改退回】')).toHaveLength(0);
  });
});
