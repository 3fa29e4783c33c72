import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Actor } from '../../common/actor.js';
import type { Page } from '../../common/pagination.js';
import { auditActionLabel } from '../../common/labels.js';
import { AuditEntry } from './audit-entry.entity.js';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  /** The item this change belongs to, when the entity is part of one (progress, evidence…). */
  subjectId?: string | null;
  before?: object | null;
  after?: object | null;
}

/**
 * The column list of an audit row for a statement that writes its own entry (an INSERT … SELECT in
 * a CTE, so the change and its entry are one round trip and one atomic statement). Values in this
 * order: actor_id, actor_name, actor_role, request_id (from `AuditService.actorColumns`), then action,
 * entity_type, entity_id, subject_id, before, after.
 */
export const AUDIT_INSERT =
  'INSERT INTO audit_entries (actor_id, actor_name, actor_role, request_id, action, entity_type, entity_id, subject_id, before, after)';

const SECRET_KEYS = new Set(['passwordHash', 'password']);

/** Entries linked per call of `audit_seal` (one short transaction each). */
const SEAL_BATCH = 5_000;
/** Upper bound on sealing rounds per call, so a verify under a write storm still ends. */
const SEAL_MAX_ROUNDS = 200;

/** What is wrong with the first broken link of the audit chain. */
export type AuditChainProblem =
  /** Links are missing between two positions (seal rows removed). */
  | 'positions_missing'
  /** A link does not carry the hash of the link before it. */
  | 'link_broken'
  /** A sealed entry is no longer there (deleted). */
  | 'entry_deleted'
  /** An entry's content no longer matches the hash stamped at insert. */
  | 'content_changed'
  /** An entry's content, hash or place differs from what was sealed. */
  | 'seal_mismatch'
  /** An entry sorts before the sealed head but was never sealed: inserted afterwards. */
  | 'entry_not_in_chain';

export interface AuditChainBreak {
  /** Chain position of the broken link; null for an entry that is not in the chain. */
  position: number | null;
  entryId: string | null;
  problem: AuditChainProblem;
  message: string;
}

export interface AuditVerification {
  intact: boolean;
  /** Entries linked into the chain. */
  sealed: number;
  /** Entries of transactions that were still running (sealed by a later run); content-checked only. */
  pending: number;
  /** The chain's last link: record it elsewhere to detect a rewrite of the whole chain. */
  head: { position: number; hash: string } | null;
  broken: AuditChainBreak | null;
  message: string;
}

/**
 * The first broken link in chain order. Checks, per position: contiguous positions, the link to
 * the previous hash, the entry still there, its content against the hash stamped at insert, and
 * the link hash over (previous hash, position, entry id, content hash).
 */
const FIRST_BROKEN_LINK_SQL = `
  SELECT w.position::text AS position, w.entry_id::text AS "entryId", w.prev_position::text AS "prevPosition", w.problem
  FROM (
    SELECT s.position, s.entry_id, lag(s.position) OVER w AS prev_position,
      CASE
        WHEN s.position <> coalesce(lag(s.position) OVER w, 0) + 1 THEN 'positions_missing'
        WHEN s.prev_hash <> coalesce(lag(s.hash) OVER w, repeat('0', 64)) THEN 'link_broken'
        WHEN e.id IS NULL THEN 'entry_deleted'
        WHEN e.content_hash <> audit_content_hash(e) THEN 'content_changed'
        WHEN s.hash <> audit_link_hash(s.prev_hash, s.position, s.entry_id, e.content_hash) THEN 'seal_mismatch'
      END AS problem
    FROM audit_seals s LEFT JOIN audit_entries e ON e.id = s.entry_id
    WINDOW w AS (ORDER BY s.position)
  ) w
  WHERE w.problem IS NOT NULL
  ORDER BY w.position
  LIMIT 1`;

/** Entries without a link: pending ones (after the head) are content-checked; any before it is forged. */
const UNSEALED_SQL = `
  WITH unsealed AS (
    SELECT e.id, e.tx_id, (e.tx_id, e.id) > ($1::bigint, $2::bigint) AS after_head,
      CASE
        WHEN (e.tx_id, e.id) < ($1::bigint, $2::bigint) THEN 'entry_not_in_chain'
        WHEN e.content_hash <> audit_content_hash(e) THEN 'content_changed'
      END AS problem
    FROM audit_entries e
    WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.entry_id = e.id)
  )
  SELECT (SELECT count(*)::int FROM unsealed WHERE after_head) AS pending,
    (SELECT u.id::text FROM unsealed u WHERE u.problem IS NOT NULL ORDER BY u.tx_id, u.id LIMIT 1) AS "entryId",
    (SELECT u.problem FROM unsealed u WHERE u.problem IS NOT NULL ORDER BY u.tx_id, u.id LIMIT 1) AS problem`;

