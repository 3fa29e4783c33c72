import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RectificationItem } from './rectification-item.entity.js';

export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/** An extension request (延期申请): the only way a deadline moves. */
@Entity('item_extensions')
@Index('uq_item_extensions_one_pending', ['itemId'], { unique: true, where: `status = 'pending'` })
export class ExtensionRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => RectificationItem, { onDelete: 'CASCADE' })
  item?: Relation<RectificationItem>;

  @Column({ type: 'uuid' })
  requestedById: string;

  @Column({ type: 'date' })
  currentDeadline: string;

  @Column({ type: 'date' })
  newDeadline: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: ExtensionStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
