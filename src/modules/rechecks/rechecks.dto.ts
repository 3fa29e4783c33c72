import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';
import { RECHECK_STATUSES, type RecheckStatus } from './recheck.entity.js';

/** Bounded: one request schedules at most this many items by id. */
export const MAX_RECHECK_ITEMS = 500;

export class ScheduleRechecksDto {
  @ApiPropertyOptional({ type: [String], description: '要回头看的已销号事项（与 inspectionId 二选一）' })
  @ValidateIf((o: ScheduleRechecksDto) => o.inspectionId === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RECHECK_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds?: string[];

  @ApiPropertyOptional({ description: '本轮巡察全部已销号事项（与 itemIds 二选一）' })
  @ValidateIf((o: ScheduleRechecksDto) => o.itemIds === undefined)
  @IsUUID()
  inspectionId?: string;

  @ApiProperty({ example: '2026-09-30', description: '回头看完成时限' })
  @IsCalendarDate()
  dueDate: string;
}

export class RecheckResultDto {
  @ApiProperty({ description: 'true 整改成效巩固；false 问题反弹（事项重新打开）' })
  @IsBoolean()
  held: boolean;

  @ApiPropertyOptional({ description: '回头看情况；反弹时必填，作为重新打开的理由' })
  @ValidateIf((o: RecheckResultDto) => o.held === false || o.note !== undefined)
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  note?: string;
}

export class ListRechecksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RECHECK_STATUSES })
  @Optional()
  @IsIn(RECHECK_STATUSES)
  status?: RecheckStatus;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  inspectionId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;
}

export class RecheckResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() itemId: string;
  @ApiProperty({ example: '2026-09-30' }) dueDate: string;
  @ApiProperty({ enum: RECHECK_STATUSES }) status: string;
  @ApiProperty({ example: '待回头看' }) statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) resultAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ScheduledRechecksDto {
  @ApiProperty({ description: '新安排的回头看数' }) scheduled: number;
  @ApiProperty({ description: '已有待回头看而跳过的事项数（按轮次安排时）' }) skipped: number;
  @ApiProperty({ type: [RecheckResponseDto] }) data: RecheckResponseDto[];
}

export class RecheckPageDto {
  @ApiProperty({ type: [RecheckResponseDto] }) data: RecheckResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ReboundUnitRowDto {
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ description: '已有结果的回头看数' }) rechecked: number;
  @ApiProperty({ description: '问题反弹数' }) rebounds: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '反弹率 = 反弹数 / 已有结果的回头看数' }) reboundRate: number | null;
}

export class ReboundReportDto {
  @ApiProperty() rechecked: number;
  @ApiProperty() rebounds: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) reboundRate: number | null;
  @ApiProperty({ description: '待回头看' }) scheduled: number;
  @ApiProperty({ type: [ReboundUnitRowDto] }) units: ReboundUnitRowDto[];
}

export class ReboundsQuery {
  @ApiPropertyOptional({ description: '只看该单位及其下级单位' })
  @Optional()
  @IsUUID()
  unitId?: string;
}
