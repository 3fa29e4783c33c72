import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { RECTIFICATION_TYPES, type RectificationType } from './measure.entity.js';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';

export class CreatePlanDto {
  @ApiProperty({ description: '所答复的上级巡视' })
  @IsUUID()
  inspectionId: string;

  @ApiProperty({ example: '关于上级党组第二巡视组反馈意见的整改落实方案' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: '某党组〔2019〕12号' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  documentNo?: string;

  @ApiPropertyOptional({ example: '2019-06-10', description: '印发日期' })
  @Optional()
  @IsCalendarDate()
  issuedDate?: string;
}

export class CreateMeasureDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(99999)
  number: number;

  @ApiProperty({ example: '建立党组会议“第一议题”制度' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  content: string;

  @ApiProperty({ type: [String], description: '所答复的反馈问题（至少一个，须属于方案对应的上级巡视）' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  feedbackProblemIds: string[];

  @ApiPropertyOptional({ example: '党组书记' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(200)
  responsibleLeader?: string;

  @ApiPropertyOptional({ example: '办公室' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(200)
  leadDepartment?: string;

  @ApiPropertyOptional({ example: '机关党委、纪检组' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(300)
  cooperatingDepartments?: string;

  @ApiPropertyOptional({ example: '2019-09-30' })
  @Optional()
  @IsCalendarDate()
  deadline?: string;

  @ApiPropertyOptional({ example: '2019年9月底前' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  deadlineText?: string;

  @ApiProperty({ enum: RECTIFICATION_TYPES })
  @IsIn(RECTIFICATION_TYPES)
  rectificationType: RectificationType;

  @ApiPropertyOptional({ description: '立行立改（与 long_term 并存即“立行立改，长期坚持”）' })
  @Optional()
  @IsBoolean()
  immediate?: boolean;

  @ApiPropertyOptional({ description: '牵头单位（组织架构中的单位）' })
  @Optional()
  @IsUUID()
  leadUnitId?: string;

  @ApiPropertyOptional({ type: [String], description: '配合单位' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  cooperatingUnitIds?: string[];
}

export class ListPlansQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  inspectionId?: string;
}

export class ImportQuery {
  @ApiPropertyOptional({ description: 'true 时只校验、不写入', enum: ['true', 'false'] })
  @Optional()
  @IsIn(['true', 'false', '1', '0'])
  dryRun?: string;
}

export const isDryRun = (q: ImportQuery) => q.dryRun === 'true' || q.dryRun === '1';

export class UploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: '.xlsx 或 .csv（UTF-8）' })
  file: unknown;
}
