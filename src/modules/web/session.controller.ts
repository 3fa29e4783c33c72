import { Body, Controller, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { Public } from '../auth/auth.decorators.js';
import { LoginDto } from '../auth/auth.dto.js';
import { AuthService } from '../auth/auth.service.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/token.js';

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
  async login(@Body() dto: LoginDto, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { accessToken, user } = await this.auth.login(dto.username, dto.password, ip);
    const maxAge = this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true }) * 1000;
    const base = { sameSite: 'strict' as const, secure: req.secure, path: '/', maxAge };
    res.cookie(SESSION_COOKIE, accessToken, { ...base, httpOnly: true });
    res.cookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), { ...base, httpOnly: false });
    return { user };
  }

  /** Public, so that an expired session can still be cleared. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const base = { sameSite: 'strict' as const, secure: req.secure, path: '/' };
    res.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
    res.clearCookie(CSRF_COOKIE, base);
  }
}
