import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_INSERT, type AuditService } from '../audit/audit.service.js';
import { ScopeService, type Scope } from '../scope/scope.service.js';
import { User } from '../users/user.entity.js';
import { EvidenceFile } from './evidence-file.entity.js';
import { EVIDENCE_RECORD_ACTIONS } from './evidence-rules.js';
import { ExtensionRequest, type ExtensionStatus } from './extension-request.entity.js';
import { applyItemFilters, ITEM_SORT_SQL, type ItemFilterContext, type ItemListQuery } from './item-filters.js';
import { ProgressUpdate } from './progress-update.entity.js';
import { RectificationItem } from './rectification-item.entity.js';
import { unitSubtree } from '../units/units.repository.js';

export interface NewProgress {
  itemId: string;
  authorId: string;
  note: string;
  percent: number | null;
}

/** The progress row as the API answers it and the audit entry records it. */
export interface ProgressRow extends NewProgress {
  id: string;
  createdAt: string;
}

export interface TraceFeedbackProblem {
  id: string;
  code: string;
  category: string;
  description: string;
  inspection: { id: string; title: string; inspectingBody: string | null; kind: string };
}

export interface TraceMeasure {
  id: string;
  number: number;
  content: string;
  planId: string;
  rectificationType: string;
  deadline: string | null;
  deadlineText: string | null;
  feedbackProblems: TraceFeedbackProblem[];
}

