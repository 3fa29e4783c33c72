import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to one record. Append-only: a migration installs triggers that make the database
 * itself refuse UPDATE, DELETE and TRUNCATE on this table. An insert trigger stamps the inserting
 * transaction's id and the hash of the entry's canonical content; the sealer later links entries
 * into the hash chain (`AuditSeal`). See README "Tamper-evident audit".
 */
@Entity('audit_entries')
@Index(['entityType', 'entityId', 'createdAt'])
@Index(['txId', 'id'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  actorName: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'uuid' })
  entityId: string;

  /** The item a change belongs to, for an item's history (progress, evidence, extensions). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Id of the inserting transaction (set by the insert trigger): the chain's order is (txId, id). */
  @Column({ type: 'bigint', insert: false, update: false, select: false })
  txId: string;

  /** SHA-256 (hex) of the canonical content, set by the insert trigger from what was stored. */
  @Column({ type: 'char', length: 64, insert: false, update: false })
  contentHash: string;
}

/**
 * The link of one audit entry into the hash chain: position n holds the entry's id, the hash of
 * link n-1 and its own hash over (previous hash, position, entry id, content hash). Written only by
 * the database function `audit_seal`, in (txId, id) order, for entries whose transactions have all
 * ended; append-only like the entries.
 */
@Entity('audit_seals')
export class AuditSeal {
  @PrimaryColumn({ type: 'bigint' })
  position: string;

  @Index({ unique: true })
  @Column({ type: 'bigint' })
  entryId: string;

  @Column({ type: 'bigint' })
  entryTxId: string;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  sealedAt: Date;
}
