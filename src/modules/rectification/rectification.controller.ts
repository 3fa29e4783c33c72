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
import type {
  EvidenceEntryDto,
  EvidenceFileDto,
  ExtensionRequestDto,
  ExtensionsListDto,
  ItemDto,
  ItemPageDto,
  ItemDetailDto,
  ItemsHistoryDto,
  ItemsTraceDto,
  ProgressRowDto,
} from './rectification.responses.js';
import { ApiErrors, ApiFile, UPLOAD_TYPES } from '../../common/openapi.js';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ApiDocxDownload, docxDownload } from '../documents/download.js';
import { ClosureFormService } from './closure-form.service.js';
import { contentDisposition, sanitizeFileName } from './evidence-sniff.js';
import { EvidenceService, type UploadedEvidence } from './evidence.service.js';
import { ExtensionsService } from './extensions.service.js';
import { ItemListQuery } from './item-filters.js';
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
  @ApiOperation({ summary: '新建整改事项' })
  @ApiErrors(404)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateItemDto): Promise<ItemDto> {
    return this.items.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '整改事项列表', description: '调用者范围内的事项，可按状态、单位、批次、期限等筛选，分页。' })
  list(@CurrentActor() actor: Actor, @Query() query: ItemListQuery): Promise<ItemPageDto> {
    return this.items.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '整改事项详情', description: '含 availableActions：调用者此刻可对该事项执行的操作。' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ItemDetailDto> {
    return this.items.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改整改事项', description: '须带 version；版本已过期 409。' })
  @ApiErrors(409)
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateItemDto): Promise<ItemDetailDto> {
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
  @ApiOperation({ summary: '填报整改进展' })
  @ApiErrors(409)
  progress(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ProgressDto): Promise<ProgressRowDto> {
    return this.items.addProgress(actor, id, dto);
  }

  @Post(':id/evidence')
  @Roles(...WORKERS)
  @UseFilters(UploadErrorsFilter)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: '上传佐证材料', description: 'multipart 的 file 字段；文件类型按内容识别。' })
  @ApiErrors(409, 413, 415)
  upload(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedEvidence | undefined,
  ): Promise<EvidenceFileDto> {
    return this.evidence.upload(actor, id, file);
  }

  @Get(':id/evidence')
  @ApiOperation({ summary: '佐证材料列表' })
  listEvidence(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EvidenceEntryDto[]> {
    return this.evidence.list(actor, id);
  }

  @Delete(':id/evidence/:evidenceId')
  @Roles(...WORKERS)
  @HttpCode(204)
  @ApiOperation({
    summary: '删除佐证材料',
    description:
      '仅限尚未提交的佐证材料：事项待整改或整改中，且文件上传于最近一次申请销号（及其退回、销号、重新打开）之后；已随销号申请提交的 409。' +
      '上传者本人或单位负责人可删除，巡察办只能删除本人上传的（其他 403）；文件不属于该事项或事项不在调用者范围内 404。',
  })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiErrors(409)
  removeEvidence(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('evidenceId', ParseUUIDPipe) evidenceId: string,
  ): Promise<void> {
    return this.evidence.remove(actor, id, evidenceId);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({ summary: '事项状态流转', description: '提交、审核通过、退回、销号等；不允许的流转 409。' })
  @ApiErrors(409)
  transition(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TransitionDto): Promise<ItemDetailDto> {
    return this.items.transition(actor, id, dto);
  }

  @Post(':id/extensions')
  @Roles(...WORKERS)
  @ApiOperation({ summary: '申请延期' })
  @ApiErrors(409)
  requestExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateExtensionDto,
  ): Promise<ExtensionRequestDto> {
    return this.extensions.request(actor, id, dto);
  }

  @Get(':id/extensions')
  @ApiOperation({ summary: '事项的延期申请' })
  listExtensions(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ExtensionRequestDto[]> {
    return this.extensions.listForItem(actor, id);
  }

  @Get(':id/trace')
  @ApiOperation({ summary: '事项溯源', description: '整改事项 → 发现问题 → 整改措施 → 反馈问题 → 上级巡视。' })
  trace(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ItemsTraceDto> {
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
  @ApiOperation({ summary: '事项变更历史' })
  history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ItemsHistoryDto[]> {
    return this.items.history(actor, id);
  }
}

@ApiTags('佐证材料 evidence')
@ApiBearerAuth()
@Controller('evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id/download')
  @ApiFile('佐证材料原文件，Content-Type 为上传时识别的类型', ...UPLOAD_TYPES)
  @ApiOperation({ summary: '下载佐证材料' })
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
  @ApiOperation({ summary: '延期申请列表', description: '巡察办看全部；单位看本单位及下级单位的。' })
  list(@CurrentActor() actor: Actor, @Query() query: ListExtensionsQuery): Promise<ExtensionsListDto[]> {
    return this.extensions.list(actor, query.status);
  }

  @Post(':id/decision')
  @Roles('office')
  @HttpCode(200)
  @ApiOperation({ summary: '审批延期申请' })
  @ApiErrors(409)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideExtensionDto,
  ): Promise<ExtensionRequestDto> {
    return this.extensions.decide(actor, id, dto);
  }
}
