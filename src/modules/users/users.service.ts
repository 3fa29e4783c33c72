import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR, type Actor } from '../../common/actor.js';
import { badRequest, conflict, ErrorCode, notFound } from '../../common/errors.js';
import { isUnitRole, type Role } from '../../common/roles.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { User } from './user.entity.js';

const BCRYPT_ROUNDS = 10;
/** Compared against when the username is unknown, so response time does not reveal it. */
let dummyHash: string | undefined;

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  email: string | null;
  active: boolean;
}

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  unitId?: string | null;
  email?: string | null;
  phone?: string | null;
}

export function toPublicUser(u: User): PublicUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId, email: u.email, active: u.active };
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** Create the configured admin at start when missing (never changes an existing one). */
  async onApplicationBootstrap(): Promise<void> {
    const username = this.config.get('ADMIN_USERNAME', { infer: true });
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (!username || !password || this.config.get('APP_ROLE', { infer: true }) === 'worker') return;
    const exists = await this.dataSource.getRepository(User).existsBy({ username });
    if (exists) return;
    try {
      await this.create(SYSTEM_ACTOR, { username, password, displayName: '系统管理员', role: 'admin' });
      this.logger.log(`created admin user "${username}"`);
    } catch (e) {
      // Two API replicas starting at once: the other one created it.
      if (!(await this.dataSource.getRepository(User).existsBy({ username }))) throw e;
    }
  }

  async create(actor: Actor, input: NewUser): Promise<PublicUser> {
    const unitId = input.unitId ?? null;
    if (isUnitRole(input.role) && !unitId) {
      throw badRequest('单位角色必须指定所属单位（unitId）', [{ field: 'unitId', messages: ['unit roles need unitId'] }]);
    }
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
    return this.dataSource.transaction(async (m) => {
      if (unitId && !(await m.existsBy(Unit, { id: unitId }))) {
        throw badRequest('所属单位不存在', [{ field: 'unitId', messages: ['unit not found'] }]);
      }
      if (await m.existsBy(User, { username: input.username })) {
        throw conflict(`用户名“${input.username}”已存在`, ErrorCode.Duplicate);
      }
      const user = await m.save(
        m.create(User, {
          username: input.username,
          passwordHash,
          displayName: input.displayName,
          role: input.role,
          unitId,
          email: input.email ?? null,
          phone: input.phone ?? null,
          active: true,
        }),
      );
      const pub = toPublicUser(user);
      await this.audit.record(m, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: pub });
      return pub;
    });
  }

  async verifyPassword(username: string, password: string): Promise<PublicUser | null> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.active', { username })
      .getOne();
    dummyHash ??= await bcrypt.hash('rectify-dummy-password', BCRYPT_ROUNDS);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? dummyHash);
    return user && ok ? toPublicUser(user) : null;
  }

  findActiveById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id, active: true });
  }

  async getPublic(id: string): Promise<PublicUser & { unit: { id: string; code: string; name: string } | null }> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id }, relations: { unit: true } });
    if (!user) throw notFound('用户');
    const unit = user.unit ? { id: user.unit.id, code: user.unit.code, name: user.unit.name } : null;
    return { ...toPublicUser(user), unit };
  }

  /** Users the caller may see: bureau roles all, unit roles their units' users. */
  async list(actor: Actor, filter: { unitId?: string; role?: Role }): Promise<PublicUser[]> {
    const scope = await this.scope.resolve(actor);
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u').orderBy('u.username');
    ScopeService.restrict(qb, scope, 'u.unitId');
    if (filter.unitId) qb.andWhere('u.unitId = :unitId', { unitId: filter.unitId });
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    return (await qb.getMany()).map(toPublicUser);
  }
}
