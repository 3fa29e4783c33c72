import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
  type Relation,
} from 'typeorm';
import { Inspection } from '../inspections/inspection.entity.js';
import { Unit } from '../units/unit.entity.js';

export const UNIT_PLAN_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type UnitPlanStatus = (typeof UNIT_PLAN_STATUSES)[number];

export const UNIT_PLAN_STATUS_LABELS: Record<UnitPlanStatus, string> = {
  draft: '草拟中',
  submitted: '待审核',
  approved: '已审定',
};

/**
 * A unit's own 整改方案 for one round (主体责任): drafted by the unit's manager as 三张清单 — its
 * findings (问题清单), the items it adds (任务清单: status draft until approval) and their owners and
 * leaders (责任清单) — submitted, then approved or returned (with a comment) by the office.
 * One per unit and round.
 */
@Entity('unit_plans')
@Unique('uq_unit_plans_round_unit', ['inspectionId', 'unitId'])
export class UnitPlan {
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

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: UnitPlanStatus;

  /** The office's comment when it last returned the plan (shown on the draft until resubmitted). */
  @Column({ type: 'text', nullable: true })
  returnComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
