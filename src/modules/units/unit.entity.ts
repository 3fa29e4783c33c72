import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';

/** A unit (单位) of the bureau's system; units form a tree. */
@Entity('units')
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Other names the unit goes by in documents (e.g. 办公室 for 局办公室): a plan's 牵头部门 matches name or alias. */
  @Column({ type: 'varchar', length: 200, array: true, default: () => "'{}'" })
  aliases: string[];

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  /** false once deactivated: kept with its history, but takes no new items, users, findings or group assignments. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  parent?: Relation<Unit> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
