import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Inspection } from '../inspections/inspection.entity.js';

/** The rectification implementation plan (整改落实方案) answering a higher-level inspection. */
@Entity('rectification_plans')
export class RectificationPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  inspectionId: string;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  inspection?: Relation<Inspection>;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNo: string | null;

  @Column({ type: 'date', nullable: true })
  issuedDate: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
