import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FeedbackProblemDto, GroupDto, InspectionBatchDto, InspectionDto, InspectionsGetDto } from './inspections.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { CreateBatchDto, CreateFeedbackProblemDto, CreateGroupDto, CreateInspectionDto, ListInspectionsQuery } from './inspections.dto.js';
import { InspectionsService } from './inspections.service.js';

@ApiTags('巡视巡察 inspections')
@ApiBearerAuth()
@Controller('inspections')
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Post()
  @Roles('office', 'admin')
  @ApiOperation({ summary: '登记上级巡视或本级巡察轮次' })
  @ApiErrors(404)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInspectionDto): Promise<InspectionDto> {
    return this.inspections.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '巡视巡察列表' })
  list(@CurrentActor() actor: Actor, @Query() query: ListInspectionsQuery): Promise<InspectionDto[]> {
    return this.inspections.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '巡视巡察详情：反馈问题、批次、巡察组' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InspectionsGetDto> {
    return this.inspections.get(actor, id);
  }

  @Post(':id/feedback-problems')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '登记上级巡视反馈问题' })
  @ApiErrors(409)
  addFeedbackProblem(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateFeedbackProblemDto,
  ): Promise<FeedbackProblemDto> {
    return this.inspections.addFeedbackProblem(actor, id, dto);
  }

  @Get(':id/feedback-problems')
  @ApiOperation({ summary: '上级巡视反馈问题列表' })
  listFeedbackProblems(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FeedbackProblemDto[]> {
    return this.inspections.listFeedbackProblems(actor, id);
  }

  @Post(':id/batches')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '设置巡察批次（仅本级巡察）' })
  @ApiErrors(409)
  addBatch(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateBatchDto): Promise<InspectionBatchDto> {
    return this.inspections.addBatch(actor, id, dto);
  }

  @Post(':id/groups')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '设置巡察组及其被巡察单位（仅本级巡察）' })
  @ApiErrors(409)
  addGroup(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateGroupDto): Promise<GroupDto> {
    return this.inspections.addGroup(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('office', 'admin')
  @ApiOperation({ summary: '结束本级巡察轮次：本轮巡察组成员不再能查阅被巡察单位' })
  @ApiErrors(409)
  close(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InspectionDto> {
    return this.inspections.setRoundStatus(actor, id, 'closed');
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('office', 'admin')
  @ApiOperation({ summary: '重新开启已结束的本级巡察轮次' })
  @ApiErrors(409)
  reopen(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InspectionDto> {
    return this.inspections.setRoundStatus(actor, id, 'open');
  }
}
