import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { PublicUserDto } from './users.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { CreateUserDto, ListUsersQuery, ResetPasswordDto, UpdateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('用户 users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建用户', description: '单位角色须指定 unitId。' })
  @ApiErrors(404, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<PublicUserDto> {
    return this.users.create(actor, dto);
  }

  /** For choosing owners and group members; unit roles see their own units' users. */
  @Get()
  @Roles('admin', 'office', 'leadership', 'unit_manager')
  @ApiOperation({ summary: '用户列表', description: '供选择责任人和巡察组成员；单位角色只见本单位及下级单位的用户。' })
  list(@CurrentActor() actor: Actor, @Query() q: ListUsersQuery): Promise<PublicUserDto[]> {
    return this.users.list(actor, q);
  }

  /** Name, contact, role, unit, active. Deactivation and a role or unit change end the user's sessions. */
  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改用户', description: '姓名、联系方式、角色、单位、是否启用。停用或改变角色、单位即结束该用户的所有会话。' })
  @ApiErrors(409)
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<PublicUserDto> {
    return this.users.update(actor, id, dto);
  }

  /** The admin's reset: ends the user's sessions; the user must choose a password at the next login. */
  @Post(':id/password')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: '重置用户密码', description: '结束该用户的所有会话；用户下次登录须重新设置密码。' })
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<PublicUserDto> {
    return this.users.resetPassword(actor, id, dto.newPassword);
  }
}
