import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * 问题线索: a clue found during a round and handed over (移交) to 纪检监察 or 组织部门. The office's
 * register alone: no unit, inspector or admin ever reads it, and nothing else (exports, digests,
 * webhooks) queries this table.
 */
@Entity('clues')
export class Clue {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  inspectionId: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ type: 'uuid', nullable: true })
  findingId: string | null;

  @Column({ type: 'text' })
  summary: string;

  /** To whom it was handed: 纪检监察 or 组织部门. */
  @Column({ type: 'varchar', length: 20 })
  transferredTo: string;

  @Column({ type: 'date' })
  transferredOn: string;

  /** What became of it (处置结果), once known. */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'date', nullable: true })
  outcomeOn: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** What 约谈 and 问责 records share: the unit concerned, the items (the unit's or its sub-units'), who recorded it and when. */
abstract class UnitRegisterEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  unitId: string;

  /** Items the record is about (items of the unit or its sub-units). */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  itemIds: string[];

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 约谈: a talk held with a unit's leaders about its rectification; the unit's manager reads those of his unit. */
@Entity('interviews')
export class Interview extends UnitRegisterEntry {
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 100 })
  interviewer: string;

  @Column({ type: 'text' })
  note: string;
}

/** 问责: an accountability decision; office and leadership only. */
@Entity('accountability_records')
export class AccountabilityRecord extends UnitRegisterEntry {
  /** Who is held to account (a person or a body). */
  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  decision: string;

  @Column({ type: 'date' })
  decidedOn: string;
}
