import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { ObligationsController } from './obligations.controller.js';
import { ObligationsService } from './obligations.service.js';
import { SelfChecksService } from './self-checks.service.js';

/**
 * The units' side of a round: the feedback date per unit, what each unit owes from it (its
 * 整改方案, its 整改情况报告), 共性问题 and their self-checks. The follow-up sweep chases the
 * obligations; other modules settle them with `ObligationsService.satisfy` in their transaction.
 */
@Module({
  imports: [FollowUpModule],
  controllers: [ObligationsController],
  providers: [ObligationsService, SelfChecksService],
  exports: [ObligationsService],
})
export class ObligationsModule {}
