/**
 * The rectification item lifecycle, in one pure place (no I/O): which status may follow which,
 * on which action, by which role. Services ask `planTransition` and never decide this themselves.
 *
 *   pending ──start──▶ in_progress ──submit──▶ submitted ──approve──▶ closed
 *                          ▲                      │                     │
 *                          └──────reject──────────┘                     │
 *                          └──────────────────reopen────────────────────┘
 */
import type { Role } from '../../common/roles.js';
import { isBlankText } from '../../common/text.js';

export const ITEM_STATUSES = ['pending', 'in_progress', 'submitted', 'closed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_ACTIONS = ['start', 'submit', 'approve', 'reject', 'reopen'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  pending: '待整改',
  in_progress: '整改中',
  submitted: '待审核',
  closed: '已销号',
};

export const ITEM_ACTION_LABELS: Record<ItemAction, string> = {
  start: '开始整改',
  submit: '申请销号',
  approve: '审核通过（销号）',
  reject: '退回',
  reopen: '重新打开（问题反弹）',
};

interface TransitionRule {
  from: readonly ItemStatus[];
  to: ItemStatus;
  roles: readonly Role[];
  /** The action must carry a written reason (退回 / 问题反弹). */
  needsReason: boolean;
}

const UNIT_SIDE: readonly Role[] = ['office', 'unit_manager', 'unit_staff'];
const OFFICE_ONLY: readonly Role[] = ['office'];

export const TRANSITIONS: Readonly<Record<ItemAction, TransitionRule>> = {
  start: { from: ['pending'], to: 'in_progress', roles: UNIT_SIDE, needsReason: false },
  submit: { from: ['in_progress'], to: 'submitted', roles: UNIT_SIDE, needsReason: false },
  approve: { from: ['submitted'], to: 'closed', roles: OFFICE_ONLY, needsReason: false },
  reject: { from: ['submitted'], to: 'in_progress', roles: OFFICE_ONLY, needsReason: true },
  reopen: { from: ['closed'], to: 'in_progress', roles: OFFICE_ONLY, needsReason: true },
};

/**
 * Who is acting and who submitted the item (for 销号's four eyes). `submittedById` is null when no
 * submission is pending or it was recorded before submitters were kept.
 */
export interface TransitionParties {
  actorId: string;
  submittedById: string | null;
}

/** 销号 needs four eyes: whoever submitted an item for closure never approves it. */
export function isOwnSubmission(action: ItemAction, parties: TransitionParties | undefined): boolean {
  return action === 'approve' && !!parties?.submittedById && parties.submittedById === parties.actorId;
}

export type TransitionPlan =
  | { ok: true; from: ItemStatus; to: ItemStatus; needsReason: boolean }
  | { ok: false; reason: 'forbidden' | 'illegal' | 'reason_required'; message: string };

/**
 * Decide whether `role` may apply `action` to an item in `status`. A role that may never take the
 * action is refused as `forbidden` whatever the status (403); an allowed role acting in the
 * wrong status is `illegal` (409); approving one's own submission is `forbidden` too (four eyes,
 * given `parties`); a missing reason where one is required is `reason_required`.
 */
export function planTransition(
  status: ItemStatus,
  action: ItemAction,
  role: Role,
  reason?: string | null,
  parties?: TransitionParties,
): TransitionPlan {
  const rule = TRANSITIONS[action];
  if (!rule.roles.includes(role)) {
    return { ok: false, reason: 'forbidden', message: `当前角色无权执行“${ITEM_ACTION_LABELS[action]}”` };
  }
  if (!rule.from.includes(status)) {
    return {
      ok: false,
      reason: 'illegal',
      message: `事项当前状态为“${ITEM_STATUS_LABELS[status]}”，不能${ITEM_ACTION_LABELS[action]}`,
    };
  }
  if (isOwnSubmission(action, parties)) {
    return { ok: false, reason: 'forbidden', message: '销号须由提交人以外的人审核：不能审核通过本人提交的销号申请' };
  }
  if (rule.needsReason && isBlankText(reason)) {
    return { ok: false, reason: 'reason_required', message: `${ITEM_ACTION_LABELS[action]}必须填写理由` };
  }
  return { ok: true, from: status, to: rule.to, needsReason: rule.needsReason };
}

/** The actions a role could take on an item in this status (for buttons on pages); never approve to its submitter. */
export function availableActions(status: ItemStatus, role: Role, parties?: TransitionParties): ItemAction[] {
  return ITEM_ACTIONS.filter(
    (a) => TRANSITIONS[a].roles.includes(role) && TRANSITIONS[a].from.includes(status) && !isOwnSubmission(a, parties),
  );
}

/** Open items are the ones that can be overdue and that reminders chase. */
export function isOpen(status: ItemStatus): boolean {
  return status === 'pending' || status === 'in_progress';
}
