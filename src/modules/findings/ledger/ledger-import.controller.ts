import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LedgerImportResultDto } from './ledger.responses.js';
import { ApiErrors } from '../../../common/openapi.js';
import type { Actor } from '../../../common/actor.js';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import type { UploadedSheet } from '../../plans/import/uploaded-file.js';
import { SheetUploadInterceptor } from '../../plans/import/upload.js';
import { ImportQuery, isDryRun, UploadDto } from '../../plans/plans.dto.js';
import { LedgerImportService } from './ledger-import.service.js';

@ApiTags('发现问题 findings')
@ApiBearerAuth()
@Controller('inspections')
export class LedgerImportController {
  constructor(private readonly ledger: LedgerImportService) {}

  @Post(':id/ledger-import')
  @HttpCode(200)
  @Roles('office')
  @UseInterceptors(SheetUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDto })
  @ApiOperation({ summary: '从整改台账（xlsx/csv）导入发现问题和整改事项；出错时整份不导入；dryRun=true 只校验' })
  @ApiErrors(413, 415)
  import(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ImportQuery,
    @UploadedFile() file: UploadedSheet | undefined,
  ): Promise<LedgerImportResultDto> {
    return this.ledger.import(actor, id, file, isDryRun(query));
  }
}
