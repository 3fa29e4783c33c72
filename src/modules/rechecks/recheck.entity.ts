import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RectificationItem } from '../rectification/rectification-item.entity.js';

export const RECHECK_STATUSES = ['scheduled', 'held', 'rebound'] as const;
export type RecheckStatus = (typeof RECHECK_STATUSES)[number];

export const RECHECK_STATUS_LABELS: Record<RecheckStatus, string> = {
  scheduled: '待回头看',
  held: '整改成效巩固',
  rebound: '问题反弹',
};

/**
 * 回头看: a closed item revisited by a due date. `held` = the rectification held; `rebound` = the
 * problem came back, and the item was reopened (问题反弹) with the note as its reason. At most one
 * scheduled re-check per item.
 */
@Entity('rechecks')
@Index('uq_rechecks_scheduled_item', ['itemId'], { unique: true, where: `status = 'scheduled'` })
export class Recheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => RectificationItem, { onDelete: 'CASCADE' })
  item?: Relation<RectificationItem>;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 20, default: 'scheduled' })
  status: RecheckStatus;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resultAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resultById: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
