import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ApiDocxDownload, docxDownload } from '../documents/download.js';
import { ClosureFormService } from './closure-form.service.js';
import { contentDisposition, sanitizeFileName } from './evidence-sniff.js';
import { EvidenceService, type UploadedEvidence } from './evidence.service.js';
import { ExtensionsService } from './extensions.service.js';
import { ItemFilterQuery } from './item-filters.js';
import {
  CreateExtensionDto,
  CreateItemDto,
  DecideExtensionDto,
  ListExtensionsQuery,
  ProgressDto,
  TransitionDto,
  UpdateItemDto,
} from './rectification.dto.js';
import { RectificationService } from './rectification.service.js';
import { UploadErrorsFilter } from './upload-errors.filter.js';

const WORKERS = ['office', 'unit_manager', 'unit_staff'] as const;

@ApiTags('整改事项 items')
@ApiBearerAuth()
@Controller('items')
export class ItemsController {
  constructor(
    private readonly items: RectificationService,
    private readonly evidence: EvidenceService,
    private readonly extensions: ExtensionsService,
    private readonly closureForms: ClosureFormService,
  ) {}

  @Post()
  @Roles('office', 'unit_manager')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateItemDto) {
    return this.items.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ItemFilterQuery) {
    return this.items.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.items.get(actor, id);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateItemDto) {
    return this.items.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('office', 'unit_manager')
  @HttpCode(204)
  @ApiOperation({ summary: '删除整改方案中的草稿事项', description: '仅草稿事项（整改方案草拟中），单位负责人或巡察办；其他事项 409。' })
  @ApiNoContentResponse({ description: '已删除' })
  remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.items.remove(actor, id);
  }

  @Post(':id/progress')
  @Roles(...WORKERS)
  progress(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ProgressDto) {
    return this.items.addProgress(actor, id, dto);
  }

  @Post(':id/evidence')
  @Roles(...WORKERS)
  @UseFilters(UploadErrorsFilter)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  upload(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file: UploadedEvidence | undefined) {
    return this.evidence.upload(actor, id, file);
  }

  @Get(':id/evidence')
  listEvidence(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.evidence.list(actor, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TransitionDto) {
    return this.items.transition(actor, id, dto);
  }

  @Post(':id/extensions')
  @Roles(...WORKERS)
  requestExtension(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateExtensionDto) {
    return this.extensions.request(actor, id, dto);
  }

  @Get(':id/extensions')
  listExtensions(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.extensions.listForItem(actor, id);
  }

  @Get(':id/trace')
  trace(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.items.trace(actor, id);
  }

  @Get(':id/closure-form.docx')
  @ApiDocxDownload(
    '导出销号申请表（Word）',
    '一个整改事项的销号申请表：问题、整改措施、进展、佐证材料清单、单位申请与巡察办审核意见；范围同 GET /items/:id（范围外 404）。',
  )
  async closureForm(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const { name, bytes } = await this.closureForms.build(actor, id);
    return docxDownload(res, name, bytes);
  }

  @Get(':id/history')
  history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.items.history(actor, id);
  }
}

@ApiTags('佐证材料 evidence')
@ApiBearerAuth()
@Controller('evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id/download')
  async download(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const { evidence, stream } = await this.evidence.open(actor, id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(stream, {
      type: evidence.mimeType,
      length: Number(evidence.size),
      // Names stored before bidi and zero-width characters were stripped on upload are cleaned on the way out too.
      disposition: contentDisposition(sanitizeFileName(evidence.originalName)),
    });
  }
}

@ApiTags('延期申请 extensions')
@ApiBearerAuth()
@Controller('extensions')
export class ExtensionsController {
  constructor(private readonly extensions: ExtensionsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListExtensionsQuery) {
    return this.extensions.list(actor, query.status);
  }

  @Post(':id/decision')
  @Roles('office')
  @HttpCode(200)
  decide(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideExtensionDto) {
    return this.extensions.decide(actor, id, dto);
  }
}
