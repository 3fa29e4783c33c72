import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '../../common/actor.js';
import { DomainException, ErrorCode } from '../../common/errors.js';
import { assertPasswordPolicy } from '../users/password-policy.js';
import type { User } from '../users/user.entity.js';
import { toPublicUser, UsersService, type PublicUser } from '../users/users.service.js';
import { LoginThrottleService } from './login-throttle.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a token carries: the user and the session generation it was issued in. */
interface TokenClaims {
  sub: string;
  ver: number;
}

export interface Session {
  accessToken: string;
  user: PublicUser;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async login(username: string, password: string, ip: string): Promise<Session> {
    if (!(await this.throttle.begin(username, ip))) throw this.locked();
    const user = await this.users.verifyPassword(username, password);
    if (!user) throw new DomainException(ErrorCode.InvalidCredentials, '用户名或密码错误');
    await this.throttle.succeeded(username, ip);
    return this.session(user);
  }

  /**
   * The caller's own password change. The current password is a guess like a login's and counts
   * against the same limits. Every earlier token ends; the answer carries the new session.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, ip: string): Promise<Session> {
    // A new password the policy refuses is no guess at the current one: it costs no attempt.
    assertPasswordPolicy(newPassword, actor.username, 'newPassword');
    if (!(await this.throttle.begin(actor.username, ip))) throw this.locked();
    const user = await this.users.changeOwnPassword(actor, currentPassword, newPassword);
    await this.throttle.succeeded(actor.username, ip);
    return this.session(user);
  }

  /** Ends every session of the token's user (no-op for a dead token). */
  async logout(token: string | undefined, requestId?: string): Promise<void> {
    const user = await this.userFromToken(token);
    if (user) await this.users.endSessions({ id: user.id, username: user.username, role: user.role, unitId: user.unitId, requestId });
  }

  /**
   * The active user a token belongs to, or null for a missing, forged, expired or ended token
   * (logout, password change, deactivation, role or unit change raise the user's tokenVersion) or
   * one that does not name a user at all. The one check behind the API guard, the pages and the
   * queue board. The user is read each time, so changes take effect at once.
   */
  async userFromToken(token: string | undefined): Promise<User | null> {
    if (!token) return null;
    let claims: Partial<Record<keyof TokenClaims, unknown>>;
    try {
      claims = await this.jwt.verifyAsync<Partial<Record<keyof TokenClaims, unknown>>>(token);
    } catch {
      return null;
    }
    const { sub, ver } = claims;
    if (typeof sub !== 'string' || !UUID.test(sub) || typeof ver !== 'number' || !Number.isInteger(ver)) return null;
    const user = await this.users.findActiveById(sub);
    return user && user.tokenVersion === ver ? user : null;
  }

  private async session(user: User): Promise<Session> {
    const claims: TokenClaims & { role: string; unitId: string | null } = {
      sub: user.id,
      ver: user.tokenVersion,
      role: user.role,
      unitId: user.unitId,
    };
    return { accessToken: await this.jwt.signAsync(claims), user: toPublicUser(user) };
  }

  /** The same answer whoever is locked and whatever password was given. */
  private locked(): DomainException {
    const minutes = Math.max(1, Math.ceil(this.throttle.windowSeconds / 60));
    return new DomainException(ErrorCode.TooManyRequests, `登录失败次数过多，请 ${minutes} 分钟后再试`);
  }
}
