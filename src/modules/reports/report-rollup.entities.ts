import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Maintained rollups of rectification_items, kept exact by statement-level triggers on the items
 * (migration ReportRollupTriggers, same transaction as every insert/update/delete), so the
 * aggregate reports read a few thousand rows instead of scanning every item.
 *
 * "Overdue" depends on today, so a rollup row keeps `overdueAtAnchor` = open items whose deadline
 * is before the anchor day in `report_rollup_state`; a report adds the open items whose deadline
 * lies between the anchor and today, read from the items through idx_items_open_deadline. The
 * daily snapshot re-anchors to today (report_rollup_rebuild), which keeps that correction small;
 * the figures are exact whatever the anchor.
 */
/** The nil UUID: "no finding" / "no measure" in report_item_rollup's key. */
export const ROLLUP_NONE = '00000000-0000-0000-0000-000000000000';

/** The figures both rollups keep per key (not an entity: its columns are inherited). */
export abstract class RollupCounts {
  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'int', default: 0 })
  closed: number;

  @Column({ type: 'int', default: 0 })
  submitted: number;

  @Column({ type: 'int', default: 0 })
  inProgress: number;

  @Column({ type: 'int', default: 0 })
  pending: number;

  @Column({ type: 'int', default: 0 })
  overdueAtAnchor: number;

  @Column({ type: 'int', default: 0 })
  closedOnTime: number;

  @Column({ type: 'int', default: 0 })
  closedDated: number;

  /** Sum over closed items of max(closed_at − created_at, 0) in seconds. */
  @Column({ type: 'numeric', default: 0 })
  daysToCloseSeconds: string;
}

/**
 * Keyed by the item's source: its finding, or its measure for the bureau's own tasks. Key columns
 * cannot be null, so the absent one holds the nil UUID (ROLLUP_NONE).
 */
@Entity('report_item_rollup')
export class ReportItemRollup extends RollupCounts {
  @PrimaryColumn({ type: 'uuid' })
  findingId: string;

  @PrimaryColumn({ type: 'uuid' })
  measureId: string;

  @PrimaryColumn({ type: 'uuid' })
  responsibleUnitId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  rectificationType: string;
}

/** The same figures per (unit, type, month of the current deadline), for closure by month. */
@Entity('report_month_rollup')
export class ReportMonthRollup extends RollupCounts {
  @PrimaryColumn({ type: 'uuid' })
  responsibleUnitId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  rectificationType: string;

  @PrimaryColumn({ type: 'date' })
  deadlineMonth: string;
}

/** One row (id = 1): the anchor day of `overdueAtAnchor` in both rollups. */
@Entity('report_rollup_state')
export class ReportRollupState {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'date' })
  anchor: string;
}
