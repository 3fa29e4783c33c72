import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';
import { OBLIGATION_KINDS, SELF_CHECK_SCOPES, type ObligationKind, type SelfCheckScope } from './obligations.entities.js';

/** At most this many units named in one common problem, or items linked in one answer. */
export const MAX_LISTED_UNITS = 500;
export const MAX_ANSWER_ITEMS = 100;

// ── requests ────────────────────────────────────────────────────────────────

export class CreateFeedbackDto {
  @ApiProperty({ description: '被反馈单位' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: '2026-06-20', description: '向该单位反馈巡察意见的日期' })
  @IsCalendarDate()
  feedbackDate: string;

  @ApiPropertyOptional({ description: '反馈的巡察组（须属于该轮次）' })
  @Optional()
  @IsUUID()
  groupId?: string;
}

export class CorrectFeedbackDto {
  @ApiProperty({ example: '2026-06-21', description: '更正后的反馈日期' })
  @IsCalendarDate()
  feedbackDate: string;

  @ApiProperty({ description: '更正理由（告知被反馈单位）' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(2000)
  reason: string;
}

export class ListFeedbacksQuery extends PageQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;
}

export class MarkCommonDto {
  @ApiProperty({
    enum: SELF_CHECK_SCOPES,
    description: 'all：全部单位；not_yet_inspected：本轮后续批次尚未巡察的单位（未巡先改）；units：指定单位',
  })
  @IsIn(SELF_CHECK_SCOPES)
  scope: SelfCheckScope;

  @ApiPropertyOptional({ type: [String], description: 'scope = units 时必填' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_LISTED_UNITS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @ApiProperty({ example: '2026-08-31', description: '自查自纠答复期限' })
  @IsCalendarDate()
  dueDate: string;

  @ApiProperty({ description: '自查要求' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  instructions: string;
}

export class ListSelfChecksQuery extends PageQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  commonProblemId?: string;

  @ApiPropertyOptional({ description: 'true：已答复；false：未答复' })
  @Optional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  answered?: 'true' | 'false';
}

export class AnswerSelfCheckDto {
  @ApiProperty({ description: '本单位是否存在同类问题' })
  @IsBoolean()
  found: boolean;

  @ApiProperty({ description: '自查情况说明' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  statement: string;

  @ApiPropertyOptional({ type: [String], description: '发现问题时必填：本单位针对该问题的整改事项' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_ANSWER_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds?: string[];
}

// ── responses ───────────────────────────────────────────────────────────────

export class ObligationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind: ObligationKind;
  @ApiProperty({ example: '报送整改方案' }) kindLabel: string;
  @ApiProperty() inspectionId: string;
  @ApiProperty() unitId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) dueDate: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) satisfiedAt: Date | null;
  @ApiProperty({ description: '督办级别（0：未升级）' }) escalationLevel: number;
}

export class FeedbackDto {
  @ApiProperty() id: string;
  @ApiProperty() inspectionId: string;
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) groupId: string | null;
  @ApiProperty({ example: '2026-06-20' }) feedbackDate: string;
  @ApiProperty({ example: '2026-07-20', description: '整改方案报送期限' }) planDueDate: string;
  @ApiProperty({ example: '2026-08-20', description: '整改情况报告报送期限' }) reportDueDate: string;
  @ApiProperty({ type: [ObligationDto] }) obligations: ObligationDto[];
  @ApiProperty() createdAt: Date;
}

export class FeedbackPageDto {
  @ApiProperty({ type: [FeedbackDto] }) data: FeedbackDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CommonProblemDto {
  @ApiProperty() id: string;
  @ApiProperty() findingId: string;
  @ApiProperty() inspectionId: string;
  @ApiProperty() description: string;
  @ApiProperty() instructions: string;
  @ApiProperty({ enum: SELF_CHECK_SCOPES }) scope: SelfCheckScope;
  @ApiProperty() dueDate: string;
  @ApiProperty({ description: '收到自查自纠的单位数' }) unitCount: number;
  @ApiProperty() createdAt: Date;
}

/** What a unit reads of a self-check: the problem and the instructions, never where it was found. */
export class SelfCheckDto {
  @ApiProperty() id: string;
  @ApiProperty() commonProblemId: string;
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ description: '共性问题描述' }) description: string;
  @ApiProperty({ description: '自查要求' }) instructions: string;
  @ApiProperty() dueDate: string;
  @ApiPropertyOptional({ nullable: true, type: Boolean }) found: boolean | null;
  @ApiPropertyOptional({ nullable: true, type: String }) statement: string | null;
  @ApiProperty({ type: [String] }) itemIds: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) answeredAt: Date | null;
  @ApiProperty({ description: '已过答复期限仍未答复' }) overdue: boolean;
}

export class SelfCheckPageDto {
  @ApiProperty({ type: [SelfCheckDto] }) data: SelfCheckDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class SelfCheckUnitDto {
  @ApiProperty() selfCheckId: string;
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiPropertyOptional({ nullable: true, type: Boolean }) found: boolean | null;
  @ApiPropertyOptional({ nullable: true, type: String }) answeredAt: Date | null;
  @ApiProperty({ description: '逾期未答复，或逾期后才答复' }) late: boolean;
}

export class SelfCheckReportRowDto {
  @ApiProperty() commonProblemId: string;
  @ApiProperty() findingId: string;
  @ApiProperty({ description: '问题所在单位（仅巡察办、领导小组可见）' }) originUnitName: string;
  @ApiProperty() description: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() unitCount: number;
  @ApiProperty() answeredCount: number;
  @ApiProperty() foundCount: number;
  @ApiProperty() lateCount: number;
  @ApiProperty({ type: [SelfCheckUnitDto] }) units: SelfCheckUnitDto[];
}

export class SelfCheckReportDto {
  @ApiProperty({ example: '2026-07-06', description: '统计日（APP_TIMEZONE）' }) asOf: string;
  @ApiProperty({ type: [SelfCheckReportRowDto] }) data: SelfCheckReportRowDto[];
}

export class BoardObligationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind: ObligationKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() inspectionId: string;
  @ApiProperty() inspectionTitle: string;
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() dueDate: string;
  @ApiProperty({ description: '已逾期天数（自然日）' }) overdueDays: number;
  @ApiProperty() escalationLevel: number;
}
