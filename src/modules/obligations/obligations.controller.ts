import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
  AnswerSelfCheckDto,
  CommonProblemDto,
  CorrectFeedbackDto,
  CreateFeedbackDto,
  FeedbackDto,
  FeedbackPageDto,
  ListFeedbacksQuery,
  ListSelfChecksQuery,
  MarkCommonDto,
  SelfCheckDto,
  SelfCheckPageDto,
  SelfCheckReportDto,
} from './obligations.dto.js';
import { ObligationsService } from './obligations.service.js';
import { SelfChecksService } from './self-checks.service.js';

@ApiTags('单位整改责任 obligations（反馈、报送期限、自查自纠）')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '当前角色无权执行此操作' })
@Controller()
export class ObligationsController {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly selfChecks: SelfChecksService,
  ) {}

  @Post('inspections/:id/feedbacks')
  @Roles('office')
  @ApiOperation({
    summary: '登记向单位反馈巡察意见的日期（巡察办）',
    description:
      '由反馈日期起算：整改方案报送期限（UNIT_PLAN_DUE_DAYS 天）、整改情况报告报送期限（UNIT_REPORT_DUE_MONTHS 个月），两者均由催办督办引擎跟踪。',
  })
  @ApiCreatedResponse({ type: FeedbackDto })
  @ApiBadRequestResponse({ description: '单位不存在、巡察组不属于该轮次、不是本级巡察轮次' })
  @ApiNotFoundResponse({ description: '巡察轮次不存在' })
  @ApiConflictResponse({ description: '该单位本轮的反馈日期已登记' })
  createFeedback(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateFeedbackDto) {
    return this.obligations.recordFeedback(actor, id, dto);
  }

  @Patch('inspections/:id/feedbacks/:feedbackId')
  @Roles('office')
  @ApiOperation({
    summary: '更正单位的反馈日期（巡察办）',
    description:
      '整改方案、整改情况报告的报送期限随之调整；尚未报送的，催办督办按新期限重新起算（已发出的催办留档）。理由必填，并通知该单位负责人。',
  })
  @ApiOkResponse({ type: FeedbackDto })
  @ApiBadRequestResponse({ description: '日期无效、理由为空、日期未改变' })
  @ApiNotFoundResponse({ description: '反馈记录不存在或不属于该轮次' })
  correctFeedback(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('feedbackId', ParseUUIDPipe) feedbackId: string,
    @Body() dto: CorrectFeedbackDto,
  ) {
    return this.obligations.correctFeedback(actor, id, feedbackId, dto);
  }

  @Get('inspections/:id/feedbacks')
  @ApiOperation({ summary: '本轮各单位反馈日期及报送期限', description: '单位用户只见本单位及下级单位。' })
  @ApiOkResponse({ type: FeedbackPageDto })
  listFeedbacks(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() q: ListFeedbacksQuery) {
    return this.obligations.listFeedbacks(actor, id, q);
  }

  @Post('findings/:id/common')
  @Roles('office')
  @ApiOperation({
    summary: '标记为共性问题并下发自查自纠（举一反三、未巡先改）（巡察办）',
    description: 'scope：all 全部单位；not_yet_inspected 本轮后续批次尚未开始巡察的单位；units 指定单位。问题所在单位不在其内。',
  })
  @ApiCreatedResponse({ type: CommonProblemDto })
  @ApiBadRequestResponse({ description: '范围内没有单位、单位不存在、答复期限早于今天' })
  @ApiNotFoundResponse({ description: '巡察发现问题不存在' })
  @ApiConflictResponse({ description: '已标记为共性问题' })
  markCommon(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MarkCommonDto) {
    return this.selfChecks.markCommon(actor, id, dto);
  }

  @Get('self-checks')
  @ApiOperation({
    summary: '自查自纠清单',
    description: '单位用户只见本单位及下级单位的；只含共性问题的描述与自查要求，不含问题发现于哪个单位。',
  })
  @ApiOkResponse({ type: SelfCheckPageDto })
  listSelfChecks(@CurrentActor() actor: Actor, @Query() q: ListSelfChecksQuery) {
    return this.selfChecks.list(actor, q);
  }

  @Post('self-checks/:id/answer')
  @Roles('unit_manager')
  @ApiOperation({ summary: '答复自查自纠（单位负责人）', description: 'found = true 时须关联本单位的整改事项（itemIds）。只能答复一次。' })
  @ApiCreatedResponse({ type: SelfCheckDto })
  @ApiBadRequestResponse({ description: '发现问题但未关联事项，或关联的事项不属于本单位' })
  @ApiNotFoundResponse({ description: '自查自纠不存在或无权访问' })
  @ApiConflictResponse({ description: '已答复' })
  answer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AnswerSelfCheckDto) {
    return this.selfChecks.answer(actor, id, dto);
  }

  @Get('reports/self-checks')
  @Roles('office', 'leadership')
  @ApiOperation({ summary: '自查自纠情况统计（巡察办、领导小组）', description: '每个共性问题：哪些单位已答复、发现同类问题、逾期。' })
  @ApiOkResponse({ type: SelfCheckReportDto })
  selfCheckReport(@CurrentActor() actor: Actor) {
    return this.selfChecks.report(actor);
  }
}
