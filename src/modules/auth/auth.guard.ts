import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainException, ErrorCode, forbidden } from '../../common/errors.js';
import type { Role } from '../../common/roles.js';
import { IS_PUBLIC, ROLES_KEY, WHILE_PASSWORD_CHANGE_PENDING, type AuthenticatedRequest } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { csrfSatisfied, tokenFrom } from './token.js';

/**
 * Global guard: every route needs a valid, unexpired token of an active user unless marked
 * `@Public()`; `@Roles(...)` then narrows who may call it (403 otherwise). A user whose password
 * an admin reset reaches only the routes marked `@AllowedWhilePasswordChangePending()` (403
 * PASSWORD_CHANGE_REQUIRED elsewhere).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenFrom(req);
    if (!token) throw new DomainException(ErrorCode.Unauthenticated, '未登录或登录已过期');
    if (!csrfSatisfied(req)) throw forbidden('请求缺少有效的 CSRF 令牌，请刷新页面后重试');
    const user = await this.auth.userFromToken(token);
    if (!user) throw new DomainException(ErrorCode.Unauthenticated, '未登录或登录已过期');
    req.actor = {
      id: user.id,
      username: user.username,
      role: user.role,
      unitId: user.unitId,
      requestId: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined,
    };

    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(WHILE_PASSWORD_CHANGE_PENDING, targets)) {
      throw new DomainException(ErrorCode.PasswordChangeRequired, '管理员已重置您的密码，请先修改密码（POST /auth/password）后再继续');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) throw forbidden();
    return true;
  }
}
