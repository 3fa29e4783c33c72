import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { INSPECTION_KINDS, type InspectionKind } from './inspection.entity.js';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';

export class CreateInspectionDto {
  @ApiProperty({ enum: INSPECTION_KINDS, description: 'higher_level 上级巡视；internal_round 本级巡察轮次' })
  @IsIn(INSPECTION_KINDS)
  kind: InspectionKind;

  @ApiProperty({ example: '上级党组第二巡视组巡视' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: '上级党组第二巡视组' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(200)
  inspectingBody?: string;

  @ApiProperty({ example: '2019-03-01' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2019-04-30' })
  @IsCalendarDate()
  endDate: string;

  @ApiPropertyOptional({ example: '2019-05-20', description: '反馈日期（上级巡视）' })
  @Optional()
  @IsCalendarDate()
  feedbackDate?: string;

  @ApiPropertyOptional({ description: '本级巡察轮次所服务的整改方案' })
  @Optional()
  @IsUUID()
  planId?: string;
}

export class CreateFeedbackProblemDto {
  @ApiProperty({ example: '1-1', description: '问题编号，`1.1` 会规范为 `1-1`' })
  @Trim()
  @IsString()
  @Matches(/^[0-9０-９]{1,3}([.\-．－][0-9０-９]{1,3}){0,2}$/, { message: 'code 须为形如 1-1 的编号' })
  code: string;

  @ApiProperty({ example: '党的政治建设方面' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(100)
  category: string;

  @ApiProperty({ example: '贯彻落实党中央重大决策部署不够到位' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  description: string;
}

export class CreateBatchDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(99)
  number: number;

  @ApiProperty({ example: '2026-03-01' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2026-03-21' })
  @IsCalendarDate()
  endDate: string;
}

export class CreateGroupDto {
  @ApiProperty({ example: '第一巡察组' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ description: '组长（用户 id）' })
  @Optional()
  @IsUUID()
  leaderId?: string;

  @ApiPropertyOptional({ type: [String], description: '组员（用户 id）' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds?: string[];

  @ApiPropertyOptional({ description: '所属批次' })
  @Optional()
  @IsUUID()
  batchId?: string;

  @ApiProperty({ type: [String], description: '被巡察单位' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unitIds: string[];
}

export class ListInspectionsQuery {
  @ApiPropertyOptional({ enum: INSPECTION_KINDS })
  @Optional()
  @IsIn(INSPECTION_KINDS)
  kind?: InspectionKind;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  planId?: string;
}
