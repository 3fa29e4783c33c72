import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { PageQuery } from '../../common/pagination.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ApiDocxDownload, docxDownload } from '../documents/download.js';
import { CalendarService } from './calendar.service.js';
import { ChaseService } from './chase.service.js';
import {
  CalendarDateParam,
  CalendarDayDto,
  ChaseDto,
  CalendarQuery,
  FollowUpPolicyDto,
  NoticeReplyDto,
  NotificationsQuery,
  SupervisionNoticeView,
  SweepQuery,
  UuidParam,
} from './follow-up.dto.js';
import { FollowUpService } from './follow-up.service.js';
import { NotificationsService } from './notifications.service.js';
import { PolicyService } from './policy.service.js';
import { supervisionNoticeDocx } from './supervision-notice.document.js';

@ApiTags('催办督办 follow-up')
@ApiBearerAuth()
@Controller('follow-up')
export class FollowUpController {
  constructor(
    private readonly followUp: FollowUpService,
    private readonly policies: PolicyService,
    private readonly calendar: CalendarService,
  ) {}

  /** 202 {runId}; with ?wait=true, 200 {runId, enqueued, delivered} once its notifications are delivered. */
  @Post('sweep')
  @Roles('office', 'admin')
  @HttpCode(202)
  async sweep(@Query() q: SweepQuery, @Res({ passthrough: true }) res: Response) {
    const { runId } = await this.followUp.requestSweep();
    if (!q.wait) return { runId };
    const status = await this.followUp.waitForRun(runId);
    if (status.complete) res.status(200);
    return status;
  }

  @Get('policy')
  @Roles('admin')
  policy() {
    return this.policies.get();
  }

  @Put('policy')
  @Roles('admin')
  putPolicy(@CurrentActor() actor: Actor, @Body() dto: FollowUpPolicyDto) {
    return this.policies.put(actor, dto);
  }

  @Get('calendar')
  @Roles('admin')
  listCalendar(@Query() q: CalendarQuery) {
    return this.calendar.list(q.year);
  }

  @Post('calendar')
  @Roles('admin')
  putCalendar(@CurrentActor() actor: Actor, @Body() dto: CalendarDayDto) {
    return this.calendar.put(actor, dto);
  }

  @Delete('calendar/:date')
  @Roles('admin')
  @HttpCode(204)
  async deleteCalendar(@CurrentActor() actor: Actor, @Param() p: CalendarDateParam) {
    await this.calendar.remove(actor, p.date);
  }

  @Get('supervision-notices')
  @Roles('office', 'leadership', 'admin', 'unit_manager')
  notices(@CurrentActor() actor: Actor, @Query() q: PageQuery) {
    return this.followUp.supervisionNotices(actor, q);
  }

  @Get('failures')
  @Roles('office', 'admin')
  failures(@Query() q: PageQuery) {
    return this.followUp.failures(q);
  }

  /**
   * The office board's counts: failures, 督办单 awaiting a reply, 督办单 past their reply deadline;
   * units' obligations (整改方案, 整改情况报告, self-check answers) open and overdue, the most overdue listed.
   */
  @Get('board')
  @Roles('office', 'leadership', 'admin')
  board() {
    return this.followUp.board();
  }
}

@ApiTags('催办督办 follow-up')
@ApiBearerAuth()
@Controller('supervision-notices')
export class SupervisionNoticesController {
  constructor(private readonly followUp: FollowUpService) {}

  // Declared before GET :id: Express would otherwise hand "<uuid>.docx" to the JSON route.
  @Get(':id.docx')
  @ApiDocxDownload(
    '导出督办单（Word）',
    '督办单：编号、主送单位、督办事项及逾期天数、回复期限、签发单位；范围同 GET /supervision-notices/:id（范围外 404）。',
  )
  async noticeDocx(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Res({ passthrough: true }) res: Response) {
    const notice = await this.followUp.notice(actor, p.id);
    return docxDownload(res, `督办单${notice.number}`, await supervisionNoticeDocx(notice));
  }

  @Get(':id')
  @ApiOperation({ summary: '查看督办单', description: '主送单位（及其上级单位）的用户和局机关可见；范围外 404。' })
  @ApiOkResponse({ type: SupervisionNoticeView })
  @ApiNotFoundResponse({ description: '不存在或不在调用者范围内' })
  notice(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<SupervisionNoticeView> {
    return this.followUp.notice(actor, p.id);
  }

  /** The unit manager's written reply to its unit's 督办单 (404 outside its scope; 409 once replied). */
  @Post(':id/reply')
  @Roles('unit_manager')
  @HttpCode(200)
  reply(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: NoticeReplyDto) {
    return this.followUp.reply(actor, p.id, dto.text);
  }
}

@ApiTags('催办督办 follow-up')
@ApiBearerAuth()
@Controller('items')
export class ItemRemindersController {
  constructor(
    private readonly followUp: FollowUpService,
    private readonly chases: ChaseService,
  ) {}

  /**
   * The office's manual 催办 (urge) or 督办 (supervise) of an open item: at most one of each kind
   * per item per day (409 the second time); delivered like the sweep's reminders.
   */
  @Post(':id/chase')
  @Roles('office')
  chase(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ChaseDto) {
    return this.chases.chase(actor, p.id, dto.kind, dto.note);
  }

  /** Every reminder, escalation and check-in recorded for the item (404 outside the caller's scope). */
  @Get(':id/reminders')
  reminders(@CurrentActor() actor: Actor, @Param() p: UuidParam) {
    return this.followUp.remindersOf(actor, p.id);
  }
}

@ApiTags('通知 notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: NotificationsQuery) {
    return this.notifications.list(actor, q);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentActor() actor: Actor, @Param() p: UuidParam) {
    return this.notifications.markRead(actor, p.id);
  }
}
