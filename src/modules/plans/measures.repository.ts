import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Scope } from '../scope/scope.service.js';
import { NO_ITEMS, type LinkedItemCounts } from './measure-status.js';

/**
 * The items linked to measures, as one CTE: a measure's own tasks (items.measure_id) and the items
 * of the findings that answer it (finding_measures). `$1` is the measure ids; `units`, when given,
 * the placeholder of the responsible units to keep (a unit caller's scope).
 */
const linkedItems = (units?: string) => {
  const scoped = units ? ` AND i.responsible_unit_id = ANY(${units}::uuid[])` : '';
  return `linked AS (
    SELECT fm.measure_id AS linked_measure_id, i.id, i.status, i.deadline
      FROM finding_measures fm JOIN rectification_items i ON i.finding_id = fm.finding_id
     WHERE fm.measure_id = ANY($1::uuid[])${scoped}
    UNION ALL
    SELECT i.measure_id, i.id, i.status, i.deadline FROM rectification_items i WHERE i.measure_id = ANY($1::uuid[])${scoped})`;
};
const LINKED_ITEMS = linkedItems();

/** A plan's measure with what the 对账 list shows of it. */
export interface ReconciliationMeasureRow {
  id: string;
  number: number;
  content: string;
  deadline: string | null;
  deadlineText: string | null;
  rectificationType: string;
  immediate: boolean;
  responsibleLeader: string | null;
  leadDepartment: string | null;
  leadUnitId: string | null;
  leadUnitName: string | null;
  signedOffAt: Date | null;
  signedOffById: string | null;
  signedOffByName: string | null;
  signoffStatement: string | null;
  problemIds: string[];
}

/** SQL about measures as work: their linked items and the 对账 list. Counts ignore the caller's scope: they describe the measure. */
@Injectable()
export class MeasuresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Per measure: linked items total, closed, started (past pending) and overdue (open, deadline
   * before `today`); only the items of `scope` when it is restricted.
   */
  async linkedItemCounts(
    measureIds: string[],
    today: string,
    m: EntityManager = this.dataSource.manager,
    scope: Scope = { all: true },
  ): Promise<Map<string, LinkedItemCounts>> {
    if (measureIds.length === 0) return new Map();
    const params: unknown[] = [measureIds, today];
    if (!scope.all) params.push(scope.unitIds);
    const rows: { id: string; total: number; closed: number; started: number; overdue: number }[] = await m.query(
      `WITH ${scope.all ? LINKED_ITEMS : linkedItems('$3')}
       SELECT linked_measure_id AS id, count(*)::int AS total,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE status <> 'pending')::int AS started,
              count(*) FILTER (WHERE status IN ('pending', 'in_progress') AND deadline < $2::date)::int AS overdue
         FROM linked GROUP BY linked_measure_id`,
      params,
    );
    return new Map(rows.map((r) => [r.id, { total: r.total, closed: r.closed, started: r.started, overdue: r.overdue }]));
  }

  /** The same figures over all the measures at once, each item counted once however many measures it serves. */
  async distinctLinkedItemCounts(measureIds: string[], today: string): Promise<LinkedItemCounts> {
    if (measureIds.length === 0) return NO_ITEMS;
    const [r]: LinkedItemCounts[] = await this.dataSource.query(
      `WITH ${LINKED_ITEMS}, d AS (SELECT DISTINCT id, status, deadline FROM linked)
       SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE status <> 'pending')::int AS started,
              count(*) FILTER (WHERE status IN ('pending', 'in_progress') AND deadline < $2::date)::int AS overdue
         FROM d`,
      [measureIds, today],
    );
    return r;
  }

  countsOf(counts: Map<string, LinkedItemCounts>, id: string): LinkedItemCounts {
    return counts.get(id) ?? NO_ITEMS;
  }

  /** The linked items of one measure that are not closed, at most `limit`, for the 409 that names them. */
  async openLinkedItems(measureId: string, limit: number, m: EntityManager): Promise<{ id: string; title: string; status: string }[]> {
    return m.query(
      `WITH ${LINKED_ITEMS}
       SELECT l.id, i.title, i.status FROM linked l JOIN rectification_items i ON i.id = l.id
        WHERE l.status <> 'closed' ORDER BY i.deadline, i.id LIMIT $2`,
      [[measureId], limit],
    );
  }

  /** A plan's measures with lead unit, sign-off (and who) and the problems each answers, by number. */
  planMeasures(planId: string): Promise<ReconciliationMeasureRow[]> {
    return this.dataSource.query(
      `SELECT x.id, x.number, x.content, to_char(x.deadline, 'YYYY-MM-DD') AS deadline, x.deadline_text AS "deadlineText",
              x.rectification_type AS "rectificationType", x.immediate, x.responsible_leader AS "responsibleLeader",
              x.lead_department AS "leadDepartment", x.lead_unit_id AS "leadUnitId", u.name AS "leadUnitName",
              x.signed_off_at AS "signedOffAt", x.signed_off_by_id AS "signedOffById", s.display_name AS "signedOffByName",
              x.signoff_statement AS "signoffStatement",
              array(SELECT mfp.feedback_problem_id::text FROM measure_feedback_problems mfp WHERE mfp.measure_id = x.id) AS "problemIds"
         FROM measures x
         LEFT JOIN units u ON u.id = x.lead_unit_id
         LEFT JOIN users s ON s.id = x.signed_off_by_id
        WHERE x.plan_id = $1
        ORDER BY x.number`,
      [planId],
    );
  }

  /** Cooperating units of measures: measure id → units (id, name), by unit code; inside a transaction pass its manager. */
  async cooperatingUnits(measureIds: string[], m?: EntityManager): Promise<Map<string, { id: string; name: string }[]>> {
    const out = new Map<string, { id: string; name: string }[]>();
    if (measureIds.length === 0) return out;
    const rows: { measure_id: string; id: string; name: string }[] = await (m ?? this.dataSource.manager).query(
      `SELECT cu.measure_id, u.id, u.name FROM measure_cooperating_units cu JOIN units u ON u.id = cu.unit_id
        WHERE cu.measure_id = ANY($1::uuid[]) ORDER BY u.code`,
      [measureIds],
    );
    for (const r of rows) out.set(r.measure_id, [...(out.get(r.measure_id) ?? []), { id: r.id, name: r.name }]);
    return out;
  }
}
