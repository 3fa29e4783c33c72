import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';

/** Where a clue is handed: 纪检监察 (discipline inspection) or 组织部门 (organisation department). */
export const CLUE_RECEIVERS = ['纪检监察', '组织部门'] as const;
/** At most this many items in one 约谈 or 问责 record. */
export const MAX_RECORD_ITEMS = 100;

export class CreateClueDto {
  @ApiProperty({ description: '本级巡察轮次' })
  @IsUUID()
  inspectionId: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '相关的巡察发现问题（须属于该轮次，给出单位时须属于该单位）' })
  @Optional()
  @IsUUID()
  findingId?: string;

  @ApiProperty({ description: '线索摘要' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  summary: string;

  @ApiProperty({ enum: CLUE_RECEIVERS })
  @IsIn(CLUE_RECEIVERS)
  transferredTo: string;

  @ApiProperty({ example: '2026-06-20' })
  @IsCalendarDate()
  transferredOn: string;
}

export class UpdateClueDto {
  @ApiProperty({ description: '处置结果' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  outcome: string;

  @ApiProperty({ example: '2026-08-01' })
  @IsCalendarDate()
  outcomeOn: string;
}

export class ListCluesQuery extends PageQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  inspectionId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: CLUE_RECEIVERS })
  @Optional()
  @IsIn(CLUE_RECEIVERS)
  transferredTo?: string;
}

class UnitItemsDto {
  @ApiProperty()
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ description: `该单位（或其下级单位）的整改事项，至多 ${MAX_RECORD_ITEMS} 个` })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_RECORD_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds?: string[];
}

export class CreateInterviewDto extends UnitItemsDto {
  @ApiProperty({ example: '2026-06-20' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ description: '约谈人' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(100)
  interviewer: string;

  @ApiProperty({ description: '约谈情况' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  note: string;
}

export class CreateAccountabilityDto extends UnitItemsDto {
  @ApiProperty({ description: '问责对象' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(200)
  subject: string;

  @ApiProperty({ description: '问责决定' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(5000)
  decision: string;

  @ApiProperty({ example: '2026-06-20' })
  @IsCalendarDate()
  decidedOn: string;
}

export class ListUnitRecordsQuery extends PageQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;
}
