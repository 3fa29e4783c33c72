import { Module } from '@nestjs/common';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { SheetUploadModule } from './import/upload.js';
import { PlanImportService } from './plan-import.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({
  imports: [SheetUploadModule, InspectionsModule],
  controllers: [PlansController],
  providers: [PlansService, PlanImportService],
  exports: [PlansService],
})
export class PlansModule {}
