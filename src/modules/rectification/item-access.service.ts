import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { calendarDateIn, type CalendarDate } from '../../common/dates.js';
import { conflict, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { mayWorkOnItem, workRefusal } from '../scope/access-rules.js';
import { ScopeService, type Scope } from '../scope/scope.service.js';
import { scopedTransaction } from '../scope/scoped-transaction.js';
import { deriveItemState, type ItemDerivedState } from './item-derived.js';
import { availableActions, ITEM_STATUS_LABELS, type ItemAction } from './item-lifecycle.js';
import type { RectificationItem } from './rectification-item.entity.js';
import { RectificationItemsRepository } from './rectification-items.repository.js';

export const ITEM_WHAT = '整改事项';

/**
 * Who may see and work on an item, shared by the item, evidence and extension services:
 *  - reading: anyone whose scope (ScopeService) holds the item's responsible unit; otherwise 404;
 *  - working on it (progress, evidence, start/submit, extensions): the office, a unit_manager of
 *    the unit (or a parent unit), and a unit_staff only on items it OWNS — a unit_staff reads all
 *    of its unit's items but gets 403 when it tries to change one it does not own;
 *  - leadership, inspector and admin only read (403 on any change).
 */
@Injectable()
export class ItemAccess {
  constructor(
    private readonly scope: ScopeService,
    private readonly items: RectificationItemsRepository,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * A transaction for the caller: the scope is resolved first (outside it), then bound to the
   * transaction (row-level security), then `fn` runs with its manager.
   */
  async transaction<T>(actor: Actor, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return scopedTransaction(this.dataSource, await this.scope.resolve(actor), fn);
  }

  /**
   * Reads (or a single-statement write) for the caller: for a unit role or an inspector, in a
   * transaction bound to their scope; for bureau roles, straight on the pool (nothing to bind).
   */
  async scoped<T>(actor: Actor, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const scope = await this.scope.resolve(actor);
    return scope.all ? fn(this.dataSource.manager) : scopedTransaction(this.dataSource, scope, fn);
  }

  /** The caller's scope (read once per request); inside a transaction pass its manager. */
  resolveScope(actor: Actor, m?: EntityManager): Promise<Scope> {
    return this.scope.resolve(actor, m);
  }

  /**
   * The item if the caller may see it; 404 otherwise (missing and out of scope look the same).
   * Inside a transaction pass its manager: both the item and the scope are then read through it.
   */
  async readable(actor: Actor, itemId: string, m?: EntityManager): Promise<RectificationItem> {
    return this.visible(actor, await this.items.findById(itemId, m), m);
  }

  /** The same check on an item the caller already loaded (e.g. with its relations); 404 for null. */
  async visible<T extends RectificationItem>(actor: Actor, item: T | null, m?: EntityManager): Promise<T> {
    const scope = await this.scope.resolve(actor, m);
    if (!item || !ScopeService.includes(scope, item.responsibleUnitId)) throw notFound(ITEM_WHAT);
    return item;
  }

  /** The item if the caller may work on it: 404 out of scope, 403 for a role or a staff member who may not. */
  async workable(actor: Actor, itemId: string, m?: EntityManager): Promise<RectificationItem> {
    const item = await this.readable(actor, itemId, m);
    this.assertCanWork(actor, item);
    return item;
  }

  canWork(actor: Actor, item: RectificationItem): boolean {
    return mayWorkOnItem(actor, item);
  }

  assertCanWork(actor: Actor, item: RectificationItem): void {
    if (this.canWork(actor, item)) return;
    throw forbidden(workRefusal(actor.role));
  }

  /** A draft (整改方案 not yet approved) takes no progress, evidence or extension: 409. */
  assertNotDraft(item: RectificationItem): void {
    if (item.status === 'draft') {
      throw conflict('事项尚在整改方案草稿中，整改方案审定后方可办理', ErrorCode.IllegalTransition);
    }
  }

  timeZone(): string {
    return this.config.get('APP_TIMEZONE', { infer: true });
  }

  today(): CalendarDate {
    return calendarDateIn(this.clock.now(), this.timeZone());
  }

  warningDays(): number {
    return this.config.get('WARNING_DAYS', { infer: true });
  }

  derive(item: RectificationItem, today = this.today()): ItemDerivedState {
    const submittedOn = item.submittedAt ? calendarDateIn(new Date(item.submittedAt), this.timeZone()) : null;
    return deriveItemState({ ...item, submittedOn }, today, this.warningDays());
  }

  /** Lifecycle actions this caller could take now (none on items it may not work on). */
  actionsFor(actor: Actor, item: RectificationItem): ItemAction[] {
    return this.canWork(actor, item)
      ? availableActions(item.status, actor.role, { actorId: actor.id, submittedById: item.submittedById })
      : [];
  }

  /** The JSON shape of an item: its columns, labels and derived state; owner and unit when loaded. */
  view(item: RectificationItem, today = this.today()) {
    const { owner, responsibleUnit, finding: _finding, measure: _measure, ...columns } = item;
    return {
      ...columns,
      statusLabel: ITEM_STATUS_LABELS[item.status],
      ...this.derive(item, today),
      owner: owner ? { id: owner.id, displayName: owner.displayName } : null,
      unit: responsibleUnit ? { id: responsibleUnit.id, code: responsibleUnit.code, name: responsibleUnit.name } : null,
    };
  }
}
