import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { isCalendarDate } from '../../common/dates.js';
import { badRequest, conflict, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { ExtensionRequest, type ExtensionStatus } from './extension-request.entity.js';
import { ItemAccess } from './item-access.service.js';
import type { CreateExtensionDto, DecideExtensionDto } from './rectification.dto.js';
import { RectificationItem } from './rectification-item.entity.js';
import { RectificationItemsRepository } from './rectification-items.repository.js';

const WHAT = '延期申请';

/**
 * Extension requests (延期申请): the only way an item's deadline moves. Requested by whoever may
 * work on the item (unit_manager, the owning unit_staff, or the office recording a request handed
 * in on paper); decided by the office, never by the person who asked. Approval moves `deadline`,
 * keeps `originalDeadline` and bumps `deadlineVersion` so reminders re-target.
 */
@Injectable()
export class ExtensionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ItemAccess,
    private readonly items: RectificationItemsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly decisions: DecisionNoticesService,
  ) {}

  async request(actor: Actor, itemId: string, dto: CreateExtensionDto): Promise<ExtensionRequest> {
    if (!isCalendarDate(dto.newDeadline)) throw badRequest('新的整改时限不是有效日期', [{ field: 'newDeadline', messages: ['无效日期'] }]);
    return this.access.transaction(actor, async (m) => {
      const item = await this.access.workable(actor, itemId, m);
      if (item.status === 'closed') throw conflict('事项已销号，不能申请延期', ErrorCode.IllegalTransition);
      this.access.assertNotDraft(item);
      if (dto.newDeadline <= item.deadline) {
        throw badRequest(`新的整改时限须晚于当前时限 ${item.deadline}`, [{ field: 'newDeadline', messages: [`须晚于 ${item.deadline}`] }]);
      }
      if (await m.existsBy(ExtensionRequest, { itemId: item.id, status: 'pending' })) {
        throw conflict('该事项已有待审批的延期申请', ErrorCode.Duplicate);
      }
      const row = await m.save(
        m.create(ExtensionRequest, {
          itemId: item.id,
          requestedById: actor.id,
          currentDeadline: item.deadline,
          newDeadline: dto.newDeadline,
          reason: dto.reason,
          status: 'pending',
        }),
      );
      await this.audit.record(m, actor, {
        action: 'extension.request',
        entityType: 'extension_request',
        entityId: row.id,
        subjectId: item.id,
        after: row,
      });
      return row;
    });
  }

  async listForItem(actor: Actor, itemId: string): Promise<ExtensionRequest[]> {
    const item = await this.access.readable(actor, itemId);
    return this.items.extensionsOf(item.id);
  }

  async list(actor: Actor, status?: ExtensionStatus) {
    const scope = await this.access.resolveScope(actor);
    const rows = await this.items.listExtensions(scope, status);
    return rows.map(({ item, ...e }) => ({
      ...e,
      item: item
        ? {
            id: item.id,
            title: item.title,
            status: item.status,
            deadline: item.deadline,
            originalDeadline: item.originalDeadline,
            responsibleUnitId: item.responsibleUnitId,
          }
        : null,
    }));
  }

  async decide(actor: Actor, extensionId: string, dto: DecideExtensionDto): Promise<ExtensionRequest> {
    const { after, notices } = await this.dataSource.transaction(async (m) => {
      const ext = await m.findOneBy(ExtensionRequest, { id: extensionId });
      if (!ext) throw notFound(WHAT);
      const scope = await this.access.resolveScope(actor, m);
      const item = await m.findOneBy(RectificationItem, { id: ext.itemId });
      if (!item || !ScopeService.includes(scope, item.responsibleUnitId)) throw notFound(WHAT);
      if (actor.role !== 'office') throw forbidden('只有巡察办可以审批延期申请');
      if (ext.requestedById === actor.id) throw forbidden('不能审批本人提出的延期申请');
      if (ext.status !== 'pending') throw conflict('该延期申请已审批', ErrorCode.Conflict);

      const status: ExtensionStatus = dto.approve ? 'approved' : 'rejected';
      const decided = await m
        .createQueryBuilder()
        .update(ExtensionRequest)
        .set({ status, decidedById: actor.id, decidedAt: this.clock.now(), comment: dto.comment ?? null })
        .where("id = :id AND status = 'pending'", { id: ext.id })
        .execute();
      if (!decided.affected) throw conflict('该延期申请已审批', ErrorCode.Conflict);
      if (dto.approve) {
        await m
          .createQueryBuilder()
          .update(RectificationItem)
          .set({ deadline: ext.newDeadline, deadlineVersion: () => 'deadline_version + 1', version: () => 'version + 1' })
          .where('id = :id', { id: item.id })
          .execute();
      }
      const after = await m.findOneByOrFail(ExtensionRequest, { id: ext.id });
      await this.audit.record(m, actor, {
        action: dto.approve ? 'extension.approve' : 'extension.reject',
        entityType: 'extension_request',
        entityId: ext.id,
        subjectId: item.id,
        before: { status: ext.status, deadline: item.deadline },
        after: {
          status,
          comment: after.comment,
          deadline: dto.approve ? ext.newDeadline : item.deadline,
          originalDeadline: item.originalDeadline,
        },
      });
      const outcome = dto.approve ? `同意延期，整改时限调整为${ext.newDeadline}` : `不同意延期，整改时限仍为${item.deadline}`;
      const notices = await this.decisions.record(m, actor, {
        itemId: item.id,
        kind: 'decision_extension',
        note: after.comment ? `${outcome}；审批意见：${after.comment}` : outcome,
        alsoNotify: [ext.requestedById],
      });
      return { after, notices };
    });
    await this.decisions.enqueue(notices);
    return after;
  }
}
