/**
 * The filters of `GET /items`, shared with the ledger export (`GET /reports/ledger.xlsx`): one DTO
 * and one function that applies it to a TypeORM query builder whose root alias is `i`
 * (a `RectificationItem`). Scope is NOT applied here: callers add `ScopeService.restrict(qb, scope,
 * 'i.responsibleUnitId')` themselves.
 *
 * - `unitId` matches the unit AND its whole subtree (filtering by 甲单位 includes 甲单位下属科室),
 *   the way closure figures by unit roll up. It never widens the caller's scope.
 * - `light`/`overdue` are computed in SQL from `today` (calendar date in APP_TIMEZONE) and
 *   WARNING_DAYS, with the same rules as `deriveItemState` in item-derived.ts.
 * - `measureId` matches the measure's own items and items whose finding is linked to it (EXISTS on finding_measures).
 * - `q` searches title, actions and the finding's description (case-insensitive, literal).
 * - `responsibleUnitId`, `groupId`, `feedbackProblemId`, `category`, `from`/`to` (deadline) and
 *   `onTime` select exactly the items behind one figure of the reports (a unit's bar of
 *   `closure?groupBy=unit`, a group, a problem, a category, a month, the on-time tile), so the
 *   dashboard's drill-downs land on the items the figure counted.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsCalendarDate, Trim } from '../../common/validators.js';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { SelectQueryBuilder } from 'typeorm';
import { addDays, type CalendarDate } from '../../common/dates.js';
import { PageQuery } from '../../common/pagination.js';
import { RECTIFICATION_TYPES, type RectificationType } from '../plans/measure.entity.js';
import { ITEM_LIGHTS, type ItemLight } from './item-derived.js';
import { ITEM_STATUSES, type ItemStatus } from './item-lifecycle.js';
import type { RectificationItem } from './rectification-item.entity.js';
import { unitSubtreeSql } from '../units/units.repository.js';

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class ItemFilterQuery extends PageQuery {
  @ApiPropertyOptional({ description: '状态，可逗号分隔多个：pending,in_progress,submitted,closed', example: 'pending,in_progress' })
  @IsOptional()
  @Transform(toList)
  @IsIn(ITEM_STATUSES, { each: true, message: 'status 须为 draft、pending、in_progress、submitted、closed 之一' })
  status?: ItemStatus[];

  @ApiPropertyOptional({ description: '责任单位（含其下属单位）' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '对应整改措施' })
  @IsOptional()
  @IsUUID()
  measureId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '是否逾期' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'overdue 须为 true 或 false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ITEM_LIGHTS, description: '红黄绿灯' })
  @IsOptional()
  @IsIn(ITEM_LIGHTS)
  light?: ItemLight;

  @ApiPropertyOptional({ description: '关键词（事项标题、整改措施、问题描述）' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  findingId?: string;

  @ApiPropertyOptional({ description: '巡察轮次（问题所属的本级巡察）' })
  @IsOptional()
  @IsUUID()
  inspectionId?: string;

  @ApiPropertyOptional({ description: '批次' })
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @ApiPropertyOptional({ description: '责任人' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ enum: RECTIFICATION_TYPES, description: '整改类型' })
  @IsOptional()
  @IsIn(RECTIFICATION_TYPES)
  type?: RectificationType;

  @ApiPropertyOptional({ description: '责任单位本身（不含下属单位），与 GET /reports/closure?groupBy=unit 的一行相同' })
  @IsOptional()
  @IsUUID()
  responsibleUnitId?: string;

  @ApiPropertyOptional({ description: '巡察组（问题所属的巡察组）' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @ApiPropertyOptional({ description: '巡视反馈问题（经整改措施对应）' })
  @IsOptional()
  @IsUUID()
  feedbackProblemId?: string;

  @ApiPropertyOptional({ description: '问题类别（问题的类别名称，与 GET /reports/closure?groupBy=category 的 key 相同）' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ description: '整改时限起（含），YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: '整改时限止（含），YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '已销号且按期（true：销号日不晚于原整改时限；false：超期销号）' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'onTime 须为 true 或 false' })
  onTime?: boolean;
}

/** The orders `GET /items` offers; each ends with the item's id so pages never overlap. */
export const ITEM_SORTS = ['deadline', 'createdAt', 'updatedAt', 'progressPercent', 'status', 'title', 'unit'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

/** `GET /items`: the filters plus the order of the list (the ledger export keeps its own order). */
export class ItemListQuery extends ItemFilterQuery {
  @ApiPropertyOptional({ enum: ITEM_SORTS, default: 'deadline', description: '排序字段' })
  @IsOptional()
  @IsIn(ITEM_SORTS, { message: `sort 须为 ${ITEM_SORTS.join('、')} 之一` })
  sort: ItemSort = 'deadline';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: '升序或降序' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order 须为 asc 或 desc' })
  order: 'asc' | 'desc' = 'asc';
}

/** The SQL expression each sort orders by, on the list's aliases (`i` the item, `u` its unit). */
export const ITEM_SORT_SQL: Record<ItemSort, string> = {
  deadline: 'i.deadline',
  createdAt: 'i.createdAt',
  updatedAt: 'i.updatedAt',
  progressPercent: 'i.progressPercent',
  status: 'i.status',
  title: 'i.title',
  unit: 'u.code',
};

/** The filter fields without paging, for callers that build the DTO themselves (exports). */
export type ItemFilters = Omit<ItemFilterQuery, 'page' | 'pageSize' | 'offset'>;

export interface ItemFilterContext {
  /** Today in APP_TIMEZONE. */
  today: CalendarDate;
  warningDays: number;
  /** APP_TIMEZONE: the day an item was submitted. */
  timeZone: string;
}

const OPEN = `i.status IN ('pending', 'in_progress')`;

/** SQL for the light/overdue conditions on alias `i` (parameters :itf_today, :itf_warnUntil). */
// Null-safe (COALESCE): "NOT late" must hold for an item with no closed_on / submitted_at.
const LATE = `COALESCE((i.status = 'closed' AND i.closed_on > i.original_deadline)
  OR (i.status = 'submitted' AND (i.submitted_at AT TIME ZONE :itf_tz)::date > i.original_deadline), false)`;
export const ITEM_LIGHT_SQL: Record<ItemLight, string> = {
  red: `(${OPEN} AND i.deadline < :itf_today)`,
  yellow: `(${OPEN} AND i.deadline >= :itf_today AND i.deadline <= :itf_warnUntil)`,
  late: LATE,
  green: `(NOT (${OPEN} AND i.deadline <= :itf_warnUntil) AND NOT ${LATE})`,
};

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Adds the filters as AND conditions on alias `i`. Parameter names are prefixed `itf_`. */
export function applyItemFilters<T extends RectificationItem>(
  qb: SelectQueryBuilder<T>,
  f: ItemFilters,
  ctx: ItemFilterContext,
): SelectQueryBuilder<T> {
  qb.setParameters({ itf_today: ctx.today, itf_warnUntil: addDays(ctx.today, ctx.warningDays), itf_tz: ctx.timeZone });
  if (f.status?.length) qb.andWhere('i.status IN (:...itf_status)', { itf_status: f.status });
  if (f.unitId) {
    qb.andWhere(`i.responsibleUnitId IN ${unitSubtreeSql(':itf_unitId')}`, { itf_unitId: f.unitId });
  }
  if (f.measureId) {
    qb.andWhere(
      '(i.measureId = :itf_measureId OR EXISTS (SELECT 1 FROM finding_measures fm WHERE fm.finding_id = i.findingId AND fm.measure_id = :itf_measureId))',
      { itf_measureId: f.measureId },
    );
  }
  if (f.overdue === true) qb.andWhere(ITEM_LIGHT_SQL.red);
  if (f.overdue === false) qb.andWhere(`NOT ${ITEM_LIGHT_SQL.red}`);
  if (f.light) qb.andWhere(ITEM_LIGHT_SQL[f.light]);
  if (f.q) {
    qb.andWhere(
      `(i.title ILIKE :itf_q OR i.actions ILIKE :itf_q
        OR EXISTS (SELECT 1 FROM findings fq WHERE fq.id = i.findingId AND fq.description ILIKE :itf_q))`,
      { itf_q: `%${escapeLike(f.q)}%` },
    );
  }
  if (f.findingId) qb.andWhere('i.findingId = :itf_findingId', { itf_findingId: f.findingId });
  if (f.inspectionId) {
    qb.andWhere('EXISTS (SELECT 1 FROM findings fi WHERE fi.id = i.findingId AND fi.inspection_id = :itf_inspectionId)', {
      itf_inspectionId: f.inspectionId,
    });
  }
  if (f.batchId) {
    qb.andWhere('EXISTS (SELECT 1 FROM findings fb WHERE fb.id = i.findingId AND fb.batch_id = :itf_batchId)', { itf_batchId: f.batchId });
  }
  if (f.ownerId) qb.andWhere('i.ownerId = :itf_ownerId', { itf_ownerId: f.ownerId });
  if (f.type) qb.andWhere('i.rectificationType = :itf_type', { itf_type: f.type });
  if (f.responsibleUnitId) qb.andWhere('i.responsibleUnitId = :itf_respUnit', { itf_respUnit: f.responsibleUnitId });
  if (f.groupId) {
    qb.andWhere('EXISTS (SELECT 1 FROM findings fg WHERE fg.id = i.findingId AND fg.group_id = :itf_groupId)', { itf_groupId: f.groupId });
  }
  if (f.feedbackProblemId) {
    // As the reports count it (ReportsRepository.where): through the findings' measures and the measures' own tasks.
    qb.andWhere(
      `(EXISTS (SELECT 1 FROM finding_measures fpm JOIN measure_feedback_problems mfp ON mfp.measure_id = fpm.measure_id
                 WHERE fpm.finding_id = i.findingId AND mfp.feedback_problem_id = :itf_fpId)
        OR EXISTS (SELECT 1 FROM measure_feedback_problems mfq WHERE mfq.measure_id = i.measureId AND mfq.feedback_problem_id = :itf_fpId))`,
      { itf_fpId: f.feedbackProblemId },
    );
  }
  if (f.category) {
    qb.andWhere('EXISTS (SELECT 1 FROM findings fc WHERE fc.id = i.findingId AND fc.category = :itf_category)', {
      itf_category: f.category,
    });
  }
  if (f.from) qb.andWhere('i.deadline >= :itf_from', { itf_from: f.from });
  if (f.to) qb.andWhere('i.deadline <= :itf_to', { itf_to: f.to });
  if (f.onTime === true) qb.andWhere(`i.status = 'closed' AND i.closed_on <= i.original_deadline`);
  if (f.onTime === false) qb.andWhere(`i.status = 'closed' AND i.closed_on > i.original_deadline`);
  return qb;
}
