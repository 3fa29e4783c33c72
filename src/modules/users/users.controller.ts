import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  /** For choosing owners and group members; unit roles see their own units' users. */
  @Get()
  @Roles('admin', 'office', 'leadership', 'unit_manager')
  list(@CurrentActor() actor: Actor, @Query() q: ListUsersQuery) {
    return this.users.list(actor, q);
  }

  /** Name, contact, role, unit, active. Deactivation and a role or unit change end the user's sessions. */
  @Patch(':id')
  @Roles('admin')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  /** The admin's reset: ends the user's sessions; the user must choose a password at the next login. */
  @Post(':id/password')
  @HttpCode(200)
  @Roles('admin')
  resetPassword(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResetPasswordDto) {
    return this.users.resetPassword(actor, id, dto.newPassword);
  }
}
