import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org, type OrgUser } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { draftItem, openUnitPlan } from './support/unit-plans.js';

/** 20:00Z on Monday 2026-06-15 is 04:00 on Tuesday the 16th in Asia/Shanghai. */
const NOW = '2026-06-15T20:00:00Z';

interface Message {
  title: string;
  body: string;
  itemIds: string[];
}

/**
 * The decisions on an item that used to tell nobody: a reopen (问题反弹, by hand or from a 回头看),
 * an item put in force by the office, an owner changed or removed, a unit plan's drafts released.
 * Each tells exactly the people it concerns (never the one who decided), in the decision's
 * transaction; a refused request tells nobody.
 */
describe('follow-up: reopen, new items, owner changes and released drafts reach the people concerned', () => {
  let t: TestApp;
  let org: Org;
  let everyone: OrgUser[];

  const office = () => t.as(org.users.office.token);
  const drain = async () => {
    const res = await office().post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(res.body.pending).toBe(0);
  };
  const inbox = async (u: OrgUser) => (await t.as(u.token).get('/api/v1/notifications?pageSize=100').expect(200)).body.data as Message[];
  /** Who holds a message whose title starts with `title` and mentions `needle` (an item's title or id), and what it says. */
  const told = async (title: string, needle: string) => {
    const out: Record<string, string[]> = {};
    for (const u of everyone) {
      const msgs = (await inbox(u)).filter((m) => m.title.startsWith(title) && (m.itemIds.includes(needle) || m.body.includes(needle)));
      if (msgs.length) out[u.username] = msgs.map((m) => m.body);
    }
    return out;
  };
  const decisionRows = async (itemId: string) =>
    t.dataSource.query<{ kind: string; note: string | null; recipients: string[] }[]>(
      `SELECT kind, note, recipients FROM reminder_ledger WHERE item_id = $1 AND kind LIKE 'decision_%' ORDER BY created_at`,
      [itemId],
    );
  const messagesNaming = async (needle: string) =>
    (
      await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notification_messages WHERE body LIKE '%' || $1 || '%'`, [
        needle,
      ])
    )[0].n;
  const version = async (id: string) => (await office().get(`/api/v1/items/${id}`).expect(200)).body.version as number;
  const findingOf = async (itemId: string) =>
    (await t.dataSource.query<{ finding_id: string }[]>(`SELECT finding_id FROM rectification_items WHERE id = $1`, [itemId]))[0]
      .finding_id;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    org = await seedOrg(t);
    everyone = Object.values(org.users);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('问题反弹 by hand: the owner and the unit manager are told the reason, the office that reopened is not; a refused reopen tells nobody', async () => {
    const [closed, open] = await seedItems(t.dataSource, [
      { title: '公车私用RN1', unitId: org.units.a, ownerId: org.users.staffA.id, deadline: '2026-07-30', status: 'closed' },
      { title: '未销号RN2', unitId: org.units.a, ownerId: org.users.staffA.id, deadline: '2026-07-30', status: 'in_progress' },
    ]);
    const refused = await office().post(`/api/v1/items/${open}/transitions`).send({ action: 'reopen', reason: '不应生效', version: 1 });
    expect(refused.status).toBe(409);
    expect(await decisionRows(open)).toEqual([]);

    await office()
      .post(`/api/v1/items/${closed}/transitions`)
      .send({ action: 'reopen', reason: '群众反映公车私用复发', version: await version(closed) })
      .expect(200);
    await drain();
    const msgs = await told('【问题反弹】', closed);
    expect(Object.keys(msgs).sort()).toEqual(['managerA', 'staffA']);
    expect(msgs.staffA).toHaveLength(1);
    expect(msgs.staffA[0]).toContain('巡察办重新打开已销号事项（问题反弹），理由：群众反映公车私用复发；请重新整改并报送整改进展');
    expect(msgs.managerA[0]).toContain('理由：群众反映公车私用复发；请督促责任人重新整改并报送整改进展');
    expect(await decisionRows(closed)).toEqual([
      { kind: 'decision_reopen', note: '群众反映公车私用复发', recipients: [org.users.managerA.id, org.users.staffA.id].sort() },
    ]);
    await drain();
    expect((await told('【问题反弹】', closed)).staffA).toHaveLength(1);
    const reminders = (await office().get(`/api/v1/items/${closed}/reminders`).expect(200)).body as { kind: string; kindLabel: string }[];
    expect(reminders.find((r) => r.kind === 'decision_reopen')?.kindLabel).toBe('重新打开通知');
  });

  it('回头看 that did not hold reopens the item and says so; one that held, or a result refused, tells nobody', async () => {
    const [rebound, held] = await seedItems(t.dataSource, [
      { title: '违规发放津贴RN3', unitId: org.units.b, ownerId: org.users.staffB.id, deadline: '2026-07-30', status: 'closed' },
      { title: '整改巩固RN4', unitId: org.units.b, ownerId: org.users.staffB.id, deadline: '2026-07-30', status: 'closed' },
    ]);
    const scheduled = await office()
      .post('/api/v1/rechecks')
      .send({ itemIds: [rebound, held], dueDate: '2026-09-30' });
    expect(scheduled.status).toBe(201);
    const recheckOf = Object.fromEntries((scheduled.body.data as { id: string; itemId: string }[]).map((r) => [r.itemId, r.id]));
    // held=false without a note is refused before anything is written.
    expect((await office().post(`/api/v1/rechecks/${recheckOf[rebound]}/result`).send({ held: false })).status).toBe(400);
    expect(await decisionRows(rebound)).toEqual([]);

    await office().post(`/api/v1/rechecks/${recheckOf[rebound]}/result`).send({ held: false, note: '津贴又发了' }).expect(200);
    await office().post(`/api/v1/rechecks/${recheckOf[held]}/result`).send({ held: true }).expect(200);
    await drain();
    const msgs = await told('【问题反弹】', rebound);
    expect(Object.keys(msgs).sort()).toEqual(['managerB', 'staffB']);
    expect(msgs.staffB[0]).toContain('理由：回头看发现问题反弹：津贴又发了；请重新整改并报送整改进展');
    expect(await decisionRows(rebound)).toMatchObject([{ kind: 'decision_reopen', note: '回头看发现问题反弹：津贴又发了' }]);
    expect(await decisionRows(held)).toEqual([]);
    expect(await told('【问题反弹】', held)).toEqual({});
  });

  it('an item the office puts in force: its owner and the unit manager are told; without an owner the unit managers are asked to name one', async () => {
    const [seed] = await seedItems(t.dataSource, [{ title: '种子RN5', unitId: org.units.a, deadline: '2026-07-30' }]);
    const findingId = await findingOf(seed);
    const base = { findingId, responsibleUnitId: org.units.a, deadline: '2026-08-31', rectificationType: 'time_limited' };
    // A refused creation (an owner of another unit) tells nobody.
    const refused = await office()
      .post('/api/v1/items')
      .send({ ...base, title: '被拒事项RN6', ownerId: org.users.staffB.id });
    expect(refused.status).toBe(400);

    const owned = await office()
      .post('/api/v1/items')
      .send({ ...base, title: '规范公务接待RN7', ownerId: org.users.staffA.id });
    expect(owned.status).toBe(201);
    const unowned = await office()
      .post('/api/v1/items')
      .send({ ...base, title: '清理办公用房RN8' });
    expect(unowned.status).toBe(201);
    await drain();

    const assigned = await told('【责任人指派】', owned.body.id);
    expect(Object.keys(assigned).sort()).toEqual(['managerA', 'staffA']);
    expect(assigned.staffA[0]).toContain('您已被指派为该事项的责任人');
    expect(assigned.managerA[0]).toContain('责任人已指派为staffA，请督促按期完成整改');
    expect(await decisionRows(owned.body.id)).toMatchObject([{ kind: 'decision_assign', note: 'staffA' }]);

    const handed = await told('【整改交办】', '清理办公用房RN8');
    expect(Object.keys(handed)).toEqual(['managerA']);
    expect(handed.managerA[0]).toContain('巡察办交办新的整改事项“清理办公用房RN8”，整改时限2026-08-31，请指定责任人并按期整改');
    expect(handed.managerA[0]).toContain(`/items/${unowned.body.id}`);
    expect(await messagesNaming('被拒事项RN6')).toBe(0);
  });

  it("a unit's own drafts tell nobody when written; approving the plan tells each owner the item is now theirs, once", async () => {
    // A round with one finding at unit A (the seeded item answers it too), and the unit's plan for it.
    const [seed] = await seedItems(t.dataSource, [{ title: '种子RN9', unitId: org.units.a, deadline: '2026-07-30' }]);
    const findingId = await findingOf(seed);
    const [{ inspection_id: inspectionId }] = await t.dataSource.query<{ inspection_id: string }[]>(
      `SELECT inspection_id FROM findings WHERE id = $1`,
      [findingId],
    );
    const planId = await openUnitPlan(t, org.users.managerA.token, inspectionId, org.units.a);
    const draft = (title: string, ownerId?: string) =>
      draftItem(t, org.users.managerA.token, {
        unitPlanId: planId,
        findingId,
        unitId: org.units.a,
        title,
        deadline: '2026-09-30',
        ownerId,
      });
    const mine = await draft('草案事项RN10', org.users.staffA.id);
    const nobody = await draft('草案事项RN11');
    // An owner named on a draft by PATCH is not told yet either: the draft is not in force.
    await t
      .as(org.users.managerA.token)
      .patch(`/api/v1/items/${nobody}`)
      .send({ ownerId: org.users.managerA1.id, version: await version(nobody) })
      .expect(200);
    await drain();
    expect(await decisionRows(mine)).toEqual([]);
    expect(await decisionRows(nobody)).toEqual([]);
    expect(await told('【', '草案事项RN1')).toEqual({});

    await t.as(org.users.managerA.token).post(`/api/v1/unit-plans/${planId}/submit`).expect(200);
    await office().post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true }).expect(200);
    await drain();
    const forMine = await told('【责任人指派】', mine);
    expect(Object.keys(forMine)).toEqual(['staffA']);
    expect(forMine.staffA).toHaveLength(1);
    expect(forMine.staffA[0]).toContain('草案事项RN10');
    expect(forMine.staffA[0]).toContain('您已被指派为该事项的责任人');
    expect(Object.keys(await told('【责任人指派】', nobody))).toEqual(['managerA1']);
    expect(await decisionRows(mine)).toEqual([{ kind: 'decision_assign', note: 'staffA', recipients: [org.users.staffA.id] }]);
    // The managers get the plan's one message, not one per item.
    expect((await inbox(org.users.managerA)).filter((m) => m.title.startsWith('整改方案已审定'))).toHaveLength(1);
    // A second approval is refused and tells nobody again.
    expect((await office().post(`/api/v1/unit-plans/${planId}/decision`).send({ approve: true })).status).toBe(409);
    await drain();
    expect(await decisionRows(mine)).toHaveLength(1);
  });

  it('an owner changed: the new owner is assigned, the previous one relieved; removed: the managers are asked to name one; never the one who did it', async () => {
    const [item] = await seedItems(t.dataSource, [
      { title: '规范差旅报销RN12', unitId: org.units.a, ownerId: org.users.staffA.id, deadline: '2026-07-30', status: 'in_progress' },
    ]);
    // A stale version is refused and tells nobody.
    const stale = await t
      .as(org.users.managerA.token)
      .patch(`/api/v1/items/${item}`)
      .send({ ownerId: org.users.managerA1.id, version: (await version(item)) + 1 });
    expect(stale.status).toBe(409);
    expect(await decisionRows(item)).toEqual([]);

    await t
      .as(org.users.managerA.token)
      .patch(`/api/v1/items/${item}`)
      .send({ ownerId: org.users.managerA1.id, version: await version(item) })
      .expect(200);
    await drain();
    expect(Object.keys(await told('【责任人指派】', item))).toEqual(['managerA1']);
    const relieved = await told('【责任人变更】', '规范差旅报销RN12');
    expect(Object.keys(relieved)).toEqual(['staffA']);
    expect(relieved.staffA[0]).toContain('整改事项“规范差旅报销RN12”的责任人已调整为managerA1，您不再负责该事项');

    await office()
      .patch(`/api/v1/items/${item}`)
      .send({ ownerId: null, version: await version(item) })
      .expect(200);
    await drain();
    const changed = await told('【责任人变更】', '规范差旅报销RN12');
    expect(Object.keys(changed).sort()).toEqual(['managerA', 'managerA1', 'staffA']);
    expect(changed.managerA1).toEqual([expect.stringContaining('整改事项“规范差旅报销RN12”的责任人已撤销，您不再负责该事项')]);
    expect(changed.managerA).toEqual([expect.stringContaining('责任人（原为managerA1）已撤销，请重新指定责任人并督促按期整改')]);
    expect(changed.staffA).toHaveLength(1);
    // Unassigned is not an assignment: no decision_assign row beyond the first.
    expect((await decisionRows(item)).map((r) => r.kind)).toEqual(['decision_assign']);
  });
});
