import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RectificationItem } from './rectification-item.entity.js';

/** A progress report (整改进展) on an item. */
@Entity('item_progress_updates')
export class ProgressUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => RectificationItem, { onDelete: 'CASCADE' })
  item?: Relation<RectificationItem>;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'smallint', nullable: true })
  percent: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
