import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { Roles } from '../auth/auth.decorators.js';
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
  verify() {
    return this.audit.verify();
  }

  @Get()
  @Roles('admin', 'office')
  list(@Query() q: AuditQuery) {
    return this.audit.list({ entityType: q.entityType, entityId: q.entityId }, q);
  }
}