/** Reads of the rectification module that are more than a `findOneBy`: lists, detail, trace. */
@Injectable()
export class RectificationItemsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /**
   * The item by id: read by the access check of every item request. One plain statement mapped to the
   * entity instead of `findOneBy`'s query building and hydration (measured: most of the Node CPU of
   * the read); `date` columns come back as the same `YYYY-MM-DD` strings TypeORM gives.
   */
  async findById(id: string, m?: EntityManager): Promise<RectificationItem | null> {
    const rows = await this.manager(m).query<ItemRow[]>(
      `SELECT id, finding_id, measure_id, title, actions, responsible_unit_id, owner_id, responsible_leader, institutional, deadline::text AS deadline,
              original_deadline::text AS original_deadline, deadline_version, rectification_type, status, escalation_level,
              progress_percent, submitted_at, submitted_by_id, closed_at, closed_on::text AS closed_on, created_by_id, version,
              created_at, updated_at, unit_plan_id
         FROM rectification_items WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return Object.assign(new RectificationItem(), {
      id: r.id,
      findingId: r.finding_id,
      measureId: r.measure_id,
      title: r.title,
      actions: r.actions,
      responsibleUnitId: r.responsible_unit_id,
      ownerId: r.owner_id,
      responsibleLeader: r.responsible_leader,
      institutional: r.institutional,
      deadline: r.deadline,
      originalDeadline: r.original_deadline,
      deadlineVersion: r.deadline_version,
      rectificationType: r.rectification_type,
      status: r.status,
      escalationLevel: r.escalation_level,
      progressPercent: r.progress_percent,
      submittedAt: r.submitted_at,
      submittedById: r.submitted_by_id,
      closedAt: r.closed_at,
      closedOn: r.closed_on,
      createdById: r.created_by_id,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      unitPlanId: r.unit_plan_id,
    });
  }

  /** The item with owner (id, displayName), responsible unit and finding summary, in one query. */
  findDetail(id: string, m?: EntityManager): Promise<RectificationItem | null> {
    return this.manager(m)
      .getRepository(RectificationItem)
      .createQueryBuilder('i')
      .leftJoin('i.owner', 'o')
      .addSelect(['o.id', 'o.displayName', 'o.username'])
      .leftJoinAndSelect('i.responsibleUnit', 'u')
      .leftJoinAndSelect('i.finding', 'f')
      .leftJoin('i.measure', 'x')
      .addSelect(['x.id', 'x.planId', 'x.number', 'x.content'])
      .where('i.id = :id', { id })
      .getOne();
  }

  async list(
    scope: Scope,
    filters: ItemListQuery,
    ctx: ItemFilterContext,
    m?: EntityManager,
  ): Promise<{ rows: RectificationItem[]; total: number }> {
    const qb = this.manager(m)
      .getRepository(RectificationItem)
      .createQueryBuilder('i')
      .leftJoin('i.owner', 'o')
      .addSelect(['o.id', 'o.displayName'])
      .leftJoin('i.responsibleUnit', 'u')
      .addSelect(['u.id', 'u.code', 'u.name'])
      .leftJoin('i.finding', 'f')
      .addSelect(['f.id', 'f.category', 'f.description', 'f.inspectionId', 'f.batchId', 'f.unitId'])
      .leftJoin('i.measure', 'x')
      .addSelect(['x.id', 'x.number', 'x.content']);
    ScopeService.restrict(qb, scope, 'i.responsibleUnitId');
    applyItemFilters(qb, filters, ctx);
    const order = filters.order === 'desc' ? 'DESC' : 'ASC';
    qb.orderBy(ITEM_SORT_SQL[filters.sort], order);
    if (filters.sort !== 'deadline') qb.addOrderBy('i.deadline', 'ASC');
    qb.addOrderBy('i.createdAt', 'ASC').addOrderBy('i.id', 'ASC');
    qb.skip((filters.page - 1) * filters.pageSize).take(filters.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  /** The unit and every unit under it. */
  async unitSubtree(unitId: string, m?: EntityManager): Promise<string[]> {
    return unitSubtree(this.manager(m), unitId);
  }

  /** An active user whose unit is one of `unitIds`, or null. */
  async activeUserIn(userId: string, unitIds: string[], m?: EntityManager): Promise<User | null> {
    if (unitIds.length === 0) return null;
    return this.manager(m)
      .getRepository(User)
      .createQueryBuilder('usr')
      .where('usr.id = :userId AND usr.active = TRUE AND usr.unitId IN (:...unitIds)', { userId, unitIds })
      .getOne();
  }

  /**
   * A progress report in one statement, so one round trip and atomic without BEGIN/COMMIT: the
   * row; the item's percent when given (bumping `version` and `updated_at` as every item update
   * does); the audit entry `item.progress` whose `after` is the row. The item row is locked and its
   * status read again under the lock, so a report never lands on an item closed meanwhile: null
   * then (closed or gone), and nothing is written.
   */
  async addProgress(p: NewProgress, actor: ReturnType<typeof AuditService.actorColumns>, m?: EntityManager): Promise<ProgressRow | null> {
    const rows: { id: string; item_id: string; author_id: string; note: string; percent: number | null; created_at: string }[] =
      await this.manager(m).query(
        `WITH item AS (
           SELECT id FROM rectification_items WHERE id = $1 AND status <> 'closed' FOR NO KEY UPDATE
         ), progress AS (
           INSERT INTO item_progress_updates (item_id, author_id, note, percent)
           SELECT id, $2, $3, $4::smallint FROM item
           RETURNING id, item_id, author_id, note, percent,
                     to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
         ), percent AS (
           UPDATE rectification_items i SET progress_percent = $4::smallint, version = i.version + 1, updated_at = CURRENT_TIMESTAMP
             FROM item WHERE i.id = item.id AND $4::smallint IS NOT NULL
         ), audit AS (
           ${AUDIT_INSERT}
           SELECT $5::uuid, $6::varchar, $7::varchar, $8::varchar, 'item.progress', 'progress_update', p.id, p.item_id, NULL,
                  jsonb_build_object('id', p.id, 'itemId', p.item_id, 'authorId', p.author_id, 'note', p.note,
                                     'percent', p.percent, 'createdAt', p.created_at)
             FROM progress p
         )
         SELECT * FROM progress`,
        [p.itemId, p.authorId, p.note, p.percent, actor.actorId, actor.actorName, actor.actorRole, actor.requestId],
      );
    const r = rows[0];
    if (!r) return null;
    return { itemId: r.item_id, authorId: r.author_id, note: r.note, percent: r.percent, id: r.id, createdAt: r.created_at };
  }

  async countChildren(itemId: string, m?: EntityManager): Promise<{ progress: number; evidence: number }> {
    const [row] = await this.manager(m).query<{ progress: number; evidence: number }[]>(
      `SELECT (SELECT count(*) FROM item_progress_updates WHERE item_id = $1)::int AS progress,
              (SELECT count(*) FROM item_evidence WHERE item_id = $1)::int AS evidence`,
      [itemId],
    );
    return row;
  }

  progressOf(itemId: string, limit = 50, m?: EntityManager): Promise<ProgressUpdate[]> {
    return this.manager(m)
      .getRepository(ProgressUpdate)
      .find({ where: { itemId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
  }

  evidenceOf(itemId: string, m?: EntityManager): Promise<EvidenceFile[]> {
    return this.manager(m)
      .getRepository(EvidenceFile)
      .find({ where: { itemId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /**
   * When the item's evidence last went on record: the time of its latest 申请销号, 退回, 销号 or
   * 重新打开 in the audit trail (null if none). Evidence uploaded up to then is not deleted (see
   * `planEvidenceDelete`).
   */
  async evidenceRecordMark(itemId: string, m?: EntityManager): Promise<Date | null> {
    const [row] = await this.manager(m).query<{ at: Date | null }[]>(
      `SELECT max(created_at) AS at FROM audit_entries WHERE subject_id = $1 AND entity_type = 'rectification_item' AND action = ANY($2)`,
      [itemId, [...EVIDENCE_RECORD_ACTIONS]],
    );
    return row?.at ? new Date(row.at) : null;
  }

  extensionsOf(itemId: string, m?: EntityManager): Promise<ExtensionRequest[]> {
    return this.manager(m)
      .getRepository(ExtensionRequest)
      .find({ where: { itemId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Extension requests on items in the caller's scope, newest first, with a summary of each item. */
  listExtensions(scope: Scope, status?: ExtensionStatus): Promise<ExtensionRequest[]> {
    const qb = this.dataSource
      .getRepository(ExtensionRequest)
      .createQueryBuilder('e')
      .innerJoin('e.item', 'i')
      .addSelect(['i.id', 'i.title', 'i.deadline', 'i.originalDeadline', 'i.status', 'i.responsibleUnitId', 'i.ownerId'])
      .orderBy('e.createdAt', 'DESC')
      .addOrderBy('e.id', 'ASC');
    ScopeService.restrict(qb, scope, 'i.responsibleUnitId');
    if (status) qb.andWhere('e.status = :status', { status });
    return qb.getMany();
  }

  /**
   * The traceability chain of one item, in three queries whatever the number of measures:
   * (1) item + finding + round + batch + group + unit, (2) the finding's measures (or the item's own measure),
   * (3) every feedback problem of those measures with its higher-level inspection.
   */
  async trace(itemId: string): Promise<{ item: RectificationItem; measures: TraceMeasure[] } | null> {
    const item = await this.dataSource
      .getRepository(RectificationItem)
      .createQueryBuilder('i')
      .leftJoin('i.owner', 'o')
      .addSelect(['o.id', 'o.displayName'])
      .leftJoinAndSelect('i.responsibleUnit', 'u')
      .leftJoinAndSelect('i.finding', 'f')
      .leftJoinAndSelect('f.inspection', 'ins')
      .leftJoinAndSelect('f.batch', 'b')
      .leftJoinAndSelect('f.group', 'g')
      .leftJoinAndSelect('f.unit', 'fu')
      .where('i.id = :itemId', { itemId })
      .getOne();
    if (!item) return null;
    const measures: Omit<TraceMeasure, 'feedbackProblems'>[] = await this.dataSource.query(
      `SELECT m.id, m.number, m.content, m.plan_id AS "planId", m.rectification_type AS "rectificationType",
              to_char(m.deadline, 'YYYY-MM-DD') AS deadline, m.deadline_text AS "deadlineText"
         FROM measures m
        WHERE m.id IN (SELECT fm.measure_id FROM finding_measures fm WHERE fm.finding_id = $1) OR m.id = $2
        ORDER BY m.number, m.id`,
      [item.findingId, item.measureId],
    );
    interface ProblemRow {
      measureId: string;
      id: string;
      code: string;
      category: string;
      description: string;
      inspectionId: string;
      inspectionTitle: string;
      inspectingBody: string | null;
      inspectionKind: string;
    }
    const rows =
      measures.length === 0
        ? []
        : await this.dataSource.query<ProblemRow[]>(
            `SELECT mfp.measure_id AS "measureId", fp.id, fp.code, fp.category, fp.description,
                    ins.id AS "inspectionId", ins.title AS "inspectionTitle",
                    ins.inspecting_body AS "inspectingBody", ins.kind AS "inspectionKind"
               FROM measure_feedback_problems mfp
               JOIN feedback_problems fp ON fp.id = mfp.feedback_problem_id
               JOIN inspections ins ON ins.id = fp.inspection_id
              WHERE mfp.measure_id = ANY($1::uuid[])
              ORDER BY fp.sort_order, fp.code, fp.id`,
            [measures.map((m) => m.id)],
          );
    const problems: (TraceFeedbackProblem & { measureId: string })[] = rows.map((r) => ({
      measureId: r.measureId,
      id: r.id,
      code: r.code,
      category: r.category,
      description: r.description,
      inspection: { id: r.inspectionId, title: r.inspectionTitle, inspectingBody: r.inspectingBody, kind: r.inspectionKind },
    }));
    return {
      item,
      measures: measures.map((m) => ({
        ...m,
        feedbackProblems: problems.filter((p) => p.measureId === m.id).map(({ measureId: _, ...p }) => p),
      })),
    };
  }

  /**
   * The latest 退回 (reject) of each item with its reason, and whether it still stands: `returned`
   * until the item is submitted again (or closed, or reopened). Derived from the audit trail.
   */
  async returnsOf(itemIds: readonly string[]): Promise<Map<string, ItemReturn>> {
    if (itemIds.length === 0) return new Map();
    const rows: { item_id: string; reason: string | null; at: Date; by_id: string | null; by_name: string; returned: boolean }[] =
      await this.dataSource.query(
        `SELECT r.subject_id AS item_id, r.after ->> 'reason' AS reason, r.created_at AS at, r.actor_id AS by_id,
                COALESCE(u.display_name, r.actor_name) AS by_name,
                NOT EXISTS (SELECT 1 FROM audit_entries s
                             WHERE s.subject_id = r.subject_id AND s.id > r.id
                               AND s.action IN ('item.submit', 'item.approve', 'item.reopen')) AS returned
           FROM (SELECT DISTINCT ON (a.subject_id) a.* FROM audit_entries a
                  WHERE a.subject_id = ANY($1::uuid[]) AND a.action = 'item.reject'
                  ORDER BY a.subject_id, a.id DESC) r
           LEFT JOIN users u ON u.id = r.actor_id`,
        [[...itemIds]],
      );
    return new Map(
      rows.map((r) => [
        r.item_id,
        { returned: r.returned, latestReturn: { reason: r.reason ?? '', at: r.at, by: { id: r.by_id, name: r.by_name } } },
      ]),
    );
  }
}

export interface ItemReturn {
  returned: boolean;
  latestReturn: { reason: string; at: Date; by: { id: string | null; name: string } };
}

/** A `rectification_items` row as `findById` selects it (dates as text, timestamptz as Date, ints as numbers). */
interface ItemRow {
  id: string;
  finding_id: string | null;
  measure_id: string | null;
  title: string;
  actions: string | null;
  responsible_unit_id: string;
  owner_id: string | null;
  responsible_leader: string | null;
  institutional: boolean;
  deadline: string;
  original_deadline: string;
  deadline_version: number;
  rectification_type: RectificationItem['rectificationType'];
  status: RectificationItem['status'];
  escalation_level: number;
  progress_percent: number;
  submitted_at: Date | null;
  submitted_by_id: string | null;
  closed_at: Date | null;
  closed_on: string | null;
  created_by_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  unit_plan_id: string | null;
}
