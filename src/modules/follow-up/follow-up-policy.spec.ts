import { describe, expect, it } from '@jest/globals';
import { checkInPeriod, DEFAULT_POLICY, escalationLevel, policyProblems, reminderStep } from './follow-up-policy.js';
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
