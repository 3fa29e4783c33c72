import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../common/roles.js';
import { IsNotBlankText, Optional, Trim } from '../../common/validators.js';

export class CreateUserDto {
  @ApiProperty({ example: 'zhangsan' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{2,64}$/, { message: 'username must be 2-64 letters, digits, "_", "." or "-"' })
  username: string;

  @ApiProperty({ minLength: 10, description: '至少 10 位，含小写字母、大写字母、数字、符号中的至少 3 类，且不同于用户名' })
  @IsString()
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

/** The admin's changes to a user; `null` clears unitId, email or phone. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, description: "a change ends the user's sessions" })
  @Optional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: String, nullable: true, description: "a change ends the user's sessions" })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsEmail()
  @MaxLength(200)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MaxLength(30)
  phone?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates (ends the sessions, login refused); true reactivates' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ description: '同密码规则；用户下次登录后须先修改密码' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  newPassword: string;
}
