import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ScopeService, type Scope } from '../scope/scope.service.js';
import type { ListUnitPlansQuery } from './unit-plans.dto.js';
import { UnitPlan } from './unit-plan.entity.js';

export interface PlanFinding {
  id: string;
  category: string;
  description: string;
  item_count: number;
}

export interface PlanItemRow {
  id: string;
  finding_id: string;
  title: string;
  actions: string | null;
  deadline: string;
  rectification_type: string;
  status: string;
  responsible_unit: string;
  owner: string | null;
  responsible_leader: string | null;
  unit_plan_id: string | null;
}

/** The SQL of unit plans and their 三张清单; every call takes the caller's (scoped) manager. */
@Injectable()
export class UnitPlansRepository {
  async list(scope: Scope, q: ListUnitPlansQuery, m: EntityManager): Promise<[UnitPlan[], number]> {
    const qb = m.getRepository(UnitPlan).createQueryBuilder('p');
    ScopeService.restrict(qb, scope, 'p.unitId');
    if (q.inspectionId) qb.andWhere('p.inspectionId = :inspectionId', { inspectionId: q.inspectionId });
    if (q.unitId) qb.andWhere('p.unitId = :unitId', { unitId: q.unitId });
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    return qb.orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'ASC').skip(q.offset).take(q.pageSize).getManyAndCount();
  }

  /** 问题清单: the findings of the plan's unit in the plan's round, with how many items each has (drafts included). */
  findings(plan: UnitPlan, m: EntityManager): Promise<PlanFinding[]> {
    return m.query(
      `SELECT f.id, f.category, f.description,
              (SELECT count(*)::int FROM rectification_items i WHERE i.finding_id = f.id) AS item_count
         FROM findings f
        WHERE f.inspection_id = $1 AND f.unit_id = $2
        ORDER BY f.created_at, f.id`,
      [plan.inspectionId, plan.unitId],
    );
  }

  /** 任务清单 and 责任清单: every item answering those findings. */
  items(plan: UnitPlan, m: EntityManager): Promise<PlanItemRow[]> {
    return m.query(
      `SELECT i.id, i.finding_id, i.title, i.actions, to_char(i.deadline, 'YYYY-MM-DD') AS deadline, i.rectification_type, i.status,
              u.name AS responsible_unit, o.display_name AS owner, i.responsible_leader, i.unit_plan_id
         FROM rectification_items i
         JOIN findings f ON f.id = i.finding_id
         JOIN units u ON u.id = i.responsible_unit_id
         LEFT JOIN users o ON o.id = i.owner_id
        WHERE f.inspection_id = $1 AND f.unit_id = $2
        ORDER BY f.created_at, f.id, i.created_at, i.id`,
      [plan.inspectionId, plan.unitId],
    );
  }

  /** The plan's draft items, locked: approval releases exactly these. */
  async lockDrafts(
    planId: string,
    m: EntityManager,
  ): Promise<{ id: string; status: 'draft'; version: number; owner_id: string | null; owner_name: string | null }[]> {
    return m.query(
      `SELECT id, status, version, owner_id, (SELECT u.display_name FROM users u WHERE u.id = owner_id) AS owner_name
         FROM rectification_items WHERE unit_plan_id = $1 AND status = 'draft' ORDER BY id FOR UPDATE`,
      [planId],
    );
  }
}
