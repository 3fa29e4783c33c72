import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { notFound } from '../../common/errors.js';
import type { Role } from '../../common/roles.js';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';

const READERS_KEY = 'rectify:register-readers';

interface RegisterReaders {
  readers: readonly Role[];
  /** The register's name in the 404 message. */
  what: string;
}

/**
 * Only these roles know the register exists: anyone else gets its 404, before the body is even
 * validated (a 400 or a 403 would tell them the route is there). Unlike `@Roles`, which answers 403.
 */
export const ReadableBy = (what: string, ...readers: Role[]) => SetMetadata(READERS_KEY, { readers, what } satisfies RegisterReaders);

@Injectable()
export class RegisterReadersGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<RegisterReaders | undefined>(READERS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) return true;
    const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor || !rule.readers.includes(actor.role)) throw notFound(rule.what);
    return true;
  }
}
