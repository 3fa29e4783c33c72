import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Inspection } from '../inspections/inspection.entity.js';
import { Unit } from '../units/unit.entity.js';

export const UNIT_REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type UnitReportStatus = (typeof UNIT_REPORT_STATUSES)[number];

export const UNIT_REPORT_STATUS_LABELS: Record<UnitReportStatus, string> = {
  submitted: '待审核',
  accepted: '已通过',
  returned: '已退回',
};

/**
 * A unit's 整改情况报告 for one round: its own account (summary, attachments), accepted or returned
 * with a comment by the office. A returned report stays on record; the unit hands in a new one.
 */
@Entity('unit_reports')
@Index(['inspectionId', 'unitId'])
export class UnitReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  inspectionId: string;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  inspection?: Relation<Inspection>;

  @Index()
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  unit?: Relation<Unit>;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'varchar', length: 20, default: 'submitted' })
  status: UnitReportStatus;

  @Column({ type: 'text', nullable: true })
  decisionComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'uuid' })
  submittedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;
}

/** An attachment of a 整改情况报告: checked and stored exactly like evidence (佐证材料). */
@Entity('unit_report_files')
export class UnitReportFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => UnitReport, { onDelete: 'CASCADE' })
  report?: Relation<UnitReport>;

  @Column({ type: 'uuid' })
  uploaderId: string;

  @Column({ type: 'varchar', length: 255 })
  originalName: string;

  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'varchar', length: 100 })
  mimeType: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
