import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * What a unit owes the office after a round, chased by the follow-up engine like an item:
 * its 整改方案 (unit_plan), its 整改情况报告 (unit_report), its answer to a self-check (self_check).
 */
export const OBLIGATION_KINDS = ['unit_plan', 'unit_report', 'self_check'] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** The date the round's feedback (反馈意见) was given to one unit: its plan and report deadlines run from it. */
@Entity('unit_feedbacks')
@Unique('uq_unit_feedback', ['inspectionId', 'unitId'])
export class UnitFeedback {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  inspectionId: string;

  @Index()
  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'uuid', nullable: true })
  groupId: string | null;

  @Column({ type: 'date' })
  feedbackDate: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One obligation of one unit. `dueDate` is null while its deadline is unknown (satisfied before the
 * feedback was recorded); `satisfiedAt` set = no longer chased. The ledger's rows for it carry
 * `obligation_id`; `deadlineVersion` rises when the due date is moved, as for items.
 */
@Entity('unit_obligations')
@Index('uq_unit_obligation_round', ['kind', 'inspectionId', 'unitId'], { unique: true, where: 'self_check_id IS NULL' })
@Index('uq_unit_obligation_self_check', ['selfCheckId'], { unique: true, where: 'self_check_id IS NOT NULL' })
@Index('idx_unit_obligations_open', ['dueDate'], { where: 'satisfied_at IS NULL' })
export class UnitObligation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ObligationKind;

  @Column({ type: 'uuid' })
  inspectionId: string;

  @Index()
  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'uuid', nullable: true })
  selfCheckId: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'int', default: 1 })
  deadlineVersion: number;

  /** The ladder's level reached (only ever rises within a deadline version). */
  @Column({ type: 'smallint', default: 0 })
  escalationLevel: number;

  @Column({ type: 'timestamptz', nullable: true })
  satisfiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const SELF_CHECK_SCOPES = ['all', 'not_yet_inspected', 'units'] as const;
export type SelfCheckScope = (typeof SELF_CHECK_SCOPES)[number];

/**
 * A finding marked 共性问题 (举一反三 / 未巡先改): its description and the office's instructions
 * go to every unit in scope. The finding (and so the unit it was found at) is the office's alone.
 */
@Entity('common_problems')
export class CommonProblem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'uuid' })
  findingId: string;

  @Column({ type: 'uuid' })
  inspectionId: string;

  /** The finding's description as sent to the units (copied: the units never read the finding). */
  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  instructions: string;

  @Column({ type: 'varchar', length: 20 })
  scope: SelfCheckScope;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 自查自纠: one unit's check against a common problem, and its answer. */
@Entity('self_checks')
@Unique('uq_self_check_unit', ['commonProblemId', 'unitId'])
export class SelfCheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  commonProblemId: string;

  @Index()
  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'boolean', nullable: true })
  found: boolean | null;

  @Column({ type: 'text', nullable: true })
  statement: string | null;

  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  itemIds: string[];

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  answeredById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
