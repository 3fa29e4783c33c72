/**
 * The follow-up policy: thresholds are configuration, not code. Pure (no I/O), unit-tested.
 *
 * Rules decided here:
 *  - Reminders: when several offsets were crossed at once (an item created 2 days before its
 *    deadline, or sweeps that did not run for a while) only the most recent one fires — the
 *    smallest offset ≥ the days remaining. Earlier, skipped offsets are never sent later.
 *  - Escalations climb one level per sweep, and stay at least ESCALATION_MIN_WORKING_DAYS at a
 *    level (the sweep's SQL), so each step is issued and on record before the next — even for an
 *    item backfilled 300 days late. `escalationLevel` below is the highest level the days allow.
 *  - long_term items (长期坚持) get a check-in once per period (default a quarter) instead.
 *  - `countWorkingDays`: offsets count working days (weekends, holidays and 调休 from the calendar).
 */
export const RECIPIENT_ROLES = ['owner', 'unit_manager', 'office', 'leadership'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export interface EscalationLevelPolicy {
  level: number;
  /** Days after the deadline. */
  afterDays: number;
  recipients: RecipientRole[];
  /** The office issues a supervision notice (督办单). */
  supervisionNotice: boolean;
  /** An interview (约谈) is recommended in the message. */
  interviewRecommended: boolean;
}

export interface FollowUpPolicy {
  /** Days before the deadline (0 = the due day). */
  reminderOffsets: number[];
  reminderRecipients: RecipientRole[];
  escalationLevels: EscalationLevelPolicy[];
  /** long_term items: one check-in every N months. */
  checkInMonths: number;
  checkInRecipients: RecipientRole[];
  countWorkingDays: boolean;
}

export const DEFAULT_POLICY: FollowUpPolicy = {
  reminderOffsets: [7, 3, 1, 0],
  reminderRecipients: ['owner', 'unit_manager'],
  // Each level keeps the recipients of the levels below (cumulativeRecipients): these name what it adds.
  escalationLevels: [
    { level: 1, afterDays: 1, recipients: ['owner', 'unit_manager'], supervisionNotice: false, interviewRecommended: false },
    { level: 2, afterDays: 7, recipients: ['office'], supervisionNotice: true, interviewRecommended: false },
    { level: 3, afterDays: 15, recipients: ['leadership'], supervisionNotice: false, interviewRecommended: true },
  ],
  checkInMonths: 3,
  checkInRecipients: ['owner', 'unit_manager'],
  countWorkingDays: false,
};

/** The reminder that fires when `remaining` days are left, or null. */
export function reminderStep(offsets: readonly number[], remaining: number): number | null {
  if (remaining < 0) return null;
  const crossed = offsets.filter((o) => o >= remaining);
  return crossed.length ? Math.min(...crossed) : null;
}

/** The escalation level reached when `overdue` days have passed since the deadline, or null. */
export function escalationLevel(levels: readonly EscalationLevelPolicy[], overdue: number): EscalationLevelPolicy | null {
  if (overdue <= 0) return null;
  const crossed = levels.filter((l) => l.afterDays <= overdue);
  return crossed.length ? crossed.reduce((a, b) => (b.level > a.level ? b : a)) : null;
}

/**
 * Who each escalation level notifies: its own recipients and those of every level below (催办 goes
 * to the owner and the unit manager; 督办单 adds the office; 约谈 adds leadership). Keyed by level.
 */
export function cumulativeRecipients(levels: readonly EscalationLevelPolicy[]): Record<string, RecipientRole[]> {
  const sorted = [...levels].sort((a, b) => a.level - b.level);
  const out: Record<string, RecipientRole[]> = {};
  const acc = new Set<RecipientRole>();
  for (const l of sorted) {
    l.recipients.forEach((r) => acc.add(r));
    out[String(l.level)] = RECIPIENT_ROLES.filter((r) => acc.has(r));
  }
  return out;
}

/** The check-in period of a calendar date: months since year 0 divided by the period length. */
export function checkInPeriod(date: string, months: number): number {
  const [y, m] = date.split('-').map(Number);
  return Math.floor((y * 12 + (m - 1)) / months);
}

/** Problems with a policy (levels must increase with the days), in Chinese; empty when valid. */
export function policyProblems(p: FollowUpPolicy): string[] {
  const problems: string[] = [];
  if (new Set(p.reminderOffsets).size !== p.reminderOffsets.length) problems.push('提醒天数不能重复');
  const levels = [...p.escalationLevels].sort((a, b) => a.level - b.level);
  levels.forEach((l, i) => {
    if (l.level !== i + 1) problems.push('督办级别必须从1开始连续编号');
    if (i > 0 && l.afterDays <= levels[i - 1].afterDays) problems.push('更高督办级别的逾期天数必须更大');
    if (l.recipients.length === 0) problems.push(`第${l.level}级督办必须至少有一类接收人`);
  });
  if (p.reminderOffsets.length > 0 && p.reminderRecipients.length === 0) problems.push('提醒必须至少有一类接收人');
  return [...new Set(problems)];
}
