import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ScopeService, type Scope } from '../scope/scope.service.js';
import type { ListUnitReportsQuery } from './unit-reports.dto.js';
import { UnitReport, UnitReportFile } from './unit-report.entities.js';

export interface UnitFigures {
  items: number;
  closed: number;
  open: number;
  overdue: number;
  measures: number;
  measuresAnswered: number;
}

/** The SQL of unit reports; every call takes the caller's (scoped) manager. */
@Injectable()
export class UnitReportsRepository {
  list(scope: Scope, q: ListUnitReportsQuery, m: EntityManager): Promise<[UnitReport[], number]> {
    const qb = m.getRepository(UnitReport).createQueryBuilder('r');
    ScopeService.restrict(qb, scope, 'r.unitId');
    if (q.inspectionId) qb.andWhere('r.inspectionId = :inspectionId', { inspectionId: q.inspectionId });
    if (q.unitId) qb.andWhere('r.unitId = :unitId', { unitId: q.unitId });
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    return qb.orderBy('r.submittedAt', 'DESC').addOrderBy('r.id', 'ASC').skip(q.offset).take(q.pageSize).getManyAndCount();
  }

  files(reportId: string, m: EntityManager): Promise<UnitReportFile[]> {
    return m.find(UnitReportFile, { where: { reportId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The unit's figures in the round, as of `today`: the items answering its findings (drafts left
   * out, as everywhere), and the measures those findings serve — answered when every such item is closed.
   */
  async figures(report: UnitReport, today: string, m: EntityManager): Promise<UnitFigures> {
    const [row]: UnitFigures[] = await m.query(
      `WITH f AS (SELECT id FROM findings WHERE inspection_id = $1 AND unit_id = $2),
            i AS (SELECT i.* FROM rectification_items i WHERE i.finding_id IN (SELECT id FROM f) AND i.status <> 'draft'),
            per_measure AS (
              SELECT fm.measure_id, count(i.id) AS n, count(i.id) FILTER (WHERE i.status = 'closed') AS closed
                FROM finding_measures fm LEFT JOIN i ON i.finding_id = fm.finding_id
               WHERE fm.finding_id IN (SELECT id FROM f)
               GROUP BY fm.measure_id)
       SELECT (SELECT count(*) FROM i)::int AS items,
              (SELECT count(*) FROM i WHERE status = 'closed')::int AS closed,
              (SELECT count(*) FROM i WHERE status <> 'closed')::int AS open,
              (SELECT count(*) FROM i WHERE status IN ('pending', 'in_progress') AND deadline < $3::date)::int AS overdue,
              (SELECT count(*) FROM per_measure)::int AS measures,
              (SELECT count(*) FROM per_measure WHERE n > 0 AND n = closed)::int AS "measuresAnswered"`,
      [report.inspectionId, report.unitId, today],
    );
    return row;
  }
}