function breakMessage(problem: AuditChainProblem, position: string | null, entryId: string | null, prevPosition: string | null): string {
  switch (problem) {
    case 'positions_missing':
      return `审计链第 ${Number(prevPosition ?? 0) + 1}–${Number(position) - 1} 位缺失(链环被删除),其后为第 ${position} 位的条目 #${entryId}`;
    case 'link_broken':
      return `审计链第 ${position} 位(条目 #${entryId})记录的前一环哈希与第 ${Number(position) - 1} 位不符`;
    case 'entry_deleted':
      return `审计链第 ${position} 位的条目 #${entryId} 已被删除`;
    case 'content_changed':
      return position
        ? `审计链第 ${position} 位的条目 #${entryId} 内容已被改动(与写入时的哈希不符)`
        : `尚未封存的条目 #${entryId} 内容已被改动(与写入时的哈希不符)`;
    case 'seal_mismatch':
      return `审计链第 ${position} 位的条目 #${entryId} 的内容或位置与封存时不符`;
    case 'entry_not_in_chain':
      return `条目 #${entryId} 不在审计链中,却排在已封存的条目之前(事后插入)`;
  }
}

/** Plain JSON of an entity without secrets, for before/after snapshots. */
export function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return JSON.parse(JSON.stringify(value, (k, v) => (SECRET_KEYS.has(k) ? undefined : v))) as Record<string, unknown>;
}

/**
 * The audit trail. `record` must be given the transaction's EntityManager, so that the entry
 * commits or rolls back with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Who made a change, as the audit columns hold it. Shared by `record` and by the few statements
   * that write their audit entry in the same SQL statement as the change (see `AUDIT_INSERT`).
   */
  static actorColumns(actor: Actor): Pick<AuditEntry, 'actorId' | 'actorName' | 'actorRole' | 'requestId'> {
    return {
      actorId: actor.username === 'system' ? null : actor.id,
      actorName: actor.username,
      actorRole: actor.role,
      requestId: actor.requestId || null,
    };
  }

  async record(manager: EntityManager, actor: Actor, entry: AuditRecord): Promise<void> {
    const row: Partial<AuditEntry> = {
      ...AuditService.actorColumns(actor),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      subjectId: entry.subjectId ?? null,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
    };
    await manager.insert(AuditEntry, row as QueryDeepPartialEntity<AuditEntry>);
  }

  /**
   * Links every entry whose transaction has ended into the chain. Each round is one statement in
   * a transaction of its own (never call it inside another transaction: it must see what
   * committed before it). Returns the number of entries sealed.
   */
  async seal(): Promise<number> {
    let total = 0;
    for (let round = 0; round < SEAL_MAX_ROUNDS; round++) {
      const [{ n }] = await this.dataSource.query<{ n: number }[]>(`SELECT audit_seal($1) AS n`, [SEAL_BATCH]);
      total += n;
      if (n < SEAL_BATCH) break;
    }
    return total;
  }

  /** Seals what can be sealed, then walks the whole chain in one snapshot; names the first broken link. */
  async verify(): Promise<AuditVerification> {
    await this.seal();
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      const [head] = await m.query<{ position: string; hash: string; txId: string; entryId: string }[]>(
        `SELECT s.position::text, s.hash, s.entry_tx_id::text AS "txId", s.entry_id::text AS "entryId" FROM audit_seals s ORDER BY s.position DESC LIMIT 1`,
      );
      const [{ sealed }] = await m.query<{ sealed: number }[]>(`SELECT count(*)::int AS sealed FROM audit_seals`);
      const [link] =
        await m.query<{ position: string; entryId: string; prevPosition: string | null; problem: AuditChainProblem }[]>(
          FIRST_BROKEN_LINK_SQL,
        );
      const [unsealed] = await m.query<{ pending: number; entryId: string | null; problem: AuditChainProblem | null }[]>(UNSEALED_SQL, [
        head?.txId ?? '-1',
        head?.entryId ?? '0',
      ]);
      const broken: AuditChainBreak | null = link
        ? {
            position: Number(link.position),
            entryId: link.entryId,
            problem: link.problem,
            message: breakMessage(link.problem, link.position, link.entryId, link.prevPosition),
          }
        : unsealed.problem
          ? {
              position: null,
              entryId: unsealed.entryId,
              problem: unsealed.problem,
              message: breakMessage(unsealed.problem, null, unsealed.entryId, null),
            }
          : null;
      const pending = unsealed.pending;
      return {
        intact: broken === null,
        sealed,
        pending,
        head: head ? { position: Number(head.position), hash: head.hash } : null,
        broken,
        message: broken
          ? `审计链已被篡改:${broken.message}`
          : `审计链完整:${sealed} 条已封存` + (pending > 0 ? `,${pending} 条所在事务尚未结束、待封存` : ''),
      };
    });
  }

  async list(
    filter: { entityType?: string; entityId?: string; subjectId?: string },
    page: { offset: number; pageSize: number; page: number },
  ): Promise<Page<AuditEntry & { actionLabel: string }>> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').orderBy('a.id', 'DESC');
    if (filter.entityType) qb.andWhere('a.entityType = :entityType', { entityType: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entityId = :entityId', { entityId: filter.entityId });
    if (filter.subjectId) qb.andWhere('(a.subjectId = :subjectId OR a.entityId = :subjectId)', { subjectId: filter.subjectId });
    const [data, total] = await qb.skip(page.offset).take(page.pageSize).getManyAndCount();
    return { data: data.map((e) => ({ ...e, actionLabel: auditActionLabel(e.action) })), total, page: page.page, pageSize: page.pageSize };
  }

  /** Everything that happened to one item and the records that hang under it, oldest first. */
  async historyOf(subjectId: string): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.subjectId = :id OR a.entityId = :id', { id: subjectId })
      .orderBy('a.id', 'ASC')
      .getMany();
  }
}
