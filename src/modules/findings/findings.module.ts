import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { SheetUploadModule } from '../plans/import/upload.js';
import { FindingsController } from './findings.controller.js';
import { FindingsService } from './findings.service.js';
import { LedgerImportController } from './ledger/ledger-import.controller.js';
import { LedgerImportService } from './ledger/ledger-import.service.js';

@Module({
  imports: [SheetUploadModule, FollowUpModule],
  controllers: [FindingsController, LedgerImportController],
  providers: [FindingsService, LedgerImportService],
  exports: [FindingsService],
})
export class FindingsModule {}
