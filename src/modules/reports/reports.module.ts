import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { BulletinService } from './bulletin.service.js';
import { ExportPool, ExportSlots } from './export-limits.js';
import { LedgerExportService } from './ledger-export.service.js';
import { PlanReportController, ReportsController } from './reports.controller.js';
import { PlanReportService } from './plan-report.service.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** Reports (统计报表), the ledger export, trend snapshots and the weekly bulletin. Jobs run in ReportsWorkerModule. */
@Module({
  imports: [FollowUpModule, InspectionsModule, PlansModule],
  controllers: [ReportsController, PlanReportController],
  providers: [ReportsRepository, ReportsService, PlanReportService, LedgerExportService, BulletinService, ExportSlots, ExportPool],
  exports: [ReportsService, BulletinService],
})
export class ReportsModule {}
