import { Column, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Unit } from '../units/unit.entity.js';
import { User } from '../users/user.entity.js';
import { InspectionBatch } from './inspection-batch.entity.js';
import { Inspection } from './inspection.entity.js';

/** An inspection group (巡察组): a leader, members, and the units it inspects in a batch. */
@Entity('inspection_groups')
export class InspectionGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  inspectionId: string;

  @ManyToOne(() => Inspection, { onDelete: 'CASCADE' })
  inspection?: Relation<Inspection>;

  @Column({ type: 'uuid', nullable: true })
  batchId: string | null;

  @ManyToOne(() => InspectionBatch, { nullable: true, onDelete: 'SET NULL' })
  batch?: Relation<InspectionBatch> | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  leaderId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  leader?: Relation<User> | null;

  @ManyToMany(() => User)
  @JoinTable({ name: 'inspection_group_members', joinColumn: { name: 'group_id' }, inverseJoinColumn: { name: 'user_id' } })
  members?: Relation<User>[];

  @ManyToMany(() => Unit)
  @JoinTable({ name: 'inspection_group_units', joinColumn: { name: 'group_id' }, inverseJoinColumn: { name: 'unit_id' } })
  units?: Relation<Unit>[];
}
