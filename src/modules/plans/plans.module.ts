import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { Module } from '@nestjs/common';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { SheetUploadModule } from './import/upload.js';
import { MeasuresController } from './measures.controller.js';
import { MeasuresRepository } from './measures.repository.js';
import { MeasuresService } from './measures.service.js';
import { PlanImportService } from './plan-import.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({
  imports: [SheetUploadModule, InspectionsModule, FollowUpModule],
  controllers: [PlansController, MeasuresController],
  providers: [PlansService, PlanImportService, MeasuresService, MeasuresRepository],
  exports: [PlansService, MeasuresService],
})
export class PlansModule {}
