import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate } from '../../common/dates.js';
import { ItemFilterQuery } from '../rectification/item-filters.js';
import { RECTIFICATION_TYPES, type RectificationType } from '../plans/measure.entity.js';

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCalendarDate(value);
  }
  defaultMessage(args?: ValidationArguments): string {
    return `${args?.property ?? '日期'} 须为有效日期（YYYY-MM-DD）`;
  }
}

/** The filters every report accepts (all optional, all AND-ed, always inside the caller's scope). */
export class ReportFilterQuery {
  @ApiPropertyOptional({ description: '本级巡察轮次（问题所属的巡察）' })
  @IsOptional()
  @IsUUID()
  inspectionId?: string;

  @ApiPropertyOptional({ description: '批次' })
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @ApiPropertyOptional({ description: '巡察组' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @ApiPropertyOptional({ description: '责任单位（含其下属单位）' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '整改措施' })
  @IsOptional()
  @IsUUID()
  measureId?: string;

  @ApiPropertyOptional({ description: '巡视反馈问题' })
  @IsOptional()
  @IsUUID()
  feedbackProblemId?: string;

  @ApiPropertyOptional({ enum: RECTIFICATION_TYPES, description: '整改类型' })
  @IsOptional()
  @IsIn(RECTIFICATION_TYPES, { message: 'type 须为 immediate、time_limited、long_term 之一' })
  type?: RectificationType;

  @ApiPropertyOptional({ description: '整改时限起（含），YYYY-MM-DD' })
  @IsOptional()
  @Validate(CalendarDateConstraint)
  from?: string;

  @ApiPropertyOptional({ description: '整改时限止（含），YYYY-MM-DD' })
  @IsOptional()
  @Validate(CalendarDateConstraint)
  to?: string;
}

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
  @Validate(CalendarDateConstraint)
  from?: string;

  @ApiPropertyOptional({ description: '截止日期 YYYY-MM-DD' })
  @IsOptional()
  @Validate(CalendarDateConstraint)
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
  @Validate(CalendarDateConstraint)
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  day?: string;
}
