import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsNotBlankText, Optional, Trim } from '../../common/validators.js';

export class CreateUnitDto {
  @ApiProperty({ example: 'U001' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,50}$/, { message: 'code must be 1-50 letters, digits, "_", "." or "-"' })
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
