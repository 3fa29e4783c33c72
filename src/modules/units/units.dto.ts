import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../common/validators.js';

export class CreateUnitDto {
  @ApiProperty({ example: 'U001' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,50}$/, { message: 'code must be 1-50 letters, digits, "_", "." or "-"' })
  code: string;

  @ApiProperty({ example: '市水务局' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  parentId?: string;
}
