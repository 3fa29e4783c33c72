import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  AccountabilityRecordDto,
  AccountabilityRecordPageDto,
  ClueDto,
  CluePageDto,
  InterviewDto,
  InterviewPageDto,
  RegistersCreateInterviewDto,
} from './registers.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import {
  CreateAccountabilityDto,
  CreateClueDto,
  CreateInterviewDto,
  ListCluesQuery,
  ListUnitRecordsQuery,
  UpdateClueDto,
} from './registers.dto.js';
import { RegistersService } from './registers.service.js';
import { ReadableBy, RegisterReadersGuard } from './register-readers.guard.js';

const CLUES = ReadableBy('问题线索', 'office', 'leadership');
const INTERVIEWS = ReadableBy('约谈记录', 'office', 'leadership', 'unit_manager');
const ACCOUNTABILITY = ReadableBy('问责记录', 'office', 'leadership');

/**
 * No `@Roles` here on purpose (403 would reveal the register): whoever may not read a register gets
 * its 404 from RegisterReadersGuard, admin included; the service decides who of the readers writes.
 */
@ApiTags('台账 registers（问题线索、约谈、问责）')
@ApiBearerAuth()
@UseGuards(RegisterReadersGuard)
@Controller()
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  @CLUES
  @Post('clues')
  @ApiOperation({ summary: '登记问题线索（巡察办）；其他角色 404；同一发现问题只登记一条（409）' })
  @ApiErrors(409)
  createClue(@CurrentActor() actor: Actor, @Body() dto: CreateClueDto): Promise<ClueDto> {
    return this.registers.createClue(actor, dto);
  }

  @CLUES
  @Patch('clues/:id')
  @ApiOperation({ summary: '登记问题线索的处置结果（巡察办）' })
  @ApiErrors(409)
  updateClue(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateClueDto): Promise<ClueDto> {
    return this.registers.updateClue(actor, id, dto);
  }

  @CLUES
  @Get('clues')
  @ApiOperation({ summary: '问题线索台账（巡察办、领导小组）' })
  listClues(@CurrentActor() actor: Actor, @Query() q: ListCluesQuery): Promise<CluePageDto> {
    return this.registers.listClues(actor, q);
  }

  @CLUES
  @Get('clues/:id')
  @ApiOperation({ summary: '问题线索详情' })
  getClue(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ClueDto> {
    return this.registers.getClue(actor, id);
  }

  @INTERVIEWS
  @Post('interviews')
  @ApiOperation({ summary: '登记约谈（巡察办、领导小组）；关联事项的三级督办随之关联此约谈' })
  @ApiErrors(404)
  createInterview(@CurrentActor() actor: Actor, @Body() dto: CreateInterviewDto): Promise<RegistersCreateInterviewDto> {
    return this.registers.createInterview(actor, dto);
  }

  @INTERVIEWS
  @Get('interviews')
  @ApiOperation({ summary: '约谈记录（巡察办、领导小组；单位负责人仅见本单位及下级单位）' })
  listInterviews(@CurrentActor() actor: Actor, @Query() q: ListUnitRecordsQuery): Promise<InterviewPageDto> {
    return this.registers.listInterviews(actor, q);
  }

  @INTERVIEWS
  @Get('interviews/:id')
  @ApiOperation({ summary: '约谈记录详情' })
  getInterview(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InterviewDto> {
    return this.registers.getInterview(actor, id);
  }

  @ACCOUNTABILITY
  @Post('accountability')
  @ApiOperation({ summary: '登记问责（巡察办、领导小组）' })
  @ApiErrors(404)
  createAccountability(@CurrentActor() actor: Actor, @Body() dto: CreateAccountabilityDto): Promise<AccountabilityRecordDto> {
    return this.registers.createAccountability(actor, dto);
  }

  @ACCOUNTABILITY
  @Get('accountability')
  @ApiOperation({ summary: '问责台账（巡察办、领导小组）' })
  listAccountability(@CurrentActor() actor: Actor, @Query() q: ListUnitRecordsQuery): Promise<AccountabilityRecordPageDto> {
    return this.registers.listAccountability(actor, q);
  }

  @ACCOUNTABILITY
  @Get('accountability/:id')
  @ApiOperation({ summary: '问责记录详情' })
  getAccountability(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AccountabilityRecordDto> {
    return this.registers.getAccountability(actor, id);
  }
}
