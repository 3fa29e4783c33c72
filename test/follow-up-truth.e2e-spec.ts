import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedItems } from './support/items.js';
import { seedOrg, type Org, type OrgUser } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * 17:30Z on Monday 2026-06-15 is 01:30 on Tuesday 2026-06-16 in Asia/Shanghai: "today" is the 16th
 * (a clock read in UTC would count every day one short).
 */
const NOW = '2026-06-15T17:30:00Z';
const BASE = 'https://zg.example.cn';

interface Message {
  title: string;
  body: string;
  itemIds: string[];
}

describe('follow-up: what people read is true (real days, wording per reader, links, urgency)', () => {
  let t: TestApp;
  let org: Org;
  let ids: Record<string, string>;

  const sweep = async () => {
    const res = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(res.body.pending).toBe(0);
  };
  const inbox = async (u: OrgUser) => (await t.as(u.token).get('/api/v1/notifications?pageSize=50').expect(200)).body.data as Message[];
  /** The numbered lines of a message. */
  const linesOf = (m: Message) => m.body.split('\n').filter((l) => /^\d+\. /.test(l));
  const lineOf = (m: Message, key: string) => linesOf(m).find((l) => l.includes(`/items/${ids[key]}`));

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: NOW, env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false', PUBLIC_BASE_URL: BASE } });
    org = await seedOrg(t);
    const spec: [string, string][] = [
      ['d6', '2026-06-22'],
      ['o13', '2026-06-03'],
      ['o60', '2026-04-17'],
    ];
    const made = await seedItems(
      t.dataSource,
      spec.map(([title, deadline]) => ({ title, deadline, unitId: org.units.a, ownerId: org.users.staffA.id })),
    );
    ids = Object.fromEntries(spec.map(([k], i) => [k, made[i]]));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every line states the item’s own days as of the sweep (6, 13, 60), links to its page, most urgent first', async () => {
    await sweep();
    const expected: Record<string, string> = { d6: '还有6天', o13: '已逾期13天', o60: '已逾期60天' };
    const seen = new Set<string>();
    for (const u of [org.users.staffA, org.users.managerA, org.users.office, org.users.leadership]) {
      for (const m of await inbox(u)) {
        const lines = linesOf(m);
        expect(lines).toHaveLength(m.itemIds.length);
        for (const [key, days] of Object.entries(expected)) {
          const line = lineOf(m, key);
          if (!line) continue;
          seen.add(key);
          expect(line).toContain(`（整改时限：`);
          expect(line).toContain(`，${days}）`);
          expect(line).toContain(`详情：${BASE}/items/${ids[key]}`);
        }
        // Most urgent first: the overdue days shrink, then the days left grow.
        const order = lines.map((l) => Object.keys(expected).find((k) => l.includes(`/items/${ids[k]}`)));
        expect(order).toEqual(['o60', 'o13', 'd6'].filter((k) => order.includes(k)));
      }
    }
    expect([...seen].sort()).toEqual(['d6', 'o13', 'o60']);

    const manager = (await inbox(org.users.managerA))[0];
    expect(manager.itemIds.length).toBeGreaterThan(1);
    expect(manager.body).toContain('请督促责任人');
    const owner = (await inbox(org.users.staffA))[0];
    expect(owner.body).toContain('报送整改进展');
  });

  it('office and leadership are informed and shown the next step; never asked to report progress', async () => {
    // Four working days on (the 19th is a holiday): o13 and o60 reach level 2, which adds the office.
    t.clock.set('2026-06-22T17:30:00Z'); // 01:30 on Tuesday the 23rd in Shanghai
    await sweep();
    const [digest] = await inbox(org.users.office);
    expect(digest).toBeDefined();
    const lines = linesOf(digest);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`，已逾期67天）`);
    expect(lines[0]).toContain(`/items/${ids.o60}`);
    expect(lines[1]).toContain(`，已逾期20天）`);
    expect(lines[1]).toContain(`/items/${ids.o13}`);
    t.clock.set(NOW);
    for (const u of [org.users.office, org.users.leadership]) {
      for (const m of await inbox(u)) {
        expect(m.body).not.toContain('请及时报送整改进展');
        expect(m.body).not.toContain('报送整改进展');
      }
    }
    const office = await inbox(org.users.office);
    for (const m of office) expect(m.body).toContain('下一步');
  });

  it('counts working days when the policy does, and says so', async () => {
    const admin = t.as(org.adminToken);
    const policy = (await admin.get('/api/v1/follow-up/policy').expect(200)).body;
    await admin
      .put('/api/v1/follow-up/policy')
      .send({ ...policy, countWorkingDays: true })
      .expect(200);
    // Tuesday the 16th (Shanghai) → Monday the 22nd: the 17th, 18th and 22nd (the 19th is 端午节); a UTC clock says four.
    const [wd] = await seedItems(t.dataSource, [
      { title: 'wd3', unitId: org.units.b, ownerId: org.users.staffB.id, deadline: '2026-06-22' },
    ]);
    ids.wd3 = wd;
    await sweep();
    const [m] = await inbox(org.users.staffB);
    expect(lineOf(m, 'wd3')).toContain('，还有3个工作日）');
  });
});
