/**
 * The rectification item lifecycle, in one pure place (no I/O): which status may follow which,
 * on which action, by which role. Services ask `planTransition` and never decide this themselves.
 *
 *   draft ══plan approved══▶ pending ──start──▶ in_progress ──submit──▶ submitted ──approve──▶ closed
 *                                                   ▲                      │                     │
 *                                                   └──────reject──────────┘                     │
 *                                                   └──────────────────reopen────────────────────┘
 *
 * `draft` (草稿): an item of a unit's own 整改方案 not yet approved by the office. No item action
 * applies to it; the unit edits or deletes it (`mayEditDraft`), and the plan's approval releases
 * every draft of the plan to `pending` (`planRelease`). A draft is neither open (never chased) nor
 * counted (`isCounted`: reports, rollups, exports leave it out).
 */
import type { Role } from '../../common/roles.js';
import { isBlankText } from '../../common/text.js';

export const ITEM_STATUSES = ['draft', 'pending', 'in_progress', 'submitted', 'closed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_ACTIONS = ['start', 'submit', 'approve', 'reject', 'reopen'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  draft: '草稿（整改方案待审定）',
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

/** Who edits and deletes a draft item (the unit's manager drafts his plan; the office may on its behalf). */
const DRAFT_EDITORS: readonly Role[] = ['office', 'unit_manager'];

/** A draft may be edited or deleted by its unit's manager or the office; nothing else is deletable. */
export function mayEditDraft(status: ItemStatus, role: Role): boolean {
  return status === 'draft' && DRAFT_EDITORS.includes(role);
}

/**
 * The office's approval of a unit's 整改方案 releases each of its items: draft → pending. Who may
 * approve is the plan's rule (office only), not the item's; an item no longer a draft is `illegal`.
 */
export function planRelease(status: ItemStatus): TransitionPlan {
  if (status !== 'draft') {
    return { ok: false, reason: 'illegal', message: `事项当前状态为“${ITEM_STATUS_LABELS[status]}”，不是整改方案草稿` };
  }
  return { ok: true, from: 'draft', to: 'pending', needsReason: false };
}

/** Counted in reports, rollups and exports: every status but draft (a plan not yet approved). */
export function isCounted(status: ItemStatus): boolean {
  return status !== 'draft';
}
