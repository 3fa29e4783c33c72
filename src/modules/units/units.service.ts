import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { badRequest, conflict, ErrorCode, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from './unit.entity.js';
import type { CreateUnitDto } from './units.dto.js';

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
      if (await m.existsBy(Unit, { code: dto.code })) throw conflict(`单位编码“${dto.code}”已存在`, ErrorCode.Duplicate);
      const unit = await m.save(
        m.create(Unit, { code: dto.code, name: dto.name, parentId: dto.parentId ?? null, aliases: dto.aliases ?? [] }),
      );
      await this.audit.record(m, actor, { action: 'unit.create', entityType: 'unit', entityId: unit.id, after: unit });
      return unit;
    });
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
