import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const INSPECTION_KINDS = ['higher_level', 'internal_round'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** An internal round is `open` while its groups work; once `closed` (by the office) its inspectors' access ends. */
export const ROUND_STATUSES = ['open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/**
 * Either the higher-level inspection (上级巡视) that fed problems back to the bureau, or one of the
 * bureau's own internal rounds (本级巡察) that carries rectification down to its units.
 */
@Entity('inspections')
export class Inspection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: InspectionKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  inspectingBody: string | null;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'date', nullable: true })
  feedbackDate: string | null;

  /** For an internal round: the rectification plan it serves. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  /** Internal rounds only; a higher-level inspection stays `open`. */
  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: RoundStatus;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
