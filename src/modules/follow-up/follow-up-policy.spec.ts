import { describe, expect, it } from '@jest/globals';
import { checkInPeriod, cumulativeRecipients, DEFAULT_POLICY, escalationLevel, policyProblems, reminderStep } from './follow-up-policy.js';
import { renderDigest } from './digest-text.js';

describe('follow-up policy', () => {
  const offsets = DEFAULT_POLICY.reminderOffsets;
  it('fires only the most recent crossed reminder', () => {
    expect([8, 7, 5, 3, 2, 1, 0, -1].map((d) => reminderStep(offsets, d))).toEqual([null, 7, 7, 3, 3, 1, 0, null]);
  });
  it('records only the highest crossed escalation level', () => {
    expect([0, 1, 6, 7, 14, 15, 100].map((d) => escalationLevel(DEFAULT_POLICY.escalationLevels, d)?.level ?? null)).toEqual([
      null,
      1,
      1,
      2,
      2,
      3,
      3,
    ]);
  });
  it('numbers check-in periods by quarter', () => {
    expect(checkInPeriod('2026-03-31', 3)).toBe(checkInPeriod('2026-01-01', 3));
    expect(checkInPeriod('2026-04-01', 3)).toBe(checkInPeriod('2026-01-01', 3) + 1);
  });
  it('never escalates an item on or before its deadline, even under a level that starts at 0 days', () => {
    const [l1, l2] = DEFAULT_POLICY.escalationLevels;
    const fromZero = [{ ...l1, afterDays: 0 }, l2];
    expect([-3, 0, 1].map((d) => escalationLevel(fromZero, d)?.level ?? null)).toEqual([null, null, 1]);
  });
  it('takes the highest crossed level whatever order the levels are listed in, and the first of equals', () => {
    const [l1, l2, l3] = DEFAULT_POLICY.escalationLevels;
    expect(escalationLevel([l3, l1, l2], 20)).toBe(l3);
    expect(escalationLevel([l2, l1], 10)).toBe(l2);
    const twin = { ...l2 };
    expect(escalationLevel([l1, l2, twin], 10)).toBe(l2);
  });
  it('adds up recipients level by level, in the fixed role order, whatever order the levels come in', () => {
    const [l1, l2, l3] = DEFAULT_POLICY.escalationLevels;
    const expected = {
      '1': ['owner', 'unit_manager'],
      '2': ['owner', 'unit_manager', 'office'],
      '3': ['owner', 'unit_manager', 'office', 'leadership'],
    };
    expect(cumulativeRecipients([l1, l2, l3])).toEqual(expected);
    expect(cumulativeRecipients([l3, l1, l2])).toEqual(expected);
    expect(cumulativeRecipients([{ ...l1, recipients: ['leadership', 'owner'] }])).toEqual({ '1': ['owner', 'leadership'] });
    expect(cumulativeRecipients([])).toEqual({});
  });
  it('numbers check-in periods across a year boundary', () => {
    expect(checkInPeriod('2027-01-01', 3)).toBe(checkInPeriod('2026-10-01', 3) + 1);
    expect(checkInPeriod('2027-01-15', 1)).toBe(checkInPeriod('2026-12-31', 1) + 1);
    expect(checkInPeriod('2027-06-30', 12)).toBe(checkInPeriod('2026-01-01', 12) + 1);
  });
  it('names every problem of a policy, each once', () => {
    const [l1, l2, l3] = DEFAULT_POLICY.escalationLevels;
    expect(policyProblems({ ...DEFAULT_POLICY, reminderOffsets: [3, 3, 1] })).toEqual(['提醒天数不能重复']);
    expect(policyProblems({ ...DEFAULT_POLICY, escalationLevels: [l1, l3] })).toEqual(['督办级别必须从1开始连续编号']);
    // Listed out of order but numbered 1..3 with rising days: valid (they are sorted first).
    expect(policyProblems({ ...DEFAULT_POLICY, escalationLevels: [l3, l1, l2] })).toEqual([]);
    expect(policyProblems({ ...DEFAULT_POLICY, escalationLevels: [l1, { ...l2, recipients: [] }] })).toEqual([
      '第2级督办必须至少有一类接收人',
    ]);
    expect(policyProblems({ ...DEFAULT_POLICY, reminderRecipients: [] })).toEqual(['提醒必须至少有一类接收人']);
    // No reminders at all need no recipients.
    expect(policyProblems({ ...DEFAULT_POLICY, reminderOffsets: [], reminderRecipients: [] })).toEqual([]);
    expect(policyProblems({ ...DEFAULT_POLICY, reminderOffsets: [0], reminderRecipients: [] })).toEqual(['提醒必须至少有一类接收人']);
  });
  it('rejects levels out of order', () => {
    const [l1, l2] = DEFAULT_POLICY.escalationLevels;
    expect(policyProblems(DEFAULT_POLICY)).toEqual([]);
    expect(policyProblems({ ...DEFAULT_POLICY, escalationLevels: [l1, { ...l2, afterDays: 1 }] })).toContain(
      '更高督办级别的逾期天数必须更大',
    );
  });
  it('renders one digest listing every item', () => {
    const line = {
      title: '事项',
      unitName: '甲单位',
      deadline: '2026-06-14',
      kind: 'escalation' as const,
      offsetDays: -7,
      level: 2,
      noticeNumber: '督办〔2026〕1号',
      interviewRecommended: false,
      remainingDays: -7,
      workingDays: false,
    };
    const text = renderDigest(
      { id: 'u', name: '张三', role: 'unit_manager' },
      [1, 2, 3].map((i) => ({ ...line, itemId: String(i) })),
      'http://rectify.test',
    );
    expect(text.title).toContain('3项');
    expect(text.body.split('\n').filter((l) => l.includes('督办〔2026〕1号'))).toHaveLength(3);
  });
});
