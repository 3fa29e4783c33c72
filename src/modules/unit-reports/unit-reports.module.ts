import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { ObligationsModule } from '../obligations/obligations.module.js';
import { evidenceUploads, RectificationModule } from '../rectification/rectification.module.js';
import { UnitReportsController } from './unit-reports.controller.js';
import { UnitReportsRepository } from './unit-reports.repository.js';
import { UnitReportsService } from './unit-reports.service.js';

/** A unit's 整改情况报告: handed in with attachments, accepted or returned by the office. */
@Module({
  imports: [RectificationModule, FollowUpModule, ObligationsModule, evidenceUploads()],
  controllers: [UnitReportsController],
  providers: [UnitReportsService, UnitReportsRepository],
})
export class UnitReportsModule {}
