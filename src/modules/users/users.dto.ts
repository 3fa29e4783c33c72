import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../common/roles.js';
import { IsNotBlankText, Optional, Trim } from '../../common/validators.js';

export class CreateUserDto {
  @ApiProperty({ example: 'zhangsan' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{2,64}$/, { message: 'username must be 2-64 letters, digits, "_", "." or "-"' })
  username: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: '张三' })
  @Trim()
  @IsString()
  @IsNotBlankText()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'required for unit_manager and unit_staff' })
  @Optional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsEmail()
  @MaxLength(200)
  email?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(30)
  phone?: string;
}

export class ListUsersQuery {
  @Optional()
  @IsUUID()
  unitId?: string;

  @Optional()
  @IsIn(ROLES)
  role?: Role;
}
