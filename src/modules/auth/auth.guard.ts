import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainException, ErrorCode, forbidden } from '../../common/errors.js';
import type { Role } from '../../common/roles.js';
import { UsersService } from '../users/users.service.js';
import { IS_PUBLIC, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators.js';
import { csrfSatisfied, tokenFrom } from './token.js';

interface TokenPayload {
  sub: string;
}

/**
 * Global guard: every route needs a valid, unexpired token of an active user unless marked
 * `@Public()`; `@Roles(...)` then narrows who may call it (403 otherwise).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenFrom(req);
    if (!token) throw new DomainException(ErrorCode.Unauthenticated, '未登录或登录已过期');
    if (!csrfSatisfied(req)) throw forbidden('请求缺少有效的 CSRF 令牌，请刷新页面后重试');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw new DomainException(ErrorCode.Unauthenticated, '未登录或登录已过期');
    }
    // Read the user each time: a deactivated user or a changed role takes effect at once.
    const user = await this.users.findActiveById(payload.sub);
    if (!user) throw new DomainException(ErrorCode.Unauthenticated, '未登录或登录已过期');
    req.actor = {
      id: user.id,
      username: user.username,
      role: user.role,
      unitId: user.unitId,
      requestId: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined,
    };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) throw forbidden();
    return true;
  }
}
