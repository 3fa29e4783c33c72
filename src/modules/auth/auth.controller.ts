import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/actor.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { UsersService } from '../users/users.service.js';
import { AllowedWhilePasswordChangePending, CurrentActor, Public } from './auth.decorators.js';
import { ChangePasswordDto, LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { isCookieSession, setSessionCookies } from './token.js';

@ApiTags('认证 auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** `user.mustChangePassword` true: only me, password and logout answer until the password is changed. */
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() ip: string) {
    return this.auth.login(dto.username, dto.password, ip);
  }

  @ApiBearerAuth()
  @AllowedWhilePasswordChangePending()
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return this.users.getPublic(actor.id);
  }

  /**
   * The caller's own password, with the current one. Every earlier token (every device) ends; the
   * answer carries a new token, and a page session gets its cookies renewed.
   */
  @ApiBearerAuth()
  @AllowedWhilePasswordChangePending()
  @Post('password')
  @HttpCode(200)
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const session = await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, ip);
    if (isCookieSession(req)) {
      setSessionCookies(req, res, session.accessToken, this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true }));
    }
    return session;
  }
}
