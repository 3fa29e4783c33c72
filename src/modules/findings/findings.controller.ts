import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FindingCategoryDto, FindingDto, FindingPageDto } from './findings.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import {
  ClueReferralDto,
  CreateFindingCategoryDto,
  CreateFindingDto,
  ListFindingsQuery,
  UpdateFindingCategoryDto,
} from './findings.dto.js';
import { FindingsService } from './findings.service.js';

@ApiTags('发现问题 findings')
@ApiBearerAuth()
@Controller()
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get('finding-categories')
  @ApiOperation({ summary: '问题类别（可编辑的列表）' })
  listCategories(): Promise<FindingCategoryDto[]> {
    return this.findings.listCategories();
  }

  @Post('finding-categories')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '新建问题类别' })
  @ApiErrors(409)
  createCategory(@CurrentActor() actor: Actor, @Body() dto: CreateFindingCategoryDto): Promise<FindingCategoryDto> {
    return this.findings.createCategory(actor, dto);
  }

  @Patch('finding-categories/:id')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '修改问题类别' })
  @ApiErrors(409)
  updateCategory(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateFindingCategoryDto,
  ): Promise<FindingCategoryDto> {
    return this.findings.updateCategory(actor, id, dto);
  }

  @Post('findings')
  @Roles('office', 'admin', 'inspector')
  @ApiOperation({ summary: '登记巡察发现问题（巡察办，或巡察该单位的巡察组成员）' })
  @ApiErrors(404)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFindingDto): Promise<FindingDto> {
    return this.findings.create(actor, dto);
  }

  @Get('findings')
  @ApiOperation({ summary: '发现问题列表' })
  list(@CurrentActor() actor: Actor, @Query() query: ListFindingsQuery): Promise<FindingPageDto> {
    return this.findings.list(actor, query);
  }

  @Post('findings/:id/clue-referral')
  @ApiOperation({ summary: '问题线索移交（巡察办，或登记该问题的巡察组成员；一次）' })
  @ApiErrors(404, 409)
  referClue(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ClueReferralDto): Promise<FindingDto> {
    return this.findings.referClue(actor, id, dto.note);
  }

  @Get('findings/:id')
  @ApiOperation({ summary: '发现问题详情' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FindingDto> {
    return this.findings.get(actor, id);
  }
}
