import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { Optional, Trim } from '../../common/validators.js';
import { ITEM_STATUSES } from '../rectification/item-lifecycle.js';
import { RECTIFICATION_TYPES } from '../plans/measure.entity.js';
import { UNIT_PLAN_STATUSES, type UnitPlanStatus } from './unit-plan.entity.js';

export class CreateUnitPlanDto {
  @ApiProperty({ description: '本级巡察轮次' })
  @IsUUID()
  inspectionId: string;

  @ApiProperty({ description: '被巡察单位（单位负责人：本单位或下级单位）' })
  @IsUUID()
  unitId: string;
}

export class DecideUnitPlanDto {
  @ApiProperty({ description: 'true 审定通过；false 退回（须填写意见）' })
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({ description: '审核意见；退回时必填' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class ListUnitPlansQuery extends PageQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  inspectionId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: UNIT_PLAN_STATUSES })
  @Optional()
  @IsIn(UNIT_PLAN_STATUSES)
  status?: UnitPlanStatus;
}

export class UnitPlanResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() inspectionId: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ enum: UNIT_PLAN_STATUSES }) status: string;
  @ApiProperty({ example: '草拟中' }) statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '最近一次退回的意见（重新报送前显示）' }) returnComment: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) returnedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) submittedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) approvedAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class UnitPlanPageDto {
  @ApiProperty({ type: [UnitPlanResponseDto] }) data: UnitPlanResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class UnitPlanProblemDto {
  @ApiProperty() id: string;
  @ApiProperty() category: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: '该问题下的事项数' }) itemCount: number;
}

export class UnitPlanTaskDto {
  @ApiProperty() id: string;
  @ApiProperty() findingId: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true, type: String }) actions: string | null;
  @ApiProperty({ example: '2026-09-30' }) deadline: string;
  @ApiProperty({ enum: RECTIFICATION_TYPES }) rectificationType: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty() statusLabel: string;
}

export class UnitPlanResponsibilityDto {
  @ApiProperty() itemId: string;
  @ApiProperty() title: string;
  @ApiProperty() responsibleUnit: string;
  @ApiPropertyOptional({ nullable: true, type: String }) owner: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) responsibleLeader: string | null;
}

/** The plan with its 三张清单. */
export class UnitPlanDetailDto extends UnitPlanResponseDto {
  @ApiProperty() unitName: string;
  @ApiProperty() inspectionTitle: string;
  @ApiProperty({ type: [UnitPlanProblemDto], description: '问题清单' }) problems: UnitPlanProblemDto[];
  @ApiProperty({ type: [UnitPlanTaskDto], description: '任务清单' }) tasks: UnitPlanTaskDto[];
  @ApiProperty({ type: [UnitPlanResponsibilityDto], description: '责任清单' }) responsibilities: UnitPlanResponsibilityDto[];
}
