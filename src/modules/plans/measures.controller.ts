import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { MeasureResponseDto, ReopenMeasureDto, SignoffMeasureDto, UpdateMeasureDto } from './measures.dto.js';
import { MeasuresService } from './measures.service.js';

@ApiTags('整改方案 plans')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '仅巡察办' })
@ApiNotFoundResponse({ description: '整改措施不存在' })
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Patch(':id')
  @Roles('office', 'admin')
  @ApiOperation({
    summary: '修改整改措施的牵头单位、配合单位、责任领导、时限、类型',
    description: '配合单位整体替换；单位须为组织架构中的单位。',
  })
  @ApiOkResponse({ type: MeasureResponseDto })
  @ApiBadRequestResponse({ description: '字段无效或单位不存在' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateMeasureDto) {
    return this.measures.update(actor, id, dto);
  }

  @Post(':id/signoff')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({
    summary: '整改措施对账销号',
    description:
      '须该措施关联的全部整改事项（措施自身任务及答复该措施的发现问题下的事项）均已销号，否则 409 并列出未销号事项；记录销号人、时间和说明。',
  })
  @ApiOkResponse({ type: MeasureResponseDto })
  @ApiBadRequestResponse({ description: '说明为空' })
  @ApiConflictResponse({ description: '尚有未销号事项、尚无事项或已销号' })
  signoff(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SignoffMeasureDto) {
    return this.measures.signoff(actor, id, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({ summary: '撤销整改措施的对账销号', description: '须填写理由；未销号时 409。' })
  @ApiOkResponse({ type: MeasureResponseDto })
  @ApiBadRequestResponse({ description: '理由为空' })
  @ApiConflictResponse({ description: '尚未对账销号' })
  reopen(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReopenMeasureDto) {
    return this.measures.reopen(actor, id, dto);
  }
}
