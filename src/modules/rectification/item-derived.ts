/**
 * What is derived from an item on read and never stored (domain.md, "Rectification item lifecycle"):
 * overdue (逾期), days overdue, the warning light (红黄绿灯) and "closed late". Pure: the caller
 * passes today's calendar date in APP_TIMEZONE (from the Clock) and WARNING_DAYS.
 *
 * The same rules in SQL live in `item-filters.ts` (`itemLightSql`); keep the two in step.
 */
import { daysBetween, type CalendarDate } from '../../common/dates.js';
import { isOpen, type ItemStatus } from './item-lifecycle.js';

/** late = submitted or closed after the ORIGINAL deadline (超期提交 / 超期销号): never green. */
export const ITEM_LIGHTS = ['red', 'yellow', 'green', 'late'] as const;
export type ItemLight = (typeof ITEM_LIGHTS)[number];
export const ITEM_LIGHT_LABELS: Record<ItemLight, string> = { red: '逾期', yellow: '临期', green: '正常', late: '超期' };

export type LateKind = 'lateSubmitted' | 'lateClosed';
export const LATE_LABELS: Record<LateKind, string> = { lateSubmitted: '超期提交', lateClosed: '超期销号' };

export interface ItemDerivedInput {
  status: ItemStatus;
  deadline: CalendarDate;
  originalDeadline: CalendarDate;
  closedOn: CalendarDate | null;
  /** The day (APP_TIMEZONE) it was last submitted for closure; null when not submitted. */
  submittedOn?: CalendarDate | null;
}

export interface ItemDerivedState {
  /** Deadline passed (deadline < today) while the item is pending or in progress. */
  overdue: boolean;
  /** Whole days past the deadline when overdue; 0 otherwise. */
  daysOverdue: number;
  /** Days from today to the deadline while open (negative when overdue); null once submitted or closed. */
  daysLeft: number | null;
  /**
   * red = overdue; yellow = open and due within `warningDays` (0..N days left); late = submitted
   * or closed after the original deadline; green otherwise.
   */
  light: ItemLight;
  lightLabel: string;
  /** Closed on a day after the ORIGINAL deadline (extensions do not make a closure on time). */
  closedLate: boolean;
  /** Submitted (awaiting review) after the original deadline. */
  submittedLate: boolean;
  /** lateClosed 超期销号 / lateSubmitted 超期提交, else null. */
  late: LateKind | null;
  lateLabel: string | null;
}

export function deriveItemState(item: ItemDerivedInput, today: CalendarDate, warningDays: number): ItemDerivedState {
  const open = isOpen(item.status);
  const daysLeft = open ? daysBetween(today, item.deadline) : null;
  const overdue = daysLeft !== null && daysLeft < 0;
  const closedLate = item.status === 'closed' && item.closedOn !== null && item.closedOn > item.originalDeadline;
  const submittedLate = item.status === 'submitted' && !!item.submittedOn && item.submittedOn > item.originalDeadline;
  const late: LateKind | null = closedLate ? 'lateClosed' : submittedLate ? 'lateSubmitted' : null;
  const light: ItemLight = overdue ? 'red' : daysLeft !== null && daysLeft <= warningDays ? 'yellow' : late ? 'late' : 'green';
  return {
    overdue,
    daysOverdue: overdue ? -daysLeft : 0,
    daysLeft,
    light,
    lightLabel: ITEM_LIGHT_LABELS[light],
    closedLate,
    submittedLate,
    late,
    lateLabel: late ? LATE_LABELS[late] : null,
  };
}
