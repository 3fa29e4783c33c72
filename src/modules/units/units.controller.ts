import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { UnitDto } from './units.responses.js';
import { ApiErrors } from '../../common/openapi.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { CreateUnitDto, UpdateUnitDto } from './units.dto.js';
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

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: '修改单位：改名、移动、停用或重新启用',
    description:
      '顶级单位不能移动；单位不能移到自身或其下级单位之下（409）。停用的单位保留其事项、问题和用户（用户仍可登录办完手头事项），但不再接收新的整改事项、用户、发现问题、巡察组分派或下级单位；有未停用下级单位的单位不能停用；上级已停用的单位不能重新启用。',
  })
  @ApiErrors(404, 409)
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto): Promise<UnitDto> {
    return this.units.update(actor, id, dto);
  }
}
