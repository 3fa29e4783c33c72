import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { UploadedSheet } from './import/uploaded-file.js';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RectificationPlanDto } from '../inspections/inspections.responses.js';
import type { MeasureDto, PlanImportResultDto, PlansGetDto } from './plans.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { SheetUploadInterceptor } from './import/upload.js';
import { PlanImportService } from './plan-import.service.js';
import { CreateMeasureDto, CreatePlanDto, ImportQuery, isDryRun, ListPlansQuery, UploadDto } from './plans.dto.js';
import { PlansService } from './plans.service.js';
import { ReconciliationResponseDto } from './measures.dto.js';
import { MeasuresService } from './measures.service.js';

@ApiTags('整改方案 plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly importer: PlanImportService,
    private readonly measures: MeasuresService,
  ) {}

  @Get(':id/reconciliation')
  @ApiOperation({
    summary: '对账清单：按反馈问题列出整改措施的状态、牵头单位、关联事项（未销号/已销号/逾期）和对账销号情况',
    description: '巡察办、领导小组（及系统管理员）可查；其他角色 404。反馈问题的全部措施均已对账销号即为已整改（rectified）。',
  })
  @ApiOkResponse({ type: ReconciliationResponseDto })
  @ApiNotFoundResponse({ description: '整改方案不存在或无权查看' })
  reconciliation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.measures.reconciliation(id, actor);
  }

  @Post()
  @Roles('office', 'admin')
  @ApiOperation({ summary: '登记整改落实方案（答复上级巡视）' })
  @ApiErrors(404, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto): Promise<RectificationPlanDto> {
    return this.plans.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '整改方案列表（单位和巡察组只见其可查阅的上级巡视所对应的方案）' })
  list(@CurrentActor() actor: Actor, @Query() query: ListPlansQuery): Promise<RectificationPlanDto[]> {
    return this.plans.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '整改方案详情' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PlansGetDto> {
    return this.plans.get(actor, id);
  }

  @Post(':id/measures')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '登记一条整改措施' })
  @ApiErrors(409)
  addMeasure(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateMeasureDto): Promise<MeasureDto> {
    return this.plans.addMeasure(actor, id, dto);
  }

  @Get(':id/measures')
  @ApiOperation({ summary: '整改措施（按序号），含所答复的反馈问题及其下发现问题、整改事项数' })
  listMeasures(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<MeasureDto[]> {
    return this.plans.listMeasures(actor, id);
  }

  @Post(':id/import')
  @HttpCode(200)
  @Roles('office', 'admin')
  @UseInterceptors(SheetUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDto })
  @ApiOperation({ summary: '从 Excel/CSV 导入反馈问题和整改措施；出错时整份不导入；dryRun=true 只校验' })
  @ApiErrors(413, 415)
  import(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ImportQuery,
    @UploadedFile() file: UploadedSheet | undefined,
  ): Promise<PlanImportResultDto> {
    return this.importer.import(actor, id, file, isDryRun(query));
  }
}
