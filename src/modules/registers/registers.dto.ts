import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsCalendarDate, IsNotBlankText, Optional, Trim } from '../../common/validators.js';

/** Where a clue is handed: 纪检监察 (discipline inspection) or 组织部门 (organisation department). */
export const CLUE_RECEIVERS = ['纪检监察', '组织部门'] as const;
/** At most this many items in one 约谈 or 问责 record. */
export const MAX_RECORD_ITEMS = 100;
/** At most this many findings in one GET /clues?findingIds= (a page of findings is 20). */
export const MAX_FINDING_FILTER = 100;

export class CreateClueDto {
  @ApiProperty({ description: '本级巡察轮次' })
  @IsUUID()
  inspectionId: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '相关的巡察发现问题（须属于该轮次，给出单位时须属于该单位；每个问题只登记一条线索）' })
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

  @ApiPropertyOptional({ description: '相关的巡察发现问题：该问题已登记的线索（至多一条）' })
  @Optional()
  @IsUUID()
  findingId?: string;

  @ApiPropertyOptional({
    type: String,
    description: `若干发现问题（逗号分隔，至多 ${MAX_FINDING_FILTER} 个）已登记的线索：列表页一次查出本页各问题是否已登记`,
    example: '0b8e5a3c-1f2d-4e6a-9b7c-5d4e3f2a1b0c,6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value))
  @IsArray()
  @ArrayMaxSize(MAX_FINDING_FILTER)
  @IsUUID('all', { each: true })
  findingIds?: string[];

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
