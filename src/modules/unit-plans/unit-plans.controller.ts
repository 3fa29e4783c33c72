import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { contentDisposition } from '../rectification/evidence-sniff.js';
import {
  CreateUnitPlanDto,
  DecideUnitPlanDto,
  ListUnitPlansQuery,
  UnitPlanDetailDto,
  UnitPlanPageDto,
  UnitPlanResponseDto,
} from './unit-plans.dto.js';
import { UnitPlansService } from './unit-plans.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('单位整改方案 unit-plans')
@ApiBearerAuth()
@Controller('unit-plans')
export class UnitPlansController {
  constructor(private readonly plans: UnitPlansService) {}

  @Post()
  @Roles('office', 'unit_manager')
  @ApiOperation({
    summary: '新建单位整改方案（草拟中）',
    description: '单位负责人为本单位（或下级单位）、巡察办代为新建；每个单位每轮一个。事项用 POST /items {…, unitPlanId} 添加（草稿）。',
  })
  @ApiCreatedResponse({ type: UnitPlanResponseDto })
  @ApiBadRequestResponse({ description: '单位不在本人范围内、轮次不存在或不是本级巡察轮次' })
  @ApiForbiddenResponse({ description: '其他角色' })
  @ApiConflictResponse({ description: '该单位在本轮已有整改方案（details.unitPlanId）' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitPlanDto) {
    return this.plans.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '单位整改方案列表', description: '按本人范围：单位用户只见本单位及下级单位的方案。' })
  @ApiOkResponse({ type: UnitPlanPageDto })
  list(@CurrentActor() actor: Actor, @Query() q: ListUnitPlansQuery) {
    return this.plans.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '单位整改方案（三张清单）',
    description: '问题清单（发现问题）、任务清单（事项、措施、时限）、责任清单（责任单位、责任人、责任领导）。',
  })
  @ApiOkResponse({ type: UnitPlanDetailDto })
  @ApiNotFoundResponse({ description: '不存在或不在本人范围内' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.plans.get(actor, id);
  }

  @Get(':id/export.xlsx')
  @ApiOperation({ summary: '导出整改方案三张清单（xlsx）' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: '工作簿：问题清单、任务清单、责任清单三张工作表', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: '不存在或不在本人范围内' })
  async export(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const { name, content } = await this.plans.xlsx(actor, id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(content, { type: XLSX, disposition: contentDisposition(name) });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('office', 'unit_manager')
  @ApiOperation({
    summary: '报送整改方案',
    description: '草拟中 → 待审核。本单位本轮每个发现问题都须至少有一个事项，否则 409 并列出缺事项的问题。',
  })
  @ApiOkResponse({ type: UnitPlanResponseDto })
  @ApiNotFoundResponse({ description: '不存在或不在本人范围内' })
  @ApiConflictResponse({ description: '不是草拟中；或有问题尚无事项（details.findingsWithoutItems）' })
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.plans.submit(actor, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({
    summary: '审核整改方案（巡察办）',
    description: '通过：方案中所有草稿事项在同一事务中转为待整改；退回（须填写意见）：回到草拟中并显示意见。均通知单位负责人。',
  })
  @ApiOkResponse({ type: UnitPlanResponseDto })
  @ApiBadRequestResponse({ description: '退回未填写意见' })
  @ApiForbiddenResponse({ description: '非巡察办' })
  @ApiNotFoundResponse({ description: '不存在' })
  @ApiConflictResponse({ description: '不是待审核' })
  decide(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideUnitPlanDto) {
    return this.plans.decide(actor, id, dto);
  }
}
