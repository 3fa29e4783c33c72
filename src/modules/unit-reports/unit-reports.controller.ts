import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ApiFile, UPLOAD_TYPES } from '../../common/openapi.js';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { contentDisposition, sanitizeFileName } from '../rectification/evidence-sniff.js';
import type { UploadedEvidence } from '../rectification/evidence.service.js';
import { UploadErrorsFilter } from '../rectification/upload-errors.filter.js';
import {
  CreateUnitReportDto,
  DecideUnitReportDto,
  ListUnitReportsQuery,
  UnitReportDetailDto,
  UnitReportFileDto,
  UnitReportPageDto,
  UnitReportResponseDto,
} from './unit-reports.dto.js';
import { UnitReportsService } from './unit-reports.service.js';

@ApiTags('整改情况报告 unit-reports')
@ApiBearerAuth()
@Controller('unit-reports')
export class UnitReportsController {
  constructor(private readonly reports: UnitReportsService) {}

  @Post()
  @Roles('office', 'unit_manager')
  @ApiOperation({
    summary: '报送整改情况报告',
    description: '单位负责人为本单位（或下级单位）、巡察办代为报送；状态为待审核。附件另用 POST /unit-reports/:id/files 上传。',
  })
  @ApiCreatedResponse({ type: UnitReportResponseDto })
  @ApiBadRequestResponse({ description: '单位不在本人范围内、轮次不存在或不是本级巡察轮次、正文为空' })
  @ApiForbiddenResponse({ description: '其他角色' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitReportDto) {
    return this.reports.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '整改情况报告列表', description: '按本人范围：单位用户只见本单位及下级单位的报告。' })
  @ApiOkResponse({ type: UnitReportPageDto })
  list(@CurrentActor() actor: Actor, @Query() q: ListUnitReportsQuery) {
    return this.reports.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '整改情况报告（附本单位整改数据）',
    description: '自动带出本单位本轮事项已销号、未销号、逾期数和整改措施回应情况，以及附件。',
  })
  @ApiOkResponse({ type: UnitReportDetailDto })
  @ApiNotFoundResponse({ description: '不存在或不在本人范围内' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.reports.get(actor, id);
  }

  @Post(':id/files')
  @Roles('office', 'unit_manager')
  @UseFilters(UploadErrorsFilter)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: '上传整改情况报告附件',
    description: '与佐证材料相同的检查（大小、类型按内容识别、文件名清理）；仅待审核的报告。',
  })
  @ApiCreatedResponse({ type: UnitReportFileDto })
  @ApiBadRequestResponse({ description: '未选择文件或文件为空' })
  @ApiNotFoundResponse({ description: '不存在或不在本人范围内' })
  @ApiConflictResponse({ description: '报告已审核' })
  @ApiPayloadTooLargeResponse({ description: '超过 UPLOAD_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: '类型不在允许范围或与内容不符' })
  attach(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file: UploadedEvidence | undefined) {
    return this.reports.attach(actor, id, file);
  }

  @Get(':id/files/:fileId')
  @ApiOperation({ summary: '下载整改情况报告附件' })
  @ApiFile('附件原文件，Content-Type 为上传时识别的类型', ...UPLOAD_TYPES)
  @ApiNotFoundResponse({ description: '不存在或不在本人范围内' })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, stream } = await this.reports.openFile(actor, id, fileId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(stream, {
      type: file.mimeType,
      length: Number(file.size),
      disposition: contentDisposition(sanitizeFileName(file.originalName)),
    });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({ summary: '审核整改情况报告（巡察办）', description: '通过，或退回（须填写意见）；均通知单位负责人。' })
  @ApiOkResponse({ type: UnitReportResponseDto })
  @ApiBadRequestResponse({ description: '退回未填写意见' })
  @ApiForbiddenResponse({ description: '非巡察办' })
  @ApiNotFoundResponse({ description: '不存在' })
  @ApiConflictResponse({ description: '已审核' })
  decide(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideUnitReportDto) {
    return this.reports.decide(actor, id, dto);
  }
}
