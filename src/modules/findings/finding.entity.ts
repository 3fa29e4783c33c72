import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { InspectionBatch } from '../inspections/inspection-batch.entity.js';
import { InspectionGroup } from '../inspections/inspection-group.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { FindingCategory } from './finding-category.entity.js';
import { Measure } from '../plans/measure.entity.js';
import { Unit } from '../units/unit.entity.js';

export const FINDING_SEVERITIES = ['minor', 'general', 'serious'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** A problem an inspection group found at a unit (巡察发现问题). */
// The office's list of referred clues (GET /findings?clueReferred=true) reads only the referred few.
@Index('idx_findings_clue_referral_at', ['clueReferralAt'], { where: 'clue_referral_at IS NOT NULL' })
@Entity('findings')
export class Finding {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  inspectionId: string;

  @Index()
  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'uuid', nullable: true })
  groupId: string | null;

  @Column({ type: 'uuid', nullable: true })
  batchId: string | null;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  inspection?: Relation<Inspection>;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  unit?: Relation<Unit>;

  @ManyToOne(() => InspectionGroup, { nullable: true, onDelete: 'SET NULL' })
  group?: Relation<InspectionGroup> | null;

  @ManyToOne(() => InspectionBatch, { nullable: true, onDelete: 'SET NULL' })
  batch?: Relation<InspectionBatch> | null;

  /** The category's name (kept in step on rename), what reports group by. */
  @Column({ type: 'varchar', length: 100 })
  category: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => FindingCategory, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  categoryRef?: Relation<FindingCategory> | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 20, default: 'general' })
  severity: FindingSeverity;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToMany(() => Measure)
  @JoinTable({ name: 'finding_measures', joinColumn: { name: 'finding_id' }, inverseJoinColumn: { name: 'measure_id' } })
  measures?: Relation<Measure>[];

  /** 问题线索移交: the group's note, when and by whom (once; never shown to units). */
  @Column({ type: 'text', nullable: true })
  clueReferralNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  clueReferralAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  clueReferredById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
