import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
  type Relation,
} from 'typeorm';
import { Finding } from '../findings/finding.entity.js';
import { Measure, type RectificationType } from '../plans/measure.entity.js';
import { UnitPlan } from '../unit-plans/unit-plan.entity.js';
import { Unit } from '../units/unit.entity.js';
import { User } from '../users/user.entity.js';
import type { ItemStatus } from './item-lifecycle.js';

/**
 * A rectification item (整改事项): what a unit must do about a finding — or, for the bureau's own
 * tasks, about a measure of the plan (exactly one of `findingId`, `measureId`) — by when, under whom.
 * `overdue` and the warning light are derived on read, never stored.
 */
@Entity('rectification_items')
@Check('chk_items_finding_or_measure', 'num_nonnulls("finding_id", "measure_id") = 1')
@Index(['responsibleUnitId', 'status'])
// Open items by deadline; the other columns let the report rollups' overdue correction run as an index-only scan.
@Index('idx_items_open_deadline', ['deadline', 'findingId', 'measureId', 'responsibleUnitId', 'rectificationType'], {
  where: `status IN ('pending', 'in_progress')`,
})
// The follow-up sweep's long-term arm (check-ins whatever the deadline): open long_term items only, not a table scan.
@Index('idx_items_open_long_term', ['id'], { where: `status IN ('pending', 'in_progress') AND rectification_type = 'long_term'` })
export class RectificationItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  findingId: string | null;

  @ManyToOne(() => Finding, { nullable: true, onDelete: 'RESTRICT' })
  finding?: Relation<Finding> | null;

  /** A task of the bureau hung directly under a measure (no finding). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  measureId: string | null;

  @ManyToOne(() => Measure, { nullable: true, onDelete: 'RESTRICT' })
  measure?: Relation<Measure> | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** 整改措施: what the unit will do. */
  @Column({ type: 'text', nullable: true })
  actions: string | null;

  @Column({ type: 'uuid' })
  responsibleUnitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  responsibleUnit?: Relation<Unit>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  owner?: Relation<User> | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  responsibleLeader: string | null;

  @Column({ type: 'date' })
  deadline: string;

  /** The deadline first set; extensions move `deadline` only, on-time statistics use this. */
  @Column({ type: 'date' })
  originalDeadline: string;

  /** Bumped whenever the deadline moves, so reminders keyed on it re-target. */
  @Column({ type: 'int', default: 0 })
  deadlineVersion: number;

  @Column({ type: 'varchar', length: 20 })
  rectificationType: RectificationType;

  @Index()
  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: ItemStatus;

  @Column({ type: 'smallint', default: 0 })
  escalationLevel: number;

  @Column({ type: 'smallint', default: 0 })
  progressPercent: number;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** Who submitted it for closure (申请销号): never the one who approves it. Cleared on reject and reopen. */
  @Column({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The calendar day (configured zone) it was closed, for on-time and monthly figures. */
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  /** The unit's 整改方案 the item was drafted in (null: created by the office directly). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  unitPlanId: string | null;

  @ManyToOne(() => UnitPlan, { onDelete: 'RESTRICT' })
  unitPlan?: Relation<UnitPlan>;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
