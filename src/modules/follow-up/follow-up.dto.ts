import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsNotBlankText, Optional, Trim } from '../../common/validators.js';
import { CALENDAR_DAY_KINDS, type CalendarDayKind } from './follow-up.entities.js';
import { RECIPIENT_ROLES, type RecipientRole } from './follow-up-policy.js';

const toBool = ({ value }: { value: unknown }) => (typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value);

export class SweepQuery {
  @ApiPropertyOptional({ description: '等待本次扫描产生的通知全部投递后再返回' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  wait?: boolean;
}

export class EscalationLevelDto {
  @ApiProperty({ minimum: 1, maximum: 9 })
  @IsInt()
  @Min(1)
  @Max(9)
  level: number;

  @ApiProperty({ description: '逾期多少天后触发', minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(3650)
  afterDays: number;

  @ApiProperty({ enum: RECIPIENT_ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(RECIPIENT_ROLES, { each: true })
  recipients: RecipientRole[];

  @ApiProperty({ description: '下发督办单' })
  @IsBoolean()
  supervisionNotice: boolean;

  @ApiProperty({ description: '建议约谈' })
  @IsBoolean()
  interviewRecommended: boolean;
}

export class FollowUpPolicyDto {
  @ApiProperty({ description: '到期前多少天提醒（0 = 到期当天）', type: [Number], example: [7, 3, 1, 0] })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(365, { each: true })
  reminderOffsets: number[];

  @ApiProperty({ enum: RECIPIENT_ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(RECIPIENT_ROLES, { each: true })
  reminderRecipients: RecipientRole[];

  @ApiProperty({ type: [EscalationLevelDto] })
  @IsArray()
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  @Type(() => EscalationLevelDto)
  escalationLevels: EscalationLevelDto[];

  @ApiProperty({ description: '长期整改事项每隔几个月调度一次', example: 3 })
  @IsInt()
  @IsIn([1, 2, 3, 4, 6, 12])
  checkInMonths: number;

  @ApiProperty({ enum: RECIPIENT_ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(RECIPIENT_ROLES, { each: true })
  checkInRecipients: RecipientRole[];

  @ApiProperty({ description: '按工作日计算天数（节假日、调休见工作日历）' })
  @IsBoolean()
  countWorkingDays: boolean;
}

export class CalendarQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2026-10-01' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date 必须是 YYYY-MM-DD 格式的日期' })
  date: string;

  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday 放假；workday 调休上班' })
  @IsIn(CALENDAR_DAY_KINDS)
  kind: CalendarDayKind;

  @ApiProperty({ example: '国庆节' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(50)
  name: string;
}

export class CalendarDateParam {
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date 必须是 YYYY-MM-DD 格式的日期' })
  date: string;
}

export class UuidParam {
  @IsUUID()
  id: string;
}

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '只看未读' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  unread?: boolean;
}

export const CHASE_KINDS = ['urge', 'supervise'] as const;
export type ChaseKind = (typeof CHASE_KINDS)[number];

/** POST /supervision-notices/:id/reply — the unit's written reply to a 督办单. */
export class NoticeReplyDto {
  @ApiProperty({ description: '回复内容（整改落实情况）', maxLength: 5000 })
  @Trim()
  @IsString()
  @IsNotBlankText({ message: 'text 不能为空' })
  @MaxLength(5000)
  text: string;
}

/** POST /items/:id/chase — the office's manual 催办 (urge) or 督办 (supervise). */
export class ChaseDto {
  @ApiProperty({
    enum: CHASE_KINDS,
    description: 'urge 催办（通知责任人和单位负责人）；supervise 督办（下发督办单，通知单位负责人和巡察办）',
  })
  @IsIn(CHASE_KINDS, { message: 'kind 必须是 urge（催办）或 supervise（督办）' })
  kind: ChaseKind;

  @ApiPropertyOptional({ description: '附言（随通知发送）', maxLength: 500 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** Job payloads, validated on receipt. */
export class SweepPayload {
  @IsOptional()
  @IsUUID()
  runId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class DeliverPayload {
  @IsUUID()
  deliveryId: string;
}

class NoticeUnitDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class NoticeItemDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: '整改时限（发单时）' }) deadline: string;
  @ApiProperty() status: string;
}

/** GET /supervision-notices/:id — one 督办单 (the .docx shows the same). */
export class SupervisionNoticeView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '督办〔2026〕3号' }) number: string;
  @ApiProperty({ description: '督办级别' }) level: number;
  @ApiProperty({ description: '巡察办手动督办（否则为逾期自动升级）' }) manual: boolean;
  @ApiProperty() issuedAt: Date;
  @ApiProperty({ description: '发单日期（APP_TIMEZONE）' }) issuedOn: string;
  @ApiProperty({ type: String, nullable: true, description: '回复期限' }) replyDue: string | null;
  @ApiProperty({ type: String, nullable: true }) replyText: string | null;
  @ApiProperty({ type: Date, nullable: true }) repliedAt: Date | null;
  @ApiProperty({ type: NoticeUnitDto, description: '主送单位' }) unit: NoticeUnitDto;
  @ApiProperty({ type: NoticeItemDto, description: '督办事项' }) item: NoticeItemDto;
  @ApiProperty({ description: '发单日已逾期天数' }) daysOverdueAtIssue: number;
  @ApiProperty({ description: '签发单位' }) issuer: string;
}

/** GET /follow-up/supervision-notices: optionally only the replied (or the unreplied) ones. */
export class SupervisionNoticesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true：已回复；false：未回复（含逾期未回复）' })
  @Optional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  replied?: 'true' | 'false';
}
