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
