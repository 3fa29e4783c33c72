import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RectificationItem } from './rectification-item.entity.js';

/** Evidence (佐证材料) uploaded for an item; the bytes live in the upload directory. */
@Entity('item_evidence')
export class EvidenceFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => RectificationItem, { onDelete: 'CASCADE' })
  item?: Relation<RectificationItem>;

  @Column({ type: 'uuid', nullable: true })
  uploaderId: string | null;

  @Column({ type: 'varchar', length: 255 })
  originalName: string;

  /** Server-side name, never derived from user input. */
  @Column({ type: 'varchar', length: 255 })
  storedName: string;

  @Column({ type: 'varchar', length: 150 })
  mimeType: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
