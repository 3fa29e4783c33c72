import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BUREAU_UNITS, seedBureau, type Bureau, type BureauUnit } from './support/bureau.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Who sees what in a bureau with several levels, siblings at each, a member-only inspector and a
 * unit without a manager (test/support/bureau.ts). A unit user sees its unit and the units below,
 * never a sibling (nor the parent); an inspector who is a member but not the leader of a group
 * sees exactly what its leader sees; a unit nobody manages still climbs the escalation ladder.
 */
describe('scope shapes: levels, siblings, member-only inspectors, a unit with no manager', () => {
  let t: TestApp;
  let b: Bureau;
  const titles = (codes: BureauUnit[]) => codes.map((c) => `事项-${c}`).sort();
  const rowsOf = (body: any): any[] => (Array.isArray(body) ? body : (body.items ?? body.data));

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-06-15T02:00:00Z', env: { FOLLOW_UP_SCHEDULE_ENABLED: 'false' } });
    b = await seedBureau(t, '2026-06-10');
  });
  afterAll(async () => {
    await t.close();
  });

  /** The unit codes whose items `token` sees through the item list. */
  async function itemTitles(token: string): Promise<string[]> {
    const res = await t.as(token).get('/api/v1/items?pageSize=100');
    expect(res.status).toBe(200);
    return rowsOf(res.body)
      .map((r) => r.title as string)
      .sort();
  }

  async function findingUnits(token: string): Promise<string[]> {
    const res = await t.as(token).get('/api/v1/findings?pageSize=100');
    expect(res.status).toBe(200);
    const byId = new Map(Object.entries(b.units).map(([code, id]) => [id, code]));
    return [...new Set(rowsOf(res.body).map((r) => byId.get(r.unitId as string) ?? '?'))].sort();
  }

  async function ledgerTitles(token: string): Promise<string[]> {
    const res = await t.as(token).get('/api/v1/reports/ledger.xlsx?format=csv').buffer(true);
    expect(res.status).toBe(200);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const at = lines[0].split(',').indexOf('整改事项');
    return lines
      .slice(1)
      .map((l) => l.split(',')[at])
      .sort();
  }

  const visible: [who: keyof Bureau['users'], units: BureauUnit[]][] = [
    ['managerX', ['X', 'X1', 'X1a', 'X1b', 'X2']],
    ['managerX1', ['X1', 'X1a', 'X1b']],
    ['managerX2', ['X2']],
    ['managerX1a', ['X1a']],
    ['managerX1b', ['X1b']],
    ['staffX1a', ['X1a']],
    ['leaderG1', ['X1', 'X2']],
    ['memberG1', ['X1', 'X2']],
    ['leaderG2', ['Y']],
  ];

  it.each(visible)('%s sees the items, findings and ledger rows of exactly its units (%j)', async (who, units) => {
    const token = b.users[who].token;
    expect(await itemTitles(token)).toEqual(titles(units));
    expect(await findingUnits(token)).toEqual([...units].sort());
    expect(await ledgerTitles(token)).toEqual(titles(units));
    const overview = await t.as(token).get('/api/v1/reports/overview');
    if (who.startsWith('manager') || who.startsWith('staff')) {
      expect(overview.status).toBe(200);
      expect(overview.body.total).toBe(units.length);
    }
    // A sibling's (or any other unit's) item is "not found", the same as an id that does not exist.
    for (const code of BUREAU_UNITS.filter((c) => !units.includes(c))) {
      expect([code, (await t.as(token).get(`/api/v1/items/${b.itemOf[code]}`)).status]).toEqual([code, 404]);
    }
  });

  it('a member-only inspector records a finding for a unit its group inspects, not for another', async () => {
    const member = t.as(b.users.memberG1.token);
    const ok = await member.post('/api/v1/findings').send({
      inspectionId: b.roundId,
      unitId: b.units.X2,
      category: '作风建设',
      description: '组员登记的问题',
      measureIds: [b.plan.measuresByNumber[46]],
    });
    expect(ok.status).toBe(201);
    expect(ok.body.groupId).toBe(b.groupIds[0]);
    const refused = await member.post('/api/v1/findings').send({
      inspectionId: b.roundId,
      unitId: b.units.Y,
      category: '作风建设',
      description: '越界登记的问题',
      measureIds: [b.plan.measuresByNumber[46]],
    });
    expect(refused.status).toBe(404);
  });

  it('reminders reach only the responsible unit’s manager (no sibling), and a unit with no manager still escalates', async () => {
    expect((await t.as(b.users.office.token).post('/api/v1/follow-up/sweep?wait=true')).status).toBe(200);
    for (const [who, code] of [
      ['managerX1', 'X1'],
      ['managerX2', 'X2'],
      ['managerX1a', 'X1a'],
      ['managerX1b', 'X1b'],
    ] as const) {
      const res = await t.as(b.users[who].token).get('/api/v1/notifications');
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      for (const other of BUREAU_UNITS)
        expect([who, other, new RegExp(`事项-${other}(?![A-Za-z0-9])`).test(text)]).toEqual([who, other, other === code]);
    }
    // Y has no manager and its item no owner: the escalation is still recorded (and the item's level
    // rises), with nobody at the unit to send it to.
    const [row] = await t.dataSource.query(`SELECT kind, step, recipients FROM reminder_ledger WHERE item_id = $1`, [b.itemOf.Y]);
    expect(row).toMatchObject({ kind: 'escalation', step: 1, recipients: [] });
    const item = await t.as(b.users.office.token).get(`/api/v1/items/${b.itemOf.Y}`);
    expect(item.body.escalationLevel).toBe(1);
  });
});
