import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { badRequest } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { FollowUpPolicyRow } from './follow-up.entities.js';
import { DEFAULT_POLICY, policyProblems, type FollowUpPolicy } from './follow-up-policy.js';
import type { FollowUpPolicyDto } from './follow-up.dto.js';

/** The follow-up policy, persisted in one row; the defaults until an admin saves one. */
@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(manager: EntityManager = this.dataSource.manager): Promise<FollowUpPolicy> {
    const row = await manager.findOneBy(FollowUpPolicyRow, { id: 1 });
    return row ? { ...DEFAULT_POLICY, ...row.policy } : DEFAULT_POLICY;
  }

  async put(actor: Actor, dto: FollowUpPolicyDto): Promise<FollowUpPolicy> {
    const policy: FollowUpPolicy = {
      reminderOffsets: [...dto.reminderOffsets].sort((a, b) => b - a),
      reminderRecipients: dto.reminderRecipients,
      escalationLevels: [...dto.escalationLevels]
        .sort((a, b) => a.level - b.level)
        .map((l) => ({
          level: l.level,
          afterDays: l.afterDays,
          recipients: l.recipients,
          supervisionNotice: l.supervisionNotice,
          interviewRecommended: l.interviewRecommended,
        })),
      checkInMonths: dto.checkInMonths,
      checkInRecipients: dto.checkInRecipients,
      countWorkingDays: dto.countWorkingDays,
    };
    const problems = policyProblems(policy);
    if (problems.length) throw badRequest(problems.join('；'), { problems });
    await this.dataSource.transaction(async (m) => {
      const before = await this.get(m);
      await m.upsert(FollowUpPolicyRow, { id: 1, policy, updatedById: actor.id }, ['id']);
      await this.audit.record(m, actor, {
        action: 'follow_up.policy.update',
        entityType: 'follow_up_policy',
        entityId: '00000000-0000-0000-0000-000000000001',
        before,
        after: policy,
      });
    });
    return policy;
  }
}
