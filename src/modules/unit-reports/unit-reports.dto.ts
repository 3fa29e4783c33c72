import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsNotBlankText, Optional, Trim } from '../../common/validators.js';
import { UNIT_REPORT_STATUSES, type UnitReportStatus } from './unit-report.entities.js';

export class CreateUnitReportDto {
  @ApiProperty({ description: '本级巡察轮次' })
  @IsUUID()
  inspectionId: string;

  @ApiProperty({ description: '报告单位（单位负责人：本单位或下级单位）' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ description: '整改情况报告正文' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(50000)
  summary: string;
}

export class DecideUnitReportDto {
  @ApiProperty({ description: 'true 审核通过；false 退回（须填写意见）' })
  @IsBoolean()
  accept: boolean;

  @ApiPropertyOptional({ description: '审核意见；退回时必填' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class ListUnitReportsQuery extends PageQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  inspectionId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: UNIT_REPORT_STATUSES })
  @Optional()
  @IsIn(UNIT_REPORT_STATUSES)
  status?: UnitReportStatus;
}

export class UnitReportFileDto {
  @ApiProperty() id: string;
  @ApiProperty() originalName: string;
  @ApiProperty() mimeType: string;
  @ApiProperty({ description: '字节数' }) size: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class UnitReportResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() inspectionId: string;
  @ApiProperty() unitId: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: UNIT_REPORT_STATUSES }) status: string;
  @ApiProperty({ example: '待审核' }) statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String }) decisionComment: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) decidedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
}

export class UnitReportPageDto {
  @ApiProperty({ type: [UnitReportResponseDto] }) data: UnitReportResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class UnitReportFiguresDto {
  @ApiProperty({ description: '整改事项数（不含整改方案草稿）' }) items: number;
  @ApiProperty({ description: '已销号' }) closed: number;
  @ApiProperty({ description: '未销号（待整改、整改中、待审核）' }) open: number;
  @ApiProperty({ description: '逾期（待整改或整改中且已过整改时限）' }) overdue: number;
  @ApiProperty({ description: '本单位问题对应的整改措施数' }) measures: number;
  @ApiProperty({ description: '其中本单位事项已全部销号的整改措施数（已回应）' }) measuresAnswered: number;
}

export class UnitReportDetailDto extends UnitReportResponseDto {
  @ApiProperty() unitName: string;
  @ApiProperty({ type: UnitReportFiguresDto, description: '报告页自动带出的本单位整改数据' }) figures: UnitReportFiguresDto;
  @ApiProperty({ type: [UnitReportFileDto] }) files: UnitReportFileDto[];
}
