import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { RECTIFICATION_TYPES, type RectificationType } from '../plans/measure.entity.js';
import { EXTENSION_STATUSES, type ExtensionStatus } from './extension-request.entity.js';
import { ITEM_ACTIONS, type ItemAction } from './item-lifecycle.js';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';

/** The version column is a PostgreSQL integer. */
const INT4_MAX = 2_147_483_647;

export class CreateItemDto {
  @ApiPropertyOptional({ description: '所属巡察发现问题（与 measureId 二选一）' })
  @ValidateIf((o: CreateItemDto) => o.measureId === undefined || o.findingId !== undefined)
  @IsUUID()
  findingId?: string;

  @ApiPropertyOptional({ description: '所属整改措施：本局直接承担的整改任务（与 findingId 二选一；责任单位须为牵头单位或配合单位）' })
  @ValidateIf((o: CreateItemDto) => o.findingId === undefined || o.measureId !== undefined)
  @IsUUID()
  measureId?: string;

  @ApiProperty({ example: '规范公务用车管理' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ description: '整改措施' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(10000)
  actions?: string;

  @ApiProperty({ description: '责任单位（问题所在单位或其下属单位；措施任务则为牵头单位或配合单位）' })
  @IsUUID()
  responsibleUnitId: string;

  @ApiPropertyOptional({ description: '责任人（责任单位或其下属单位的在用账号）' })
  @Optional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ description: '责任领导', example: '张副局长' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  responsibleLeader?: string;

  @ApiProperty({ example: '2026-06-30', description: '整改时限；补录台账时可早于今天' })
  @IsCalendarDate()
  deadline: string;

  @ApiProperty({ enum: RECTIFICATION_TYPES })
  @IsIn(RECTIFICATION_TYPES)
  rectificationType: RectificationType;

  @ApiPropertyOptional({ description: '所属单位整改方案（草拟中）：单位负责人在本单位整改方案中添加草稿事项，审定后转为待整改' })
  @Optional()
  @IsUUID()
  unitPlanId?: string;

  @ApiPropertyOptional({ description: '建章立制类事项（建立健全、修订完善制度机制），整改情况报告单独统计；默认 false' })
  @Optional()
  @IsBoolean()
  institutional?: boolean;
}

export class UpdateItemDto {
  @ApiPropertyOptional({ description: '责任人；null 取消指定', type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(10000)
  actions?: string;

  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  responsibleLeader?: string;

  @ApiPropertyOptional({ description: '建章立制类事项（建立健全、修订完善制度机制），整改情况报告单独统计；默认 false' })
  @Optional()
  @IsBoolean()
  institutional?: boolean;

  @ApiPropertyOptional({ example: '2026-09-30', description: '整改时限：仅整改方案草稿可改；此后须申请延期' })
  @Optional()
  @IsCalendarDate()
  deadline?: string;

  @ApiPropertyOptional({ enum: RECTIFICATION_TYPES, description: '整改类型：仅整改方案草稿可改' })
  @Optional()
  @IsIn(RECTIFICATION_TYPES)
  rectificationType?: RectificationType;

  @ApiProperty({ description: '读取时的 version（乐观锁）' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version: number;
}

export class ProgressDto {
  @ApiProperty({ example: '已完成车辆清查，正在修订管理制度' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(10000)
  note: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
}

export class TransitionDto {
  @ApiProperty({ enum: ITEM_ACTIONS })
  @IsIn(ITEM_ACTIONS)
  action: ItemAction;

  @ApiPropertyOptional({ description: '理由：退回、重新打开必填；申请销号时可作为书面说明' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional({ description: '申请销号时的书面说明（无佐证材料时必填）' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  explanation?: string;

  @ApiPropertyOptional({ description: '读取时的 version（乐观锁）；不一致则 409 STALE_VERSION' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version?: number;
}

export class CreateExtensionDto {
  @ApiProperty({ example: '2026-09-30', description: '须晚于当前整改时限' })
  @IsCalendarDate()
  newDeadline: string;

  @ApiProperty({ example: '涉及制度修订，需待上级批复' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  reason: string;
}

export class DecideExtensionDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class ListExtensionsQuery {
  @ApiPropertyOptional({ enum: EXTENSION_STATUSES })
  @Optional()
  @IsIn(EXTENSION_STATUSES)
  status?: ExtensionStatus;
}
