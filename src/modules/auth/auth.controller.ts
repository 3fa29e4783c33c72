import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuthMeDto, SessionDto } from './auth.responses.js';
import { ApiErrors } from '../../common/openapi.js';
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
  @ApiOperation({
    summary: '登录（令牌）',
    description: '用户名和密码换取访问令牌。user.mustChangePassword 为 true 时，在修改密码前只能调用 me、password 和 logout。',
  })
  @ApiErrors(429)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<SessionDto> {
    return this.auth.login(dto.username, dto.password, ip);
  }

  @ApiBearerAuth()
  @AllowedWhilePasswordChangePending()
  @Get('me')
  @ApiOperation({ summary: '当前用户' })
  me(@CurrentActor() actor: Actor): Promise<AuthMeDto> {
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
  @ApiOperation({
    summary: '修改本人密码',
    description: '须提供当前密码。此前签发的令牌（所有设备）一律失效；应答带新令牌，网页会话的 Cookie 随之更新。',
  })
  @ApiErrors(429)
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const session = await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, ip);
    if (isCookieSession(req)) {
      setSessionCookies(req, res, session.accessToken, this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true }));
    }
    return session;
  }
}
