import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';
import { RECTIFICATION_TYPES, type RectificationType } from './measure.entity.js';
import { MEASURE_STATUSES, type MeasureStatus } from './measure-status.js';

/** What deadlineText is, on every measure response. */
const DEADLINE_TEXT = '方案原文的完成时限表述（如“2019年9月底前”）；巡察办改过完成时限后为 null，以 deadline 为准';

export class UpdateMeasureDto {
  @ApiPropertyOptional({ description: '牵头单位（组织架构中的单位）；null 取消', type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  leadUnitId?: string | null;

  @ApiPropertyOptional({ type: [String], description: '配合单位（整体替换）' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  cooperatingUnitIds?: string[];

  @ApiPropertyOptional({ example: '党组书记' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(200)
  responsibleLeader?: string;

  @ApiPropertyOptional({
    example: '2019-09-30',
    type: String,
    nullable: true,
    description: '完成时限；改为另一日期（或取消）后，方案原文的时限表述（deadlineText）不再显示，原文留在审计记录中',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  deadline?: string | null;

  @ApiPropertyOptional({ enum: RECTIFICATION_TYPES })
  @Optional()
  @IsIn(RECTIFICATION_TYPES)
  rectificationType?: RectificationType;

  @ApiPropertyOptional({ description: '立行立改（可与长期坚持并存）' })
  @Optional()
  @IsBoolean()
  immediate?: boolean;
}

export class SignoffMeasureDto {
  @ApiProperty({ example: '已建立“第一议题”制度并执行6个月，相关事项均已销号' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  statement: string;
}

export class ReopenMeasureDto {
  @ApiProperty({ example: '回头看发现问题反弹' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  reason: string;
}

export class UnitRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class SignoffDto {
  @ApiProperty() at: Date;
  @ApiPropertyOptional({ type: UnitRefDto, nullable: true, description: '销号人（id, 姓名）' }) by: UnitRefDto | null;
  @ApiProperty() statement: string;
}

export class LinkedItemCountsDto {
  @ApiProperty({ description: '关联事项数（措施自身的任务及答复该措施的发现问题下的事项）' }) total: number;
  @ApiProperty() closed: number;
  @ApiProperty({ description: '未销号' }) open: number;
  @ApiProperty() overdue: number;
}

/** A measure as the measure endpoints return it. */
export class MeasureResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() planId: string;
  @ApiProperty() number: number;
  @ApiProperty() content: string;
  @ApiPropertyOptional({ type: String, nullable: true }) responsibleLeader: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '方案原文的牵头部门' }) leadDepartment: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) cooperatingDepartments: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) leadUnitId: string | null;
  @ApiProperty({ type: [UnitRefDto] }) cooperatingUnits: UnitRefDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) deadline: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: DEADLINE_TEXT }) deadlineText: string | null;
  @ApiProperty({ enum: RECTIFICATION_TYPES }) rectificationType: string;
  @ApiProperty({ description: '立行立改' }) immediate: boolean;
  @ApiProperty({ description: '长期坚持' }) longTerm: boolean;
  @ApiProperty({ enum: MEASURE_STATUSES }) status: MeasureStatus;
  @ApiProperty() statusLabel: string;
  @ApiPropertyOptional({ type: SignoffDto, nullable: true }) signoff: SignoffDto | null;
  @ApiProperty({ type: LinkedItemCountsDto }) items: LinkedItemCountsDto;
}

export class ReconciliationMeasureDto {
  @ApiProperty() id: string;
  @ApiProperty() number: number;
  @ApiProperty() content: string;
  @ApiProperty({ enum: MEASURE_STATUSES }) status: MeasureStatus;
  @ApiProperty() statusLabel: string;
  @ApiPropertyOptional({ type: UnitRefDto, nullable: true }) leadUnit: UnitRefDto | null;
  @ApiProperty({ type: [UnitRefDto], description: '配合单位（组织架构中的单位）' }) cooperatingUnits: UnitRefDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) leadDepartment: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) responsibleLeader: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) deadline: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: DEADLINE_TEXT }) deadlineText: string | null;
  @ApiProperty({ enum: RECTIFICATION_TYPES }) rectificationType: string;
  @ApiProperty() immediate: boolean;
  @ApiProperty({ type: LinkedItemCountsDto }) items: LinkedItemCountsDto;
  @ApiPropertyOptional({ type: SignoffDto, nullable: true }) signoff: SignoffDto | null;
}

export class ReconciliationProblemDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() category: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: '其全部整改措施均已对账销号（且至少有一条措施）' }) rectified: boolean;
  @ApiProperty({ type: [ReconciliationMeasureDto] }) measures: ReconciliationMeasureDto[];
}

export class ReconciliationTotalsDto {
  @ApiProperty() feedbackProblems: number;
  @ApiProperty() rectifiedProblems: number;
  @ApiProperty() measures: number;
  @ApiProperty({ description: '各状态的措施数' }) byStatus: Record<MeasureStatus, number>;
  @ApiProperty({ type: LinkedItemCountsDto, description: '方案下关联事项（一项服务多条措施时只计一次）' }) items: LinkedItemCountsDto;
}

export class ReconciliationInspectionDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) inspectingBody: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) feedbackDate: string | null;
}

export class ReconciliationResponseDto {
  @ApiProperty() planId: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) documentNo: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) issuedDate: string | null;
  @ApiProperty({ type: ReconciliationInspectionDto, description: '上级巡视' }) inspection: ReconciliationInspectionDto;
  @ApiProperty({ description: '统计日期（配置时区）' }) asOf: string;
  @ApiProperty({ type: ReconciliationTotalsDto }) totals: ReconciliationTotalsDto;
  @ApiProperty({ type: [ReconciliationProblemDto] }) feedbackProblems: ReconciliationProblemDto[];
  @ApiProperty({ type: [ReconciliationMeasureDto], description: '未关联任何反馈问题的措施（通常为空）' })
  unlinkedMeasures: ReconciliationMeasureDto[];
}
