import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsNotBlankText, Optional, Trim } from '../../common/validators.js';

const UNIT_CODE = /^[A-Za-z0-9_.-]{1,50}$/;
const UNIT_CODE_MESSAGE = 'code must be 1-50 letters, digits, "_", "." or "-"';

export class CreateUnitDto {
  @ApiProperty({ example: 'U001' })
  @IsString()
  @Matches(UNIT_CODE, { message: UNIT_CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '市水务局' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ type: [String], example: ['办公室'], description: '别名：导入整改方案时“牵头部门”按名称或别名匹配单位' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value))
  @IsString({ each: true })
  @IsNotBlankText({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];
}

/**
 * The admin's changes to a unit (`PATCH /units/{id}`): rename (name, code, aliases), move
 * (parentId: another unit; a top-level unit stays top-level) and deactivate/reactivate (active).
 * Omitted fields stay as they are; `null` is refused everywhere.
 */
export class UpdateUnitDto {
  @ApiPropertyOptional({ example: 'U001' })
  @Optional()
  @IsString()
  @Matches(UNIT_CODE, { message: UNIT_CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '市水务局' })
  @Optional()
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: '新的上级单位（移动）；顶级单位不能移动，单位不能移到自身或其下级单位之下' })
  @Optional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'false 停用单位，true 重新启用' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}
