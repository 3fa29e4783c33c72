import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { scopedTransaction } from '../scope/scoped-transaction.js';
import { ScopeService } from '../scope/scope.service.js';
import type {
  AnswerSelfCheckDto,
  CommonProblemDto,
  ListSelfChecksQuery,
  MarkCommonDto,
  SelfCheckDto,
  SelfCheckReportDto,
  SelfCheckReportRowDto,
} from './obligations.dto.js';
import { field, ObligationsService } from './obligations.service.js';

const FINDING = '巡察发现问题';
const SELF_CHECK = '自查自纠';

/**
 * 举一反三 / 未巡先改: a finding marked as a common problem (共性问题) sends a self-check (自查自纠)
 * to every unit in scope; each unit answers whether it has the same problem, with its items when
 * it does. Unanswered self-checks are obligations (kind self_check), chased by the sweep.
 *
 * Secrecy: a unit reads the problem's description and the office's instructions, never the finding,
 * its id or the unit it was found at (SelfCheckDto has no such field; the self-check queries below
 * never join the finding).
 */
@Injectable()
export class SelfChecksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly obligations: ObligationsService,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly clock: Clock,
    private readonly notices: DecisionNoticesService,
  ) {}

  /** POST /findings/:id/common (office). */
  async markCommon(actor: Actor, findingId: string, dto: MarkCommonDto): Promise<CommonProblemDto> {
    const today = this.obligations.today();
    if (dto.dueDate < today) throw badRequest('答复期限不能早于今天', field('dueDate', `must be on or after ${today}`));
    if (dto.scope === 'units' && !dto.unitIds?.length)
      throw badRequest('指定单位时须给出单位（unitIds）', field('unitIds', 'required when scope = units'));
    if (dto.scope !== 'units' && dto.unitIds?.length)
      throw badRequest('只有 scope = units 时才能指定单位', field('unitIds', 'only with scope = units'));
    const now = this.clock.now();
    const { result, deliveries } = await this.dataSource.transaction(async (m) => {
      const [finding]: { id: string; inspection_id: string; unit_id: string; description: string; batch_number: number | null }[] =
        await m.query(
          `SELECT f.id, f.inspection_id, f.unit_id, f.description,
                COALESCE(b.number, gb.number) AS batch_number
           FROM findings f
           LEFT JOIN inspection_batches b ON b.id = f.batch_id
           LEFT JOIN inspection_groups g ON g.id = f.group_id
           LEFT JOIN inspection_batches gb ON gb.id = g.batch_id
          WHERE f.id = $1 FOR UPDATE OF f`,
          [findingId],
        );
      if (!finding) throw notFound(FINDING);
      const [already] = await m.query(`SELECT 1 FROM common_problems WHERE finding_id = $1`, [findingId]);
      if (already) throw conflict('该问题已标记为共性问题', ErrorCode.Duplicate);

      let unitIds: string[];
      if (dto.scope === 'units') {
        const found: { id: string }[] = await m.query(`SELECT id FROM units WHERE id = ANY($1::uuid[])`, [dto.unitIds]);
        const have = new Set(found.map((u) => u.id));
        const missing = dto.unitIds!.filter((id) => !have.has(id));
        if (missing.length) throw badRequest('单位不存在', field('unitIds', `units not found: ${missing.join(', ')}`));
        if (have.has(finding.unit_id))
          throw badRequest('指定单位不能包含问题所在单位', field('unitIds', 'contains the finding’s own unit'));
        unitIds = [...have];
      } else if (dto.scope === 'all') {
        unitIds = (await m.query(`SELECT id FROM units WHERE id <> $1 ORDER BY code`, [finding.unit_id])).map((u: { id: string }) => u.id);
      } else {
        // 未巡先改: units of the round's later batches whose inspection has not started yet.
        const rows: { id: string }[] = await m.query(
          `SELECT DISTINCT gu.unit_id AS id
             FROM inspection_groups g
             JOIN inspection_batches b ON b.id = g.batch_id
             JOIN inspection_group_units gu ON gu.group_id = g.id
            WHERE g.inspection_id = $1 AND b.start_date > $2::date AND ($3::int IS NULL OR b.number > $3::int)
              AND gu.unit_id <> $4`,
          [finding.inspection_id, today, finding.batch_number, finding.unit_id],
        );
        unitIds = rows.map((r) => r.id);
      }
      if (unitIds.length === 0) throw badRequest('范围内没有需要自查自纠的单位', field('scope', 'no unit in scope'));

      const [problem]: { id: string; created_at: Date }[] = await m.query(
        `INSERT INTO common_problems (id, finding_id, inspection_id, description, instructions, scope, due_date, created_by_id, created_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at`,
        [findingId, finding.inspection_id, finding.description, dto.instructions, dto.scope, dto.dueDate, actor.id, now],
      );
      await m.query(
        `WITH sc AS (
           INSERT INTO self_checks (id, common_problem_id, unit_id, due_date, created_at)
           SELECT gen_random_uuid(), $1, u, $3, $5 FROM unnest($2::uuid[]) AS u
           RETURNING id, unit_id
         )
         INSERT INTO unit_obligations (id, kind, inspection_id, unit_id, self_check_id, due_date, created_at)
         SELECT gen_random_uuid(), 'self_check', $4, sc.unit_id, sc.id, $3, $5 FROM sc`,
        [problem.id, unitIds, dto.dueDate, finding.inspection_id, now],
      );
      const result: CommonProblemDto = {
        id: problem.id,
        findingId,
        inspectionId: finding.inspection_id,
        description: finding.description,
        instructions: dto.instructions,
        scope: dto.scope,
        dueDate: dto.dueDate,
        unitCount: unitIds.length,
        createdAt: problem.created_at,
      };
      await this.audit.record(m, actor, {
        action: 'finding.common',
        entityType: 'common_problem',
        entityId: problem.id,
        subjectId: findingId,
        after: { ...result, unitIds },
      });
      // Each unit's managers are told now, in this transaction (then chased as the due date nears).
      return { result, deliveries: await this.notices.recordSelfChecks(m, problem.id) };
    });
    await this.notices.enqueue(deliveries);
    return result;
  }

  /** GET /self-checks: the caller's units only (a unit its own subtree); bureau roles all. */
  async list(actor: Actor, q: ListSelfChecksQuery): Promise<Page<SelfCheckDto>> {
    const scope = await this.scope.resolve(actor);
    const params: unknown[] = [];
    const where = [ScopeService.sqlClause(scope, 's.unit_id', params)];
    if (q.commonProblemId) {
      params.push(q.commonProblemId);
      where.push(`s.common_problem_id = $${params.length}`);
    }
    if (q.answered) where.push(q.answered === 'true' ? 's.answered_at IS NOT NULL' : 's.answered_at IS NULL');
    const clause = where.join(' AND ');
    const n = params.length;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `${SELF_CHECK_SELECT} WHERE ${clause} ORDER BY s.due_date, s.created_at, u.code OFFSET $${n + 1} LIMIT $${n + 2}`,
        [...params, q.offset, q.pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM self_checks s WHERE ${clause}`, params),
    ]);
    return { data: this.withOverdue(rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** Past its due date (APP_TIMEZONE's today) without an answer. */
  private withOverdue(rows: Omit<SelfCheckDto, 'overdue'>[]): SelfCheckDto[] {
    const today = this.obligations.today();
    return rows.map((r) => ({ ...r, overdue: r.answeredAt === null && r.dueDate < today }));
  }

  /**
   * POST /self-checks/:id/answer (the unit's manager): once. `found = true` needs the unit's own
   * items (itemIds), read under the unit's row-level scope. Settles the self-check's obligation.
   */
  async answer(actor: Actor, id: string, dto: AnswerSelfCheckDto): Promise<SelfCheckDto> {
    if (actor.role !== 'unit_manager') throw forbidden('只有单位负责人可以答复自查自纠');
    const [check]: { unit_id: string }[] = await this.dataSource.query(`SELECT unit_id FROM self_checks WHERE id = $1`, [id]);
    if (!check) throw notFound(SELF_CHECK);
    const scope = await this.scope.assertUnit(actor, check.unit_id, SELF_CHECK);
    const itemIds = dto.itemIds ?? [];
    if (dto.found && itemIds.length === 0) {
      throw badRequest('发现同类问题时须关联本单位的整改事项（itemIds）', field('itemIds', 'required when found = true'));
    }
    if (!dto.found && itemIds.length) throw badRequest('未发现同类问题时不能关联整改事项', field('itemIds', 'only when found = true'));
    await scopedTransaction(this.dataSource, scope, async (m) => {
      const [locked]: { answered_at: Date | null; unit_id: string }[] = await m.query(
        `SELECT answered_at, unit_id FROM self_checks WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (locked.answered_at) throw conflict('该自查自纠已答复，不能重复答复', ErrorCode.Duplicate);
      if (itemIds.length) {
        const own: { id: string }[] = await m.query(
          `SELECT id FROM rectification_items WHERE id = ANY($1::uuid[]) AND responsible_unit_id = $2`,
          [itemIds, locked.unit_id],
        );
        const have = new Set(own.map((r) => r.id));
        const missing = itemIds.filter((x) => !have.has(x));
        if (missing.length) {
          throw badRequest('关联的整改事项不存在或不属于本单位', field('itemIds', `not items of this unit: ${missing.join(', ')}`));
        }
      }
      const now = this.clock.now();
      await m.query(
        `UPDATE self_checks SET found = $2, statement = $3, item_ids = $4::uuid[], answered_at = $5, answered_by_id = $6 WHERE id = $1`,
        [id, dto.found, dto.statement, itemIds, now, actor.id],
      );
      await m.query(`UPDATE unit_obligations SET satisfied_at = $2 WHERE self_check_id = $1 AND satisfied_at IS NULL`, [id, now]);
      await this.audit.record(m, actor, {
        action: 'self_check.answer',
        entityType: 'self_check',
        entityId: id,
        after: { found: dto.found, statement: dto.statement, itemIds, answeredAt: now },
      });
    });
    const [row] = this.withOverdue(await this.dataSource.query(`${SELF_CHECK_SELECT} WHERE s.id = $1`, [id]));
    return row;
  }

  /** GET /reports/self-checks (office, leadership): per common problem who answered, who found it, who is late. */
  async report(actor: Actor): Promise<SelfCheckReportDto> {
    if (actor.role !== 'office' && actor.role !== 'leadership') throw forbidden();
    const asOf = this.obligations.today();
    const rows: Omit<SelfCheckReportRowDto, 'unitCount' | 'answeredCount' | 'foundCount' | 'lateCount'>[] = await this.dataSource.query(
      `SELECT p.id AS "commonProblemId", p.finding_id AS "findingId", ou.name AS "originUnitName", p.description,
              to_char(p.due_date, 'YYYY-MM-DD') AS "dueDate",
              jsonb_agg(jsonb_build_object(
                'selfCheckId', s.id, 'unitId', s.unit_id, 'unitName', u.name, 'found', s.found, 'answeredAt', s.answered_at,
                'late', COALESCE((s.answered_at AT TIME ZONE $2::text)::date > s.due_date, $1::date > s.due_date))
                ORDER BY u.code) AS units
         FROM common_problems p
         JOIN findings f ON f.id = p.finding_id
         JOIN units ou ON ou.id = f.unit_id
         JOIN self_checks s ON s.common_problem_id = p.id
         JOIN units u ON u.id = s.unit_id
        GROUP BY p.id, ou.name
        ORDER BY p.created_at DESC, p.id
        LIMIT 500`,
      [asOf, this.obligations.timeZone()],
    );
    return {
      asOf,
      data: rows.map((r) => ({
        ...r,
        unitCount: r.units.length,
        answeredCount: r.units.filter((u) => u.answeredAt !== null).length,
        foundCount: r.units.filter((u) => u.found === true).length,
        lateCount: r.units.filter((u) => u.late).length,
      })),
    };
  }
}

/** A self-check as its unit reads it. No finding, no origin unit: see the class comment. */
const SELF_CHECK_SELECT = `
  SELECT s.id, s.common_problem_id AS "commonProblemId", s.unit_id AS "unitId", u.name AS "unitName",
         p.description, p.instructions, to_char(s.due_date, 'YYYY-MM-DD') AS "dueDate",
         s.found, s.statement, s.item_ids AS "itemIds", s.answered_at AS "answeredAt"
    FROM self_checks s
    JOIN common_problems p ON p.id = s.common_problem_id
    JOIN units u ON u.id = s.unit_id`;
