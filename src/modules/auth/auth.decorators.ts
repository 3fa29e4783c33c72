import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../../common/actor.js';
import type { Role } from '../../common/roles.js';

export const IS_PUBLIC = 'rectify:public';
export const ROLES_KEY = 'rectify:roles';
export const WHILE_PASSWORD_CHANGE_PENDING = 'rectify:while-password-change-pending';

/** The route needs no token (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The route stays open to a user whose password an admin reset (me, the change itself). */
export const AllowedWhilePasswordChangePending = () => SetMetadata(WHILE_PASSWORD_CHANGE_PENDING, true);

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
}

/** The authenticated caller, with the request id for the audit trail. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});

/** The request log's extra fields: the signed-in user, once the guard has placed them. */
export function requestLogProps(req: object): { userId?: string; role?: Role } {
  const actor = (req as AuthenticatedRequest).actor;
  return actor ? { userId: actor.id, role: actor.role } : {};
}
