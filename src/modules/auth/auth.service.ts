import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainException, ErrorCode } from '../../common/errors.js';
import type { User } from '../users/user.entity.js';
import { UsersService, type PublicUser } from '../users/users.service.js';
import { LoginThrottleService } from './login-throttle.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async login(username: string, password: string, ip: string): Promise<{ accessToken: string; user: PublicUser }> {
    const wait = await this.throttle.retryAfter(username, ip);
    if (wait > 0) {
      throw new DomainException(ErrorCode.TooManyRequests, `登录失败次数过多，请 ${wait} 秒后再试`, { retryAfterSeconds: wait });
    }
    const user = await this.users.verifyPassword(username, password);
    if (!user) {
      await this.throttle.recordFailure(username, ip);
      throw new DomainException(ErrorCode.InvalidCredentials, '用户名或密码错误');
    }
    await this.throttle.reset(username, ip);
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, unitId: user.unitId });
    return { accessToken, user };
  }

  /**
   * The active user a token belongs to, or null for a missing, forged or expired token or a
   * deactivated user. The one check behind the API guard, the pages and the queue board. The user
   * is read each time, so a deactivation or a role change takes effect at once.
   */
  async userFromToken(token: string | undefined): Promise<User | null> {
    if (!token) return null;
    let sub: string;
    try {
      sub = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
    } catch {
      return null;
    }
    return this.users.findActiveById(sub);
  }
}
