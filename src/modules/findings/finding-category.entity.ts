import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The editable list of finding categories (六项纪律, 六大建设, 专项治理 …), seeded by a migration. */
@Entity('finding_categories')
export class FindingCategory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
