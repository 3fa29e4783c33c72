import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuditListItemPageDto, AuditVerificationDto } from './audit.responses.js';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { AuditService } from './audit.service.js';

class AuditQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @IsOptional()
  @IsUUID()
  entityId?: string;
}

@ApiTags('审计 audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Walks the hash chain of the whole trail; names the first broken link, or says it is intact. */
  @Get('verify')
  @Roles('admin')
  @ApiOperation({ summary: '校验审计日志哈希链', description: '逐条校验整个审计日志的哈希链，指出第一处断链，或说明完整。仅系统管理员。' })
  verify(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }

  @Get()
  @Roles('admin', 'office')
  @ApiOperation({ summary: '审计日志', description: '按实体类型、实体筛选的审计日志，分页。系统管理员看不到巡察办的台账记录。' })
  list(@CurrentActor() actor: Actor, @Query() q: AuditQuery): Promise<AuditListItemPageDto> {
    // The office's registers are never shown to admin, not even through the audit trail.
    return this.audit.list({ entityType: q.entityType, entityId: q.entityId, hideOfficeRegisters: actor.role !== 'office' }, q);
  }
}
