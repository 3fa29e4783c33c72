import { describe, expect, it } from '@jest/globals';
import { mayDeleteEvidence, planEvidenceDelete, type EvidenceDeleteFacts } from './evidence-rules.js';

const UPLOADED = new Date('2026-06-15T02:00:00.000Z');
const facts = (over: Partial<EvidenceDeleteFacts> = {}): EvidenceDeleteFacts => ({
  actorId: 'staff',
  actorRole: 'unit_staff',
  canWork: true,
  itemStatus: 'in_progress',
  uploaderId: 'staff',
  uploadedAt: UPLOADED,
  recordMark: null,
  ...over,
});

describe('planEvidenceDelete', () => {
  it('lets the uploader delete a file on an open item that never went with an application', () => {
    expect(planEvidenceDelete(facts())).toEqual({ ok: true });
    expect(mayDeleteEvidence(facts({ itemStatus: 'pending' }))).toBe(true);
  });

  it('lets a unit manager delete someone else’s file; anyone else who did not upload it is forbidden', () => {
    expect(mayDeleteEvidence(facts({ actorId: 'manager', actorRole: 'unit_manager' }))).toBe(true);
    for (const actorRole of ['unit_staff', 'office'] as const) {
      const plan = planEvidenceDelete(facts({ actorId: 'someone', actorRole }));
      expect(plan).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    // The office deletes what it uploaded itself.
    expect(mayDeleteEvidence(facts({ actorId: 'office', actorRole: 'office', uploaderId: 'office' }))).toBe(true);
    // An uploader no longer recorded (account removed) leaves the file to the manager.
    expect(planEvidenceDelete(facts({ uploaderId: null }))).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('is forbidden to someone who may not work on the item, uploader or not', () => {
    expect(planEvidenceDelete(facts({ canWork: false }))).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('refuses (illegal) while under review, once closed, and in any status but pending / in_progress', () => {
    for (const itemStatus of ['submitted', 'closed', 'draft'] as const) {
      expect(planEvidenceDelete(facts({ itemStatus }))).toMatchObject({ ok: false, reason: 'illegal' });
    }
    expect(planEvidenceDelete(facts({ itemStatus: 'submitted' }))).toMatchObject({ message: expect.stringContaining('申请销号') });
  });

  it('refuses a file uploaded up to the latest 申请销号 / 退回 (on record), allows one uploaded after it', () => {
    const before = new Date(UPLOADED.getTime() + 1);
    const same = UPLOADED;
    const after = new Date(UPLOADED.getTime() - 1);
    expect(planEvidenceDelete(facts({ recordMark: before }))).toMatchObject({ ok: false, reason: 'illegal' });
    expect(planEvidenceDelete(facts({ recordMark: same }))).toMatchObject({ ok: false, reason: 'illegal' });
    expect(planEvidenceDelete(facts({ recordMark: after }))).toEqual({ ok: true });
  });

  it('names who before when: a stranger hears 403 even on a submitted item', () => {
    expect(planEvidenceDelete(facts({ actorId: 'x', itemStatus: 'submitted' }))).toMatchObject({ reason: 'forbidden' });
  });
});
