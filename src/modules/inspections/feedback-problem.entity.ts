import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Inspection } from './inspection.entity.js';

/** A problem fed back by the higher-level inspection (巡视反馈问题). */
@Entity('feedback_problems')
@Unique(['inspectionId', 'code'])
export class FeedbackProblem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  inspectionId: string;

  @ManyToOne(() => Inspection, { onDelete: 'CASCADE' })
  inspection?: Relation<Inspection>;

  /** e.g. `1-1`. */
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  category: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;
}
