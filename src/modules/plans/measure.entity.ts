import { Column, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { FeedbackProblem } from '../inspections/feedback-problem.entity.js';
import { Unit } from '../units/unit.entity.js';
import { RectificationPlan } from './rectification-plan.entity.js';

export const RECTIFICATION_TYPES = ['immediate', 'time_limited', 'long_term'] as const;
export type RectificationType = (typeof RECTIFICATION_TYPES)[number];

export const RECTIFICATION_TYPE_LABELS: Record<RectificationType, string> = {
  immediate: '立行立改',
  time_limited: '限期整改',
  long_term: '长期坚持',
};

/** One numbered measure (整改措施) of the plan; answers one or more feedback problems. */
@Entity('measures')
@Unique(['planId', 'number'])
export class Measure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @ManyToOne(() => RectificationPlan, { onDelete: 'CASCADE' })
  plan?: Relation<RectificationPlan>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  responsibleLeader: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  leadDepartment: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  cooperatingDepartments: string | null;

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  /** The deadline as the plan wrote it: `2019年9月底前`, `长期坚持`, `每季度`. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  deadlineText: string | null;

  @Column({ type: 'varchar', length: 20 })
  rectificationType: RectificationType;

  /** Written `立行立改，长期坚持`: done at once and kept up (type long_term, immediate true). */
  @Column({ type: 'boolean', default: false })
  immediate: boolean;

  /** The unit of the org tree that leads it (牵头部门); `leadDepartment` keeps the plan's own words. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  leadUnitId: string | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  leadUnit?: Relation<Unit> | null;

  @ManyToMany(() => Unit)
  @JoinTable({ name: 'measure_cooperating_units', joinColumn: { name: 'measure_id' }, inverseJoinColumn: { name: 'unit_id' } })
  cooperatingUnits?: Relation<Unit>[];

  /** 对账销号: when, by whom and with what statement the office signed the measure off; null while not. */
  @Column({ type: 'timestamptz', nullable: true })
  signedOffAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  signedOffById: string | null;

  @Column({ type: 'text', nullable: true })
  signoffStatement: string | null;

  @ManyToMany(() => FeedbackProblem)
  @JoinTable({ name: 'measure_feedback_problems', joinColumn: { name: 'measure_id' }, inverseJoinColumn: { name: 'feedback_problem_id' } })
  feedbackProblems?: Relation<FeedbackProblem>[];
}
