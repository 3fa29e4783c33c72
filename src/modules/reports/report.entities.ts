import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One day's figures for one unit (unit_id = the item's responsible unit), written by the daily
 * snapshot job. Trend lines sum the rows of the units in the caller's scope, so reading a trend
 * never scans items. `unit_id` is never null: bureau-wide figures are the sum over units.
 */
@Entity('report_snapshots')
@Unique('uq_report_snapshots_day_unit', ['day', 'unitId'])
export class ReportSnapshot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int' })
  closed: number;

  @Column({ type: 'int' })
  overdue: number;

  @Column({ type: 'int' })
  closedOnTime: number;

  @Column({ type: 'int' })
  longTermTotal: number;

  @Column({ type: 'int' })
  longTermClosed: number;

  @Column({ type: 'timestamptz' })
  takenAt: Date;
}

/** A weekly progress bulletin (整改进展通报): its figures, a short Chinese summary and the workbook. */
@Entity('report_bulletins')
@Unique('uq_report_bulletins_week', ['weekStart'])
export class ReportBulletin {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Monday of the week covered (APP_TIMEZONE). */
  @Column({ type: 'date' })
  weekStart: string;

  @Column({ type: 'date' })
  weekEnd: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb' })
  figures: Record<string, unknown>;

  @Column({ type: 'bytea', select: false })
  xlsx: Buffer;

  /** How many inbox notifications were written for it. */
  @Column({ type: 'int', default: 0 })
  delivered: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
