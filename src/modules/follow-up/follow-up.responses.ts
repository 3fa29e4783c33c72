/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

import type { BoardObligationDto } from '../obligations/obligations.dto.js';

/** 202: just the run's id. With ?wait=true the run's figures too (200 once its notifications are delivered). */
export class FollowUpSweepDto {
  runId: string;
  /** 本次生成的通知数（?wait=true 时） */
  enqueued?: number;
  /** 重新排队的通知数（?wait=true 时） */
  requeued?: number;
  /** 已送达的通知数（?wait=true 时） */
  delivered?: number;
  /** 送达失败的通知数（?wait=true 时） */
  failed?: number;
  /** 尚未送达的通知数（?wait=true 时） */
  pending?: number;
  /** 本次的通知是否都已处理完（?wait=true 时；为 true 时状态码 200） */
  complete?: boolean;
}

export class FollowUpPolicyResponseDto {
  reminderOffsets: number[];
  reminderRecipients: ('office' | 'leadership' | 'unit_manager' | 'owner')[];
  escalationLevels: EscalationLevelPolicyDto[];
  checkInMonths: number;
  checkInRecipients: ('office' | 'leadership' | 'unit_manager' | 'owner')[];
  countWorkingDays: boolean;
}

export class EscalationLevelPolicyDto {
  level: number;
  afterDays: number;
  recipients: ('office' | 'leadership' | 'unit_manager' | 'owner')[];
  supervisionNotice: boolean;
  interviewRecommended: boolean;
}

export class WorkingCalendarDayDto {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export class SupervisionNoticeDto {
  id: string;
  /** 督办单编号 */
  number: string;
  year: number;
  seq: number;
  itemId: string;
  itemTitle: string;
  level: number;
  deadlineVersion: number;
  unitId: string;
  unitName: string;
  createdAt: Date;
  /** YYYY-MM-DD */
  replyDue: string | null;
  replyText: string | null;
  repliedAt: Date | null;
  replyOverdue: boolean;
}

export class FollowUpNoticesDto {
  data: SupervisionNoticeDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class FollowUpFailuresDto {
  data: FollowUpFailuresDataDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class FollowUpFailuresDataDto {
  kindLabel: string | null;
  /** delivery：发送失败；recipients：找不到（全部）接收人 */
  type: 'delivery' | 'recipients';
  id: string;
  channel: string | null;
  userId: string | null;
  username: string | null;
  displayName: string | null;
  attempts: number;
  failedAt: Date;
  runId: string | null;
  reminderCount: number;
  itemIds: string[];
  level: number | null;
  kind: string | null;
  unreachedRoles: string[] | null;
  lastError: string | null;
}

export class FollowUpBoardDto {
  failures: number;
  noticesAwaitingReply: number;
  noticesOverdue: number;
  /** Units' obligations (反馈意见、自查报告…) still open with a deadline, and those past it. */
  obligationsOpen: number;
  obligationsOverdue: number;
  /** The most overdue obligations (at most 50). */
  overdueObligations: BoardObligationDto[];
}

export class SupervisionNoticesReplyDto {
  id: string;
  number: string;
  itemId: string;
  replyText: string;
  repliedAt: Date;
  repliedById: string;
}

export class ChaseResultDto {
  itemId: string;
  kind: 'urge' | 'supervise';
  ledgerId: string;
  day: string;
  recipients: ChaseResultRecipientsDto[];
  deliveries: number;
  escalationLevel: number;
  supervisionNotice: string | null;
}

export class ChaseResultRecipientsDto {
  id: string;
  username: string;
  displayName: string;
}

export class ItemRemindersRemindersDto {
  recordedAt: Date;
  sentAt: Date | null;
  interviewId?: string | null;
  deadline: string | null;
  deadlineVersion: number;
  recipients: ChaseResultRecipientsDto[];
  channels: string[];
  status: string;
  supervisionNotice: string | null;
  supervisionNoticeId: string | null;
  period?: number;
  level?: number;
  id: string;
  kind: string;
  kindLabel: string;
  offsetDays: number | null;
}

export class NotificationsListDto {
  data: InboxNotificationDto[];
  total: number;
  page: number;
  pageSize: number;
  unread: number;
}

export class InboxNotificationDto {
  id: string;
  userId: string;
  digestKey: string;
  title: string;
  body: string;
  itemIds: string[];
  runId: string;
  readAt: Date | null;
  createdAt: Date;
}
