import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
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
}
