import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validators.js';
import { ItemFilterQuery } from '../rectification/item-filters.js';

/**
 * The filters every report accepts (all optional, all AND-ed, always inside the caller's scope): the
 * ones it shares with `GET /items` come from ItemFilterQuery, so they mean the same in both places.
 */
export class ReportFilterQuery extends PickType(ItemFilterQuery, [
  'inspectionId',
  'batchId',
  'unitId',
  'measureId',
  'type',
  'groupId',
  'feedbackProblemId',
  'from',
  'to',
] as const) {}

export const CLOSURE_GROUPS = ['unit', 'batch', 'group', 'measure', 'feedbackProblem', 'category', 'type', 'month'] as const;
export type ClosureGroup = (typeof CLOSURE_GROUPS)[number];

export class ClosureQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ enum: CLOSURE_GROUPS, default: 'unit' })
  @IsOptional()
  @IsIn(CLOSURE_GROUPS, { message: `groupBy 须为 ${CLOSURE_GROUPS.join('、')} 之一` })
  groupBy: ClosureGroup = 'unit';
}

export class PlanReportQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ description: '整改方案（缺省为全部方案）' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class OverdueQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}

export const TREND_INTERVALS = ['day', 'week', 'month'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];

export class TrendQuery {
  @ApiPropertyOptional({ enum: TREND_INTERVALS, default: 'week' })
  @IsOptional()
  @IsIn(TREND_INTERVALS, { message: 'interval 须为 day、week、month 之一' })
  interval: TrendInterval = 'week';

  @ApiPropertyOptional({ description: '责任单位（含其下属单位）' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '起始日期 YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: '截止日期 YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class LedgerQuery extends ItemFilterQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'], { message: 'format 须为 xlsx 或 csv' })
  format: 'xlsx' | 'csv' = 'xlsx';
}

export class BulletinRunQuery {
  @ApiPropertyOptional({ description: '通报所覆盖周内的任一天（缺省为昨天所在的周）' })
  @IsOptional()
  @IsCalendarDate()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  day?: string;
}
