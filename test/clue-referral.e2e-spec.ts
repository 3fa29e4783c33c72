import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * 问题线索移交: a member of the group that recorded a finding (or the office) marks a clue for
 * transfer, once; the office is told through the notification ledger; units never learn of it.
 */
describe('clue referral on a finding (问题线索移交)', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  let member: { id: string; token: string };
  let otherGroupInspector: { id: string; token: string };
  let findingId: string;
  let otherFindingId: string;

  beforeAll(async () => {
    // 17:00Z: Shanghai is already on 16 June, so a date taken in UTC would name the wrong day.
    t = await startTestApp({ now: '2026-06-15T17:00:00Z' });
    org = await seedOrg(t);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.b], [org.units.a], []]);
    const admin = t.as(org.adminToken);
    const inspectorUser = async (username: string) => {
      const res = await admin
        .post('/api/v1/users')
        .send({ username, password: `${username}-pass-123`, displayName: `${username}同志`, role: 'inspector' });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, token: await t.login(username, `${username}-pass-123`) };
    };
    member = await inspectorUser('inspector2');
    otherGroupInspector = await inspectorUser('inspector3');
    const office = t.as(org.users.office.token);
    // The group that records at unit A: led by inspector1, inspector2 a plain member.
    const own = await office.post(`/api/v1/inspections/${round.roundId}/groups`).send({
      name: '第一巡察组（线索）',
      leaderId: org.users.inspector.id,
      memberIds: [member.id],
      batchId: round.batchIds[1],
      unitIds: [org.units.a],
    });
    expect(own.status).toBe(201);
    // Another group that also inspects unit A: its leader sees unit A's findings but did not record this one.
    const other = await office
      .post(`/api/v1/inspections/${round.roundId}/groups`)
      .send({ name: '第三巡察组（线索）', leaderId: otherGroupInspector.id, batchId: round.batchIds[1], unitIds: [org.units.a] });
    expect(other.status).toBe(201);
    const finding = (description: string) => ({
      inspectionId: round.roundId,
      unitId: org.units.a,
      category: '中央八项规定精神',
      description,
      measureIds: [plan.measuresByNumber[46]],
    });
    const recorded = await t.as(member.token).post('/api/v1/findings').send(finding('工程项目招标存在围标串标迹象'));
    expect(recorded.status).toBe(201);
    expect(recorded.body.groupId).toBe(own.body.id);
    expect(recorded.body.clueReferral).toBeNull();
    findingId = recorded.body.id;
    const second = await t.as(member.token).post('/api/v1/findings').send(finding('公务接待超标准'));
    expect(second.status).toBe(201);
    otherFindingId = second.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const written = async (id: string) => {
    const [row]: { clue_referral_at: Date | null }[] = await t.dataSource.query(`SELECT clue_referral_at FROM findings WHERE id = $1`, [
      id,
    ]);
    const audit: unknown[] = await t.dataSource.query(
      `SELECT 1 FROM audit_entries WHERE entity_id = $1 AND action = 'finding.clue_referral'`,
      [id],
    );
    const messages: unknown[] = await t.dataSource.query(`SELECT 1 FROM notification_messages WHERE key = $1`, [`clue-referral:${id}`]);
    return { referred: row.clue_referral_at !== null, audit: audit.length, messages: messages.length };
  };

  it('refuses a blank, missing or over-long note in Chinese and writes nothing', async () => {
    for (const body of [{}, { note: '' }, { note: '   ' }, { note: 42 }, { note: '线'.repeat(2001) }]) {
      const res = await t.as(member.token).post(`/api/v1/findings/${findingId}/clue-referral`).send(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await written(findingId)).toEqual({ referred: false, audit: 0, messages: 0 });
  });

  it('an inspector of another group, a unit manager of the finding’s unit and a unit-B user get 404; leadership 403', async () => {
    const note = { note: '建议移交' };
    expect((await t.as(otherGroupInspector.token).get(`/api/v1/findings/${findingId}`)).status).toBe(200);
    expect((await t.as(otherGroupInspector.token).post(`/api/v1/findings/${findingId}/clue-referral`).send(note)).status).toBe(404);
    expect((await t.as(org.users.managerA.token).post(`/api/v1/findings/${findingId}/clue-referral`).send(note)).status).toBe(404);
    expect((await t.as(org.users.managerB.token).post(`/api/v1/findings/${findingId}/clue-referral`).send(note)).status).toBe(404);
    expect((await t.as(org.users.leadership.token).post(`/api/v1/findings/${findingId}/clue-referral`).send(note)).status).toBe(403);
    expect(await written(findingId)).toEqual({ referred: false, audit: 0, messages: 0 });
  });

  it('a plain member of the recording group refers it: stored, audited, the office told through the ledger', async () => {
    const note = '反映该单位负责人插手工程项目，建议移交纪检监察机关处置';
    const res = await t
      .as(member.token)
      .post(`/api/v1/findings/${findingId}/clue-referral`)
      .send({ note: `  ${note} ` });
    expect(res.status).toBe(201);
    expect(res.body.clueReferral).toEqual({ note, at: expect.any(String), by: { id: member.id, displayName: 'inspector2同志' } });
    expect(await written(findingId)).toEqual({ referred: true, audit: 1, messages: 1 });
    const deliveries: { user_id: string; channel: string; body: string }[] = await t.dataSource.query(
      `SELECT d.user_id, d.channel, m.body FROM notification_deliveries d JOIN notification_messages m ON m.id = d.message_id
        WHERE m.key = $1 ORDER BY d.channel`,
      [`clue-referral:${findingId}`],
    );
    expect(deliveries.map((d) => d.user_id)).toContain(org.users.office.id);
    expect(deliveries.every((d) => d.user_id === org.users.office.id)).toBe(true);
    expect(deliveries.find((d) => d.channel === 'inbox')?.body).toContain(note);
    const [audit]: { actor_id: string }[] = await t.dataSource.query(
      `SELECT actor_id FROM audit_entries WHERE entity_id = $1 AND action = 'finding.clue_referral'`,
      [findingId],
    );
    expect(audit.actor_id).toBe(member.id);
  });

  it('a second referral is refused with 409 naming it, and nothing more is written', async () => {
    const res = await t.as(org.users.inspector.token).post(`/api/v1/findings/${findingId}/clue-referral`).send({ note: '再次移交' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('该发现问题已于2026-06-16移交问题线索，不能重复移交');
    expect(await written(findingId)).toEqual({ referred: true, audit: 1, messages: 1 });
    const [row]: { clue_referral_note: string }[] = await t.dataSource.query(`SELECT clue_referral_note FROM findings WHERE id = $1`, [
      findingId,
    ]);
    expect(row.clue_referral_note).not.toBe('再次移交');
  });

  it('the office, leadership and the group see the referral; the unit never does', async () => {
    for (const token of [org.users.office.token, org.users.leadership.token, member.token, otherGroupInspector.token]) {
      const one = await t.as(token).get(`/api/v1/findings/${findingId}`);
      expect(one.body.clueReferral).toMatchObject({ note: expect.any(String), by: { id: member.id } });
    }
    for (const token of [org.users.managerA.token, org.users.staffA.token]) {
      const one = await t.as(token).get(`/api/v1/findings/${findingId}`);
      expect(one.status).toBe(200);
      expect(one.body.clueReferral ?? null).toBeNull();
      const list = await t.as(token).get('/api/v1/findings?clueReferred=true');
      expect(list.status).toBe(200);
      expect(list.body.data.length).toBeGreaterThan(0);
      expect(list.body.data.every((f: { clueReferral?: unknown }) => (f.clueReferral ?? null) === null)).toBe(true);
      // The filter tells a unit nothing: it lists its findings referred or not.
      expect(list.body.data.map((f: { id: string }) => f.id)).toContain(otherFindingId);
    }
  });

  it('the office lists referred findings with ?clueReferred=true', async () => {
    const referred = await t.as(org.users.office.token).get('/api/v1/findings?clueReferred=true');
    expect(referred.status).toBe(200);
    expect(referred.body.data.map((f: { id: string }) => f.id)).toEqual([findingId]);
    const notReferred = await t.as(org.users.office.token).get('/api/v1/findings?clueReferred=false');
    expect(notReferred.body.data.map((f: { id: string }) => f.id)).toContain(otherFindingId);
    expect(notReferred.body.data.map((f: { id: string }) => f.id)).not.toContain(findingId);
  });

  it('the office may refer a finding itself', async () => {
    const res = await t
      .as(org.users.office.token)
      .post(`/api/v1/findings/${otherFindingId}/clue-referral`)
      .send({ note: '巡察办直接移交' });
    expect(res.status).toBe(201);
    expect(res.body.clueReferral.by.id).toBe(org.users.office.id);
  });
});
