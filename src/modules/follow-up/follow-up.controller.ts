import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  ChaseResultDto,
  FollowUpBoardDto,
  FollowUpFailuresDto,
  FollowUpNoticesDto,
  FollowUpPolicyResponseDto,
  InboxNotificationDto,
  ItemRemindersRemindersDto,
  NotificationsListDto,
  SupervisionNoticesReplyDto,
  WorkingCalendarDayDto,
} from './follow-up.responses.js';
import { FollowUpSweepDto } from './follow-up.responses.js';
import { ApiErrors } from '../../common/openapi.js';
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
  SupervisionNoticesQuery,
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
  @ApiAcceptedResponse({ type: FollowUpSweepDto, description: '已排队：{runId}（?wait=true 而未能在等待时限内处理完时另含各项计数）' })
  @ApiOkResponse({ type: FollowUpSweepDto, description: '?wait=true 且本次的通知都已处理完：{runId, enqueued, delivered, …}' })
  @ApiOperation({
    summary: '立即运行催办扫描',
    description: '默认 202 返回 runId；?wait=true 时待本次的通知发送完毕返回 200 {runId, enqueued, delivered}。',
  })
  async sweep(@Query() q: SweepQuery, @Res({ passthrough: true }) res: Response): Promise<FollowUpSweepDto> {
    const { runId } = await this.followUp.requestSweep();
    if (!q.wait) return { runId };
    const status = await this.followUp.waitForRun(runId);
    if (status.complete) res.status(200);
    return status;
  }

  @Get('policy')
  @Roles('admin')
  @ApiOperation({ summary: '催办策略' })
  policy(): Promise<FollowUpPolicyResponseDto> {
    return this.policies.get();
  }

  @Put('policy')
  @Roles('admin')
  @ApiOperation({ summary: '修改催办策略' })
  putPolicy(@CurrentActor() actor: Actor, @Body() dto: FollowUpPolicyDto): Promise<FollowUpPolicyResponseDto> {
    return this.policies.put(actor, dto);
  }

  @Get('calendar')
  @Roles('admin')
  @ApiOperation({ summary: '工作日历（调休、节假日）' })
  listCalendar(@Query() q: CalendarQuery): Promise<WorkingCalendarDayDto[]> {
    return this.calendar.list(q.year);
  }

  @Post('calendar')
  @Roles('admin')
  @ApiOperation({ summary: '设置某日为工作日或休息日' })
  putCalendar(@CurrentActor() actor: Actor, @Body() dto: CalendarDayDto): Promise<WorkingCalendarDayDto> {
    return this.calendar.put(actor, dto);
  }

  @Delete('calendar/:date')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除某日的工作日历设置' })
  @ApiErrors(404)
  async deleteCalendar(@CurrentActor() actor: Actor, @Param() p: CalendarDateParam) {
    await this.calendar.remove(actor, p.date);
  }

  @Get('supervision-notices')
  @Roles('office', 'leadership', 'admin', 'unit_manager')
  @ApiOperation({ summary: '督办单列表', description: '单位负责人只见发给本单位及下级单位的；replied 按是否已回复筛选。' })
  notices(@CurrentActor() actor: Actor, @Query() q: SupervisionNoticesQuery): Promise<FollowUpNoticesDto> {
    return this.followUp.supervisionNotices(actor, q);
  }

  @Get('failures')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '发送失败的通知' })
  failures(@Query() q: PageQuery): Promise<FollowUpFailuresDto> {
    return this.followUp.failures(q);
  }

  /**
   * The office board's counts: failures, 督办单 awaiting a reply, 督办单 past their reply deadline;
   * units' obligations (整改方案, 整改情况报告, self-check answers) open and overdue, the most overdue listed.
   */
  @Get('board')
  @Roles('office', 'leadership', 'admin')
  @ApiOperation({ summary: '督办看板计数', description: '发送失败数、待答复的督办单数、已过答复期限的督办单数。' })
  board(): Promise<FollowUpBoardDto> {
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
  @ApiOperation({ summary: '答复督办单', description: '单位负责人对本单位督办单的书面答复；范围外 404；已答复 409。' })
  @ApiErrors(409)
  reply(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: NoticeReplyDto): Promise<SupervisionNoticesReplyDto> {
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
  @ApiOperation({
    summary: '手动催办或督办',
    description: '巡察办对未销号事项的催办（urge）或督办（supervise）：每个事项每种每天至多一次（第二次 409）；与扫描产生的提醒一样发送。',
  })
  @ApiErrors(409)
  chase(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ChaseDto): Promise<ChaseResultDto> {
    return this.chases.chase(actor, p.id, dto.kind, dto.note);
  }

  /** Every reminder, escalation and check-in recorded for the item (404 outside the caller's scope). */
  @Get(':id/reminders')
  @ApiOperation({ summary: '事项的催办记录', description: '该事项的所有提醒、升级督办和签收记录（范围外 404）。' })
  reminders(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ItemRemindersRemindersDto[]> {
    return this.followUp.remindersOf(actor, p.id);
  }
}

@ApiTags('通知 notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: '我的通知' })
  list(@CurrentActor() actor: Actor, @Query() q: NotificationsQuery): Promise<NotificationsListDto> {
    return this.notifications.list(actor, q);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: '标记通知为已读' })
  read(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<InboxNotificationDto> {
    return this.notifications.markRead(actor, p.id);
  }
}
