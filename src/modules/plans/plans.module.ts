import { Module } from '@nestjs/common';
import { SheetUploadModule } from './import/upload.js';
import { PlanImportService } from './plan-import.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({
  imports: [SheetUploadModule],
  controllers: [PlansController],
  providers: [PlansService, PlanImportService],
  exports: [PlansService],
})
export class PlansModule {}
