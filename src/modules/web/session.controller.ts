import { Body, Controller, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import type { SessionLoginDto } from './web.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Request, Response } from 'express';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { Public } from '../auth/auth.decorators.js';
import { LoginDto } from '../auth/auth.dto.js';
import { AuthService } from '../auth/auth.service.js';
import { clearSessionCookies, setSessionCookies, tokenFrom } from '../auth/token.js';

/**
 * Browser sessions for the web pages: the same JWT as `POST /auth/login`, carried in an httpOnly,
 * SameSite=Strict cookie, plus a readable CSRF cookie the pages echo in `x-csrf-token`.
 */
@ApiTags('认证 auth')
@Controller('auth')
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  @Public()
  @Post('session')
  @HttpCode(200)
  @ApiOperation({
    summary: '登录（网页会话）',
    description:
      '与 POST /auth/login 相同的令牌，放在 httpOnly、SameSite=Strict 的 Cookie 中，另设可读的 CSRF Cookie，网页在写请求的 x-csrf-token 头中回传。',
  })
  @ApiErrors(429)
  async login(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionLoginDto> {
    const { accessToken, user } = await this.auth.login(dto.username, dto.password, ip);
    setSessionCookies(req, res, accessToken, this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true }));
    return { user };
  }

  /**
   * Ends the session — the Bearer token or the cookie — and with it every other session of the
   * user (all tokens issued before); clears the cookies. Public, so that an expired session can
   * still be cleared.
   */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: '退出登录',
    description: '结束本次会话（令牌或 Cookie）及该用户此前的所有会话，清除 Cookie。公开接口，过期的会话也能清除。',
  })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(tokenFrom(req), typeof req.id === 'string' ? req.id : undefined);
    clearSessionCookies(req, res);
  }
}
