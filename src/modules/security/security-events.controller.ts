import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { SecurityEventPageDto } from './security.responses.js';
import { IsIn, IsUUID } from 'class-validator';
import { badRequest } from '../../common/errors.js';
import { PageQuery } from '../../common/pagination.js';
import { IsCalendarDate, Optional } from '../../common/validators.js';
import { Roles } from '../auth/auth.decorators.js';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from './security-event.entity.js';
import { SecurityEventsService } from './security-events.service.js';

class SecurityEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SECURITY_EVENT_KINDS })
  @Optional()
  @IsIn(SECURITY_EVENT_KINDS)
  kind?: SecurityEventKind;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD, inclusive (APP_TIMEZONE)' })
  @Optional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD, inclusive (APP_TIMEZONE)' })
  @Optional()
  @IsCalendarDate()
  to?: string;
}

@ApiTags('安全事件 security')
@ApiBearerAuth()
@Controller('security-events')
export class SecurityEventsController {
  constructor(private readonly events: SecurityEventsService) {}

  /** Refused requests (403, 404 on writes, 401 bursts, login lockouts), newest first. Admin only. */
  @Get()
  @Roles('admin')
  @ApiOperation({ summary: '安全事件', description: '被拒绝的请求（403、写操作的 404、成批的 401、登录锁定），新的在前。仅系统管理员。' })
  list(@Query() q: SecurityEventsQuery): Promise<SecurityEventPageDto> {
    if (q.from && q.to && q.from > q.to)
      throw badRequest('起始日期不能晚于结束日期', [{ field: 'from', messages: ['from must not be after to'] }]);
    return this.events.list({ kind: q.kind, userId: q.userId, from: q.from, to: q.to }, q);
  }
}
