import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

/**
 * The editable two-level list of finding categories (政治建设 › 政治纪律 …), seeded by a migration from
 * the focus areas (六大建设, 六项纪律, 三大问题, 三个重点). Names are unique across both levels, so a
 * finding may still name its category.
 */
@Entity('finding_categories')
export class FindingCategory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The top-level category it belongs to; null for a top-level one. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => FindingCategory, { nullable: true, onDelete: 'RESTRICT' })
  parent?: Relation<FindingCategory> | null;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
