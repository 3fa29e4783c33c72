import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { FINDING_SEVERITIES, type FindingSeverity } from './finding.entity.js';
import { IsNotBlankText, Optional, Trim } from '../../common/validators.js';

export class CreateFindingCategoryDto {
  @ApiProperty({ example: '意识形态' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 200 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;

  @ApiPropertyOptional({ description: '上级类别（一级类别）；缺省即新建一级类别' })
  @Optional()
  @IsUUID()
  parentId?: string;
}

export class UpdateFindingCategoryDto {
  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;

  @ApiPropertyOptional({ description: '停用后不能再用于新登记的问题' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class CreateFindingDto {
  @ApiProperty({ description: '本级巡察轮次' })
  @IsUUID()
  inspectionId: string;

  @ApiProperty({ description: '被巡察单位' })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ description: '巡察组（巡察组成员登记时可省略，按其所在组推定）' })
  @Optional()
  @IsUUID()
  groupId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  batchId?: string;

  @ApiProperty({ example: '中央八项规定精神', description: '问题类别（须为启用中的类别名称）' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(100)
  category: string;

  @ApiProperty({ example: '公务用车管理不规范，存在公车私用情况' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  description: string;

  @ApiPropertyOptional({ enum: FINDING_SEVERITIES, default: 'general' })
  @Optional()
  @IsIn(FINDING_SEVERITIES)
  severity?: FindingSeverity;

  @ApiPropertyOptional({
    type: [String],
    description: '所对应的整改措施；可为空（超出整改方案的问题，报表中列入“未对应整改措施”）',
    default: [],
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(53 * 4)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  measureIds: string[] = [];
}

export class ListFindingsQuery extends PageQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  inspectionId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  measureId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  groupId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ description: '仅列出已移交问题线索的（巡察办）' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? ['1', 'true'].includes(value.toLowerCase()) : value))
  @IsBoolean()
  clueReferred?: boolean;
}

/** 问题线索移交: what the group says about the clue it hands over. */
export class ClueReferralDto {
  @ApiProperty({ example: '反映该单位负责人违规插手工程项目，建议移交处置' })
  @Trim()
  @IsString({ message: '移交说明须为文字' })
  @IsNotBlankText()
  @MaxLength(2000, { message: '移交说明不能超过2000字' })
  note: string;
}
