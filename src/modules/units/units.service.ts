import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { badRequest, conflict, ErrorCode, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { FollowUpMessagesService } from '../follow-up/messages.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from './unit.entity.js';
import type { CreateUnitDto, UpdateUnitDto } from './units.dto.js';
import { activeOfficeUsers, activeUnitManagers, assertUnitsActive, unitSubtree } from './units.repository.js';

/** Serialises changes of the tree's shape (moves, (de)activation): each checks the tree it then changes. */
const UNIT_TREE_LOCK_KEY = 0x52_55_4e_54; // "RUNT"

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly messages: FollowUpMessagesService,
  ) {}

  create(actor: Actor, dto: CreateUnitDto): Promise<Unit> {
    return this.dataSource.transaction(async (m) => {
      if (dto.parentId && !(await m.existsBy(Unit, { id: dto.parentId }))) {
        throw badRequest('上级单位不存在', [{ field: 'parentId', messages: ['parent unit not found'] }]);
      }
      await assertUnitsActive(m, [dto.parentId], '新的下级单位');
      if (await m.existsBy(Unit, { code: dto.code })) throw conflict(`单位编码“${dto.code}”已存在`, ErrorCode.Duplicate);
      const unit = await m.save(
        m.create(Unit, { code: dto.code, name: dto.name, parentId: dto.parentId ?? null, aliases: dto.aliases ?? [] }),
      );
      await this.audit.record(m, actor, { action: 'unit.create', entityType: 'unit', entityId: unit.id, after: unit });
      return unit;
    });
  }

  /**
   * Rename, move, deactivate or reactivate a unit (admin). A move keeps the tree a tree: a
   * top-level unit stays top-level, and no unit goes under itself or one of its own sub-units.
   * Deactivating a unit keeps everything it has (items, findings, users, who can still sign in to
   * finish and read their work) but it takes nothing new; it needs its sub-units deactivated or
   * moved first, and reactivating one needs its parent active. One audit entry per kind of change.
   * Access follows at once: the unit subtree is read from the tree on every request, never stored.
   */
  async update(actor: Actor, id: string, dto: UpdateUnitDto): Promise<Unit> {
    if (dto.code === undefined && dto.name === undefined && dto.parentId === undefined && dto.active === undefined) {
      throw badRequest('没有要修改的内容', [{ field: 'name', messages: ['give at least one of code, name, parentId, active'] }]);
    }
    const key = `unit-change:${id}:${randomUUID()}`;
    const { saved, deliveries } = await this.dataSource.transaction(async (m) => {
      if (dto.parentId !== undefined || dto.active !== undefined) await m.query(`SELECT pg_advisory_xact_lock($1)`, [UNIT_TREE_LOCK_KEY]);
      const unit = await m.findOne(Unit, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw notFound('单位');
      const before = { ...unit };
      const renamed = (dto.code !== undefined && dto.code !== unit.code) || (dto.name !== undefined && dto.name !== unit.name);
      if (dto.code !== undefined && dto.code !== unit.code && (await m.existsBy(Unit, { code: dto.code }))) {
        throw conflict(`单位编码“${dto.code}”已存在`, ErrorCode.Duplicate);
      }
      const moved = dto.parentId !== undefined && dto.parentId !== unit.parentId;
      if (moved) await this.assertMove(m, unit, dto.parentId!);
      const activeChanged = dto.active !== undefined && dto.active !== unit.active;
      if (activeChanged && !dto.active) {
        const children: { name: string }[] = await m.query(`SELECT name FROM units WHERE parent_id = $1 AND active ORDER BY code`, [id]);
        if (children.length > 0) {
          throw conflict(`单位“${unit.name}”还有未停用的下级单位：${children.map((c) => c.name).join('、')}；请先停用或移走它们`);
        }
      }
      const parentId = moved ? dto.parentId! : unit.parentId;
      if (activeChanged && dto.active) await assertUnitsActive(m, [parentId], '重新启用的下级单位');
      Object.assign(unit, { code: dto.code ?? unit.code, name: dto.name ?? unit.name, parentId, active: dto.active ?? unit.active });
      const saved = await m.save(unit);
      const entry = (action: string, fields: (keyof Unit)[]) =>
        this.audit.record(m, actor, {
          action,
          entityType: 'unit',
          entityId: id,
          before: Object.fromEntries(fields.map((f) => [f, before[f]])),
          after: Object.fromEntries(fields.map((f) => [f, saved[f]])),
        });
      if (renamed) await entry('unit.rename', ['code', 'name']);
      if (moved) await entry('unit.move', ['parentId']);
      if (activeChanged) await entry(saved.active ? 'unit.reactivate' : 'unit.deactivate', ['active']);
      const deliveries = await this.tell(m, key, before, saved, { renamed, moved, activeChanged });
      return { saved, deliveries };
    });
    await this.messages.enqueue(deliveries, key);
    return saved;
  }

  /**
   * Tells the people a change of the tree concerns, in the change's transaction: the unit's own
   * users (their unit was renamed, moved, stopped or restarted); on a move, the managers of the old
   * and the new parent (the unit's items leave or join what they see); on (de)activation, the office
   * (a stopped unit may still have open items to watch). One message per change and recipient group.
   */
  private async tell(
    m: EntityManager,
    key: string,
    before: Unit,
    after: Unit,
    change: { renamed: boolean; moved: boolean; activeChanged: boolean },
  ): Promise<string[]> {
    const ids = async (sql: string, params: unknown[]) => (await m.query<{ id: string }[]>(sql, params)).map((r) => r.id);
    const nameOf = async (unitId: string | null) =>
      unitId ? ((await m.query<{ name: string }[]>(`SELECT name FROM units WHERE id = $1`, [unitId]))[0]?.name ?? '') : '';
    const send = (suffix: string, userIds: string[], title: string, body: string) =>
      this.messages.record(m, userIds, { key: `${key}:${suffix}`, title, body }, { kind: 'decision' });
    const own = await ids(`SELECT id FROM users WHERE active AND unit_id = $1 ORDER BY id`, [after.id]);
    const managersOf = (unitId: string | null) => (unitId ? activeUnitManagers(m, unitId) : Promise.resolve([]));
    const news: string[] = [];
    if (change.renamed) news.push(`本单位名称已由“${before.name}”（编码 ${before.code}）调整为“${after.name}”（编码 ${after.code}）`);
    const out: string[] = [];
    if (change.moved) {
      const [oldParent, newParent] = [await nameOf(before.parentId), await nameOf(after.parentId)];
      news.push(`本单位已由“${oldParent}”调整为“${newParent}”的下级单位，其负责人今后可查看本单位的整改事项`);
      out.push(
        ...(await send(
          'old-parent',
          await managersOf(before.parentId),
          '下级单位调整',
          `“${after.name}”已调出本单位，调整为“${newParent}”的下级单位；其整改事项今后不再显示在本单位的列表中`,
        )),
        ...(await send(
          'new-parent',
          await managersOf(after.parentId),
          '下级单位调整',
          `“${after.name}”已调整为本单位的下级单位（原属“${oldParent}”）；其整改事项今后显示在本单位的列表中`,
        )),
      );
    }
    if (change.activeChanged) {
      news.push(
        after.active
          ? '本单位已重新启用，可以接收新的整改事项和发现问题'
          : '本单位已停用：不再接收新的整改事项和发现问题；已有的整改事项仍可继续办理直至销号',
      );
      const [{ open }]: { open: number }[] = await m.query(
        `SELECT count(*)::int AS open FROM rectification_items WHERE responsible_unit_id = $1 AND status <> 'closed'`,
        [after.id],
      );
      const office = await activeOfficeUsers(m);
      out.push(
        ...(await send(
          'office',
          office,
          after.active ? '单位重新启用' : '单位停用',
          after.active
            ? `单位“${after.name}”已重新启用，可以接收新的整改事项`
            : `单位“${after.name}”已停用，不再接收新的整改事项；仍有 ${open} 项整改事项未销号${open > 0 ? '，请关注其办理' : ''}`,
        )),
      );
    }
    if (news.length) out.push(...(await send('unit', own, '本单位信息调整', `${news.join('；')}。`)));
    return out;
  }

  /** Refuses a move that would break the tree, or a new parent that does not exist or is deactivated. */
  private async assertMove(m: EntityManager, unit: Unit, parentId: string): Promise<void> {
    if (unit.parentId === null) throw conflict(`“${unit.name}”是顶级单位，不能移动`);
    const parent = await m.findOneBy(Unit, { id: parentId });
    if (!parent) throw badRequest('上级单位不存在', [{ field: 'parentId', messages: ['parent unit not found'] }]);
    if ((await unitSubtree(m, unit.id)).includes(parentId)) {
      const where = parent.id === unit.id ? '其自身' : `其下级单位“${parent.name}”`;
      throw conflict(`不能把“${unit.name}”移到${where}之下：单位树会形成环`);
    }
    await assertUnitsActive(m, [parentId], '移入的下级单位');
  }

  async list(actor: Actor): Promise<Unit[]> {
    const scope = await this.scope.resolve(actor);
    const qb = this.dataSource.getRepository(Unit).createQueryBuilder('u').orderBy('u.code');
    return ScopeService.restrict(qb, scope, 'u.id').getMany();
  }

  async get(actor: Actor, id: string): Promise<Unit> {
    await this.scope.assertUnit(actor, id, '单位');
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ id });
    if (!unit) throw notFound('单位');
    return unit;
  }
}
