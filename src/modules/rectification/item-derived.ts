/**
 * What is derived from an item on read and never stored (domain.md, "Rectification item lifecycle"):
 * overdue (逾期), days overdue, the warning light (红黄绿灯) and "closed late". Pure: the caller
 * passes today's calendar date in APP_TIMEZONE (from the Clock) and WARNING_DAYS.
 *
 * The same rules in SQL live in `item-filters.ts` (`itemLightSql`); keep the two in step.
 */
import { daysBetween, type CalendarDate } from '../../common/dates.js';
import { isOpen, type ItemStatus } from './item-lifecycle.js';

export const ITEM_LIGHTS = ['red', 'yellow', 'green'] as const;
export type ItemLight = (typeof ITEM_LIGHTS)[number];

export interface ItemDerivedInput {
  status: ItemStatus;
  deadline: CalendarDate;
  originalDeadline: CalendarDate;
  closedOn: CalendarDate | null;
}

export interface ItemDerivedState {
  /** Deadline passed (deadline < today) while the item is pending or in progress. */
  overdue: boolean;
  /** Whole days past the deadline when overdue; 0 otherwise. */
  daysOverdue: number;
  /** Days from today to the deadline while open (negative when overdue); null once submitted or closed. */
  daysLeft: number | null;
  /** red = overdue; yellow = open and due within `warningDays` (0..N days left); green otherwise or closed. */
  light: ItemLight;
  /** Closed on a day after the ORIGINAL deadline (extensions do not make a closure on time). */
  closedLate: boolean;
}

export function deriveItemState(item: ItemDerivedInput, today: CalendarDate, warningDays: number): ItemDerivedState {
  const open = isOpen(item.status);
  const daysLeft = open ? daysBetween(today, item.deadline) : null;
  const overdue = daysLeft !== null && daysLeft < 0;
  const light: ItemLight = overdue ? 'red' : daysLeft !== null && daysLeft <= warningDays ? 'yellow' : 'green';
  return {
    overdue,
    daysOverdue: overdue ? -daysLeft : 0,
    daysLeft,
    light,
    closedLate: item.status === 'closed' && item.closedOn !== null && item.closedOn > item.originalDeadline,
  };
}
