import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { badRequest, conflict, ErrorCode, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from './unit.entity.js';
import type { CreateUnitDto, UpdateUnitDto } from './units.dto.js';
import { assertUnitsActive, unitSubtree } from './units.repository.js';

/** Serialises changes of the tree's shape (moves, (de)activation): each checks the tree it then changes. */
const UNIT_TREE_LOCK_KEY = 0x52_55_4e_54; // "RUNT"

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
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
  update(actor: Actor, id: string, dto: UpdateUnitDto): Promise<Unit> {
    if (dto.code === undefined && dto.name === undefined && dto.parentId === undefined && dto.active === undefined) {
      throw badRequest('没有要修改的内容', [{ field: 'name', messages: ['give at least one of code, name, parentId, active'] }]);
    }
    return this.dataSource.transaction(async (m) => {
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
      return saved;
    });
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
