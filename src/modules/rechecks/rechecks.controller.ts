import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import {
  ListRechecksQuery,
  ReboundsQuery,
  RecheckPageDto,
  RecheckResponseDto,
  RecheckResultDto,
  ReboundReportDto,
  ScheduledRechecksDto,
  ScheduleRechecksDto,
} from './rechecks.dto.js';
import { RechecksService } from './rechecks.service.js';

@ApiTags('回头看 rechecks')
@ApiBearerAuth()
@Controller()
export class RechecksController {
  constructor(private readonly rechecks: RechecksService) {}

  @Post('rechecks')
  @Roles('office')
  @ApiOperation({
    summary: '安排回头看（巡察办）',
    description: '按事项（itemIds，须已销号）或按轮次（inspectionId：本轮全部已销号事项，已有待回头看的跳过）。',
  })
  @ApiCreatedResponse({ type: ScheduledRechecksDto })
  @ApiBadRequestResponse({ description: '未提供或同时提供 itemIds 与 inspectionId；事项不存在或未销号' })
  @ApiForbiddenResponse({ description: '非巡察办' })
  @ApiConflictResponse({ description: '事项已有待回头看（details.itemIds）' })
  schedule(@CurrentActor() actor: Actor, @Body() dto: ScheduleRechecksDto) {
    return this.rechecks.schedule(actor, dto);
  }

  @Get('rechecks')
  @ApiOperation({ summary: '回头看列表', description: '按本人范围（事项责任单位）。' })
  @ApiOkResponse({ type: RecheckPageDto })
  list(@CurrentActor() actor: Actor, @Query() q: ListRechecksQuery) {
    return this.rechecks.list(actor, q);
  }

  @Get('rechecks/:id')
  @ApiOperation({ summary: '回头看' })
  @ApiOkResponse({ type: RecheckResponseDto })
  @ApiNotFoundResponse({ description: '不存在或不在本人范围内' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rechecks.get(actor, id);
  }

  @Post('rechecks/:id/result')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({
    summary: '登记回头看结果（巡察办）',
    description: 'held=false：问题反弹，事项按生命周期重新打开（理由为 note，必填），同一事务。',
  })
  @ApiOkResponse({ type: RecheckResponseDto })
  @ApiBadRequestResponse({ description: '反弹未填写情况说明' })
  @ApiForbiddenResponse({ description: '非巡察办' })
  @ApiNotFoundResponse({ description: '不存在' })
  @ApiConflictResponse({ description: '已登记结果；或事项已不在已销号状态' })
  result(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RecheckResultDto) {
    return this.rechecks.result(actor, id, dto);
  }

  @Get('reports/rebounds')
  @ApiOperation({ summary: '回头看反弹情况（反弹率、各单位反弹数）', description: '按本人范围；反弹率 = 反弹数 / 已有结果的回头看数。' })
  @ApiOkResponse({ type: ReboundReportDto })
  rebounds(@CurrentActor() actor: Actor, @Query() q: ReboundsQuery) {
    return this.rechecks.rebounds(actor, q.unitId);
  }
}
