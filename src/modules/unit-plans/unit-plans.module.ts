import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { ObligationsModule } from '../obligations/obligations.module.js';
import { RectificationModule } from '../rectification/rectification.module.js';
import { UnitPlansController } from './unit-plans.controller.js';
import { UnitPlansRepository } from './unit-plans.repository.js';
import { UnitPlansService } from './unit-plans.service.js';

/** A unit's own 整改方案 (三张清单): drafted by the unit, reviewed by the office. */
@Module({
  imports: [RectificationModule, FollowUpModule, ObligationsModule],
  controllers: [UnitPlansController],
  providers: [UnitPlansService, UnitPlansRepository],
})
export class UnitPlansModule {}
