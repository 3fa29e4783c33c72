import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { notFound } from '../../common/errors.js';
import { unitSubtree } from '../units/units.repository.js';
import { inScope, type Scope, scopeBasis, scopeSqlClause } from './access-rules.js';

export type { Scope } from './access-rules.js';

/**
 * The one place that reads which units a caller may see and touch (the decisions themselves are
 * the pure functions of access-rules.ts). Every module restricts its reads and writes through it:
 *  - admin, office, leadership: everything;
 *  - unit_manager, unit_staff: their unit and its sub-units;
 *  - inspector: the units inspected by the groups they lead or belong to, in rounds not yet closed.
 * Outside the scope is "not found" (404), never "forbidden", so ids never leak.
 *
 * A scope is read once per request: the guard makes one Actor object per request, and the answer
 * is kept against that object (a WeakMap, gone with the request). Inside a transaction, pass its
 * EntityManager (or resolve before the transaction): a query on `this.dataSource` there would wait
 * for a second pooled connection while holding one, and under load every connection ends up held
 * by a transaction waiting for another.
 */
@Injectable()
export class ScopeService {
  private readonly perRequest = new WeakMap<Actor, Promise<Scope>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The caller's scope; `m`: the transaction to read it through when called inside one. */
  resolve(actor: Actor, m?: EntityManager): Promise<Scope> {
    if (scopeBasis(actor.role, actor.unitId) === 'bureau') return Promise.resolve({ all: true });
    let scope = this.perRequest.get(actor);
    if (!scope) {
      scope = this.load(actor, m ?? this.dataSource.manager);
      this.perRequest.set(actor, scope);
      // A failed read (e.g. a lost connection) is not remembered.
      scope.catch(() => this.perRequest.delete(actor));
    }
    return scope;
  }

  private async load(actor: Actor, m: EntityManager): Promise<Scope> {
    const basis = scopeBasis(actor.role, actor.unitId);
    if (basis === 'unit-subtree' && actor.unitId) {
      return { all: false, unitIds: await unitSubtree(m, actor.unitId) };
    }
    if (basis === 'inspected-units') {
      const rows: { id: string }[] = await m.query(
        `SELECT DISTINCT gu.unit_id AS id
           FROM inspection_group_units gu
           JOIN inspection_groups g ON g.id = gu.group_id
           JOIN inspections r ON r.id = g.inspection_id AND r.status = 'open'
           LEFT JOIN inspection_group_members gm ON gm.group_id = g.id
          WHERE g.leader_id = $1 OR gm.user_id = $1`,
        [actor.id],
      );
      return { all: false, unitIds: rows.map((r) => r.id) };
    }
    return { all: false, unitIds: [] };
  }

  static includes(scope: Scope, unitId: string | null | undefined): boolean {
    return inScope(scope, unitId);
  }

  /** Throws the 404 of `what` unless the unit is in the caller's scope. */
  async assertUnit(actor: Actor, unitId: string | null | undefined, what: string, m?: EntityManager): Promise<Scope> {
    const scope = await this.resolve(actor, m);
    if (!ScopeService.includes(scope, unitId)) throw notFound(what);
    return scope;
  }

  /** Restrict a query to the caller's units through the given unit-id column (e.g. `i.responsibleUnitId`). */
  static restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: Scope, unitColumn: string): SelectQueryBuilder<T> {
    if (scope.all) return qb;
    if (scope.unitIds.length === 0) return qb.andWhere('1 = 0');
    return qb.andWhere(`${unitColumn} IN (:...scopeUnitIds)`, { scopeUnitIds: scope.unitIds });
  }

  /** The same restriction for raw SQL: returns a clause and appends its parameter. */
  static sqlClause(scope: Scope, unitColumn: string, params: unknown[]): string {
    return scopeSqlClause(scope, unitColumn, params);
  }
}
