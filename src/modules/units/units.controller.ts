import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { UnitDto } from './units.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { CreateUnitDto } from './units.dto.js';
import { UnitsService } from './units.service.js';

@ApiTags('单位 units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建单位' })
  @ApiErrors(404, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '单位列表（调用者的范围）' })
  list(@CurrentActor() actor: Actor): Promise<UnitDto[]> {
    return this.units.list(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: '单位详情' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<UnitDto> {
    return this.units.get(actor, id);
  }
}
