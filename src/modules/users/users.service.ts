import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { SYSTEM_ACTOR, type Actor } from '../../common/actor.js';
import { badRequest, conflict, DomainException, ErrorCode, notFound } from '../../common/errors.js';
import { isUnitRole, ROLE_LABELS, type Role } from '../../common/roles.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { FollowUpMessagesService } from '../follow-up/messages.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { assertPasswordPolicy } from './password-policy.js';
import { User } from './user.entity.js';
import { activeOfficeUsers, activeUnitManagers, assertUnitsActive, unitSubtree } from '../units/units.repository.js';

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
  phone: string | null;
  active: boolean;
  /** An admin reset the password: the user must choose a new one before using the API. */
  mustChangePassword: boolean;
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

export interface UserChanges {
  displayName?: string;
  role?: Role;
  unitId?: string | null;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
}

export function toPublicUser(u: User): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    email: u.email,
    phone: u.phone,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
  };
}

const samePassword = () =>
  new DomainException(ErrorCode.ValidationFailed, '密码不符合要求：新密码不能与当前密码相同', [
    { field: 'newPassword', messages: ['新密码不能与当前密码相同'] },
  ]);

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly messages: FollowUpMessagesService,
  ) {}

  /**
   * Create the configured admin at start when missing (never changes an existing one). Its
   * password comes from the operator's environment, not the API: the password policy does not
   * apply to it (ADMIN_PASSWORD needs 8 characters); the admin can change it at /auth/password.
   */
  async onApplicationBootstrap(): Promise<void> {
    const username = this.config.get('ADMIN_USERNAME', { infer: true });
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (!username || !password || this.config.get('APP_ROLE', { infer: true }) === 'worker') return;
    const exists = await this.dataSource.getRepository(User).existsBy({ username });
    if (exists) return;
    try {
      await this.create(SYSTEM_ACTOR, { username, password, displayName: '系统管理员', role: 'admin' }, { passwordPolicy: false });
      this.logger.log(`created admin user "${username}"`);
    } catch (e) {
      // Two API replicas starting at once: the other one created it.
      if (!(await this.dataSource.getRepository(User).existsBy({ username }))) throw e;
    }
  }

  /** A new user; the password must meet the policy unless it is the environment's admin. */
  async create(actor: Actor, input: NewUser, options: { passwordPolicy?: boolean } = {}): Promise<PublicUser> {
    const unitId = input.unitId ?? null;
    if (isUnitRole(input.role) && !unitId) {
      throw badRequest('单位角色必须指定所属单位（unitId）', [{ field: 'unitId', messages: ['unit roles need unitId'] }]);
    }
    if (options.passwordPolicy !== false) assertPasswordPolicy(input.password, input.username);
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
    return this.dataSource.transaction(async (m) => {
      if (unitId && !(await m.existsBy(Unit, { id: unitId }))) {
        throw badRequest('所属单位不存在', [{ field: 'unitId', messages: ['unit not found'] }]);
      }
      await assertUnitsActive(m, [unitId], '新的用户');
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

  /** The active user with this username and password, or null (in about the same time either way). */
  async verifyPassword(username: string, password: string): Promise<User | null> {
    const user = await this.withHash().where('u.username = :username AND u.active', { username }).getOne();
    dummyHash ??= await bcrypt.hash('rectify-dummy-password', BCRYPT_ROUNDS);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? dummyHash);
    return user && ok ? user : null;
  }

  private withHash() {
    return this.dataSource.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash');
  }

  /**
   * The caller's own change, with the current password: the new one must meet the policy and
   * differ from it. Clears a pending forced change and ends every earlier session.
   */
  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<User> {
    const user = await this.withHash().where('u.id = :id AND u.active', { id: actor.id }).getOne();
    if (!user || !(await bcrypt.compare(currentPassword, user.passwordHash))) {
      throw badRequest('当前密码不正确', [{ field: 'currentPassword', messages: ['当前密码不正确'] }]);
    }
    assertPasswordPolicy(newPassword, user.username, 'newPassword');
    if (await bcrypt.compare(newPassword, user.passwordHash)) throw samePassword();
    const passwordHash = await bcrypt.hash(newPassword, BCRYPT_ROUNDS);
    return this.dataSource.transaction(async (m) => {
      await this.setPassword(m, user.id, passwordHash, false);
      await this.audit.record(m, actor, { action: 'user.password.change', entityType: 'user', entityId: user.id });
      return m.findOneByOrFail(User, { id: user.id });
    });
  }

  /**
   * The admin sets a password (policy applies); the user must change it at the next login. The user
   * is told, in the reset's transaction (a reset they did not ask for is how they notice a stranger
   * at work); not when the admin reset his own.
   */
  async resetPassword(actor: Actor, id: string, newPassword: string): Promise<PublicUser> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('用户');
    assertPasswordPolicy(newPassword, user.username, 'newPassword');
    const passwordHash = await bcrypt.hash(newPassword, BCRYPT_ROUNDS);
    const key = `user-password-reset:${randomUUID()}`;
    const { pub, deliveries } = await this.dataSource.transaction(async (m) => {
      await this.setPassword(m, id, passwordHash, true);
      await this.audit.record(m, actor, { action: 'user.password.reset', entityType: 'user', entityId: id });
      const deliveries =
        id === actor.id
          ? []
          : await this.messages.record(
              m,
              [id],
              {
                key,
                title: '密码已重置',
                body: '系统管理员已重置您的登录密码，请登录后立即修改；如非本人申请，请联系管理员。',
              },
              { kind: 'decision' },
            );
      return { pub: toPublicUser(await m.findOneByOrFail(User, { id })), deliveries };
    });
    await this.messages.enqueue(deliveries, key);
    return pub;
  }

  private async setPassword(m: EntityManager, id: string, passwordHash: string, mustChangePassword: boolean): Promise<void> {
    await m
      .createQueryBuilder()
      .update(User)
      .set({ passwordHash, mustChangePassword, tokenVersion: () => 'token_version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /** Ends every session of the user at once (logout), on the record. */
  async endSessions(actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .update(User)
        .set({ tokenVersion: () => 'token_version + 1' })
        .where('id = :id', { id: actor.id })
        .execute();
      await this.audit.record(m, actor, { action: 'user.logout', entityType: 'user', entityId: actor.id });
    });
  }

  /**
   * The admin's changes to a user. Deactivation and a role or unit change end the user's sessions
   * (a token must not keep powers the user lost); the admin cannot deactivate or demote himself.
   */
  async update(actor: Actor, id: string, changes: UserChanges): Promise<PublicUser> {
    const key = `user-change:${randomUUID()}`; // (message keys hold 100 characters)
    const { saved, deliveries } = await this.dataSource.transaction(async (m) => {
      const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('用户');
      const before = toPublicUser(user);
      const role = changes.role ?? user.role;
      const unitId = changes.unitId === undefined ? user.unitId : changes.unitId;
      const active = changes.active ?? user.active;
      if (id === actor.id && (role !== user.role || !active)) throw conflict('不能停用自己的账号或更改自己的角色');
      if (isUnitRole(role) && !unitId) {
        throw badRequest('单位角色必须指定所属单位（unitId）', [{ field: 'unitId', messages: ['unit roles need unitId'] }]);
      }
      if (unitId && unitId !== user.unitId && !(await m.existsBy(Unit, { id: unitId }))) {
        throw badRequest('所属单位不存在', [{ field: 'unitId', messages: ['unit not found'] }]);
      }
      if (unitId !== user.unitId) await assertUnitsActive(m, [unitId], '调入的用户');
      const endsSessions = role !== user.role || unitId !== user.unitId || (user.active && !active);
      Object.assign(user, {
        role,
        unitId,
        active,
        displayName: changes.displayName ?? user.displayName,
        email: changes.email === undefined ? user.email : changes.email,
        phone: changes.phone === undefined ? user.phone : changes.phone,
        tokenVersion: endsSessions ? user.tokenVersion + 1 : user.tokenVersion,
      });
      const saved = toPublicUser(await m.save(user));
      await this.audit.record(m, actor, { action: 'user.update', entityType: 'user', entityId: id, before, after: saved });
      return { saved, deliveries: await this.tell(m, actor, key, before, saved) };
    });
    await this.messages.enqueue(deliveries, key);
    return saved;
  }

  /**
   * Tells the people an admin's change of a user concerns, in the change's transaction (kind
   * decision): on deactivation, the managers of the user's unit and the office (someone must take
   * over the user's open items); on a role or unit change, the user (their sessions just ended),
   * and on a unit move the managers of the old and the new unit. Managers are told only of items in
   * their own unit's tree. Never the admin who acted. Returns the delivery ids to enqueue after commit.
   */
  private async tell(m: EntityManager, actor: Actor, key: string, before: PublicUser, after: PublicUser): Promise<string[]> {
    const send = (suffix: string, userIds: string[], title: string, body: string) =>
      this.messages.record(
        m,
        [...new Set(userIds)].filter((u) => u !== actor.id),
        { key: `${key}:${suffix}`, title, body },
        { kind: 'decision' },
      );
    const managersOf = async (unitId: string | null) => (unitId ? (await activeUnitManagers(m, unitId)).filter((u) => u !== after.id) : []);
    /** The user's items not yet closed (销号), all of them or those of one unit's tree. */
    const openOwned = async (unitId?: string) => {
      const units = unitId ? await unitSubtree(m, unitId) : null;
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM rectification_items
          WHERE owner_id = $1 AND status <> 'closed' AND ($2::uuid[] IS NULL OR responsible_unit_id = ANY($2::uuid[]))`,
        [after.id, units],
      );
      return n;
    };
    const unitName = async (unitId: string) =>
      (await m.query<{ name: string }[]>(`SELECT name FROM units WHERE id = $1`, [unitId]))[0]?.name ?? '';
    const who = `用户“${after.displayName}”（${after.username}）`;
    const reassign = (open: number, what = '') => (open > 0 ? `；其负责的${what}${open}项整改事项尚未销号，请及时重新指派责任人` : '');
    const out: string[] = [];

    if (before.active && !after.active) {
      out.push(
        ...(await send('deactivated-office', await activeOfficeUsers(m), '账号停用', `${who}的账号已停用${reassign(await openOwned())}。`)),
      );
      if (before.unitId) {
        out.push(
          ...(await send(
            'deactivated-unit',
            await managersOf(before.unitId),
            '账号停用',
            `本单位${who}的账号已停用${reassign(await openOwned(before.unitId), '本单位')}。`,
          )),
        );
      }
      return out;
    }
    if (!before.active && after.active) {
      out.push(...(await send('reactivated', [after.id], '账号启用', '您的账号已重新启用，可以登录系统。')));
    }
    const roleChanged = before.role !== after.role;
    const moved = before.unitId !== after.unitId;
    if (!after.active || (!roleChanged && !moved)) return out;
    const news: string[] = [];
    if (roleChanged) news.push(`角色已调整为“${ROLE_LABELS[after.role]}”`);
    if (moved) news.push(after.unitId ? `所属单位已调整为“${await unitName(after.unitId)}”` : '已不再隶属任何单位');
    const titles = [roleChanged ? '角色' : '', moved ? '所属单位' : ''].filter(Boolean).join('和');
    out.push(...(await send('user', [after.id], `账号${titles}调整`, `您的账号${news.join('，')}，请重新登录。`)));
    if (moved) {
      out.push(
        ...(await send(
          'old-unit',
          await managersOf(before.unitId),
          '人员调出',
          `${who}已调离本单位${reassign(before.unitId ? await openOwned(before.unitId) : 0, '本单位')}。`,
        )),
        ...(await send('new-unit', await managersOf(after.unitId), '人员调入', `${who}已调入本单位，角色为“${ROLE_LABELS[after.role]}”。`)),
      );
    }
    return out;
  }

  /**
   * The active user by id: the auth guard's lookup on every request. One plain statement instead of
   * the repository's query builder and entity hydration (a sixth of the API's CPU per write request
   * went to building and mapping this one row); the result is the same User, without passwordHash.
   */
  async findActiveById(id: string): Promise<User | null> {
    const rows = await this.dataSource.query<ActiveUserRow[]>(
      `SELECT id, username, display_name, role, unit_id, email, phone, active, token_version, must_change_password, created_at, updated_at
         FROM users WHERE id = $1 AND active`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return Object.assign(new User(), {
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      unitId: r.unit_id,
      email: r.email,
      phone: r.phone,
      active: r.active,
      tokenVersion: r.token_version,
      mustChangePassword: r.must_change_password,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
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

/** A `users` row as `findActiveById` selects it (pg's own types: uuid/varchar strings, int, boolean, timestamptz Date). */
interface ActiveUserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  token_version: number;
  must_change_password: boolean;
  created_at: Date;
  updated_at: Date;
}
