/**
 * A measure's status is derived, never stored: from the items linked to it (its own tasks and the
 * items of the findings that answer it) and its sign-off (对账销号).
 */
export const MEASURE_STATUSES = ['not_started', 'in_progress', 'awaiting_signoff', 'signed_off'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const MEASURE_STATUS_LABELS: Record<MeasureStatus, string> = {
  not_started: '未启动',
  in_progress: '整改中',
  awaiting_signoff: '待对账销号',
  signed_off: '已对账销号',
};

/** Counts of the items linked to a measure. */
export interface LinkedItemCounts {
  total: number;
  closed: number;
  /** Items past `pending` (started, submitted or closed). */
  started: number;
  overdue: number;
}

export const NO_ITEMS: LinkedItemCounts = { total: 0, closed: 0, started: 0, overdue: 0 };

/**
 * signed_off once signed off (whatever happened since: a reopened item shows in the counts, and the
 * office reopens the measure); else awaiting_signoff when it has items and all are closed;
 * in_progress when any item has started; not_started otherwise (no item, or none started).
 */
export function measureStatus(counts: LinkedItemCounts, signedOff: boolean): MeasureStatus {
  if (signedOff) return 'signed_off';
  if (counts.total > 0 && counts.closed === counts.total) return 'awaiting_signoff';
  if (counts.started > 0) return 'in_progress';
  return 'not_started';
}
