import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../../common/roles.js';
import {
  ITEM_ACTIONS,
  ITEM_STATUSES,
  availableActions,
  isCounted,
  isOpen,
  planRelease,
  planTransition,
  type ItemAction,
  type ItemStatus,
} from './item-lifecycle.js';

// The whole table, written out independently of TRANSITIONS: [status, action] → next status.
const LEGAL: Partial<Record<`${ItemStatus}:${ItemAction}`, ItemStatus>> = {
  'pending:start': 'in_progress',
  'in_progress:submit': 'submitted',
  'submitted:approve': 'closed',
  'submitted:reject': 'in_progress',
  'closed:reopen': 'in_progress',
};
const MAY: Record<ItemAction, Role[]> = {
  start: ['office', 'unit_manager', 'unit_staff'],
  submit: ['office', 'unit_manager', 'unit_staff'],
  approve: ['office'],
  reject: ['office'],
  reopen: ['office'],
};

describe('item lifecycle', () => {
  for (const status of ITEM_STATUSES) {
    for (const action of ITEM_ACTIONS) {
      for (const role of ROLES) {
        const expected = LEGAL[`${status}:${action}`];
        const allowedRole = MAY[action].includes(role);
        const outcome = !allowedRole ? 'forbidden' : expected ? `→ ${expected}` : 'illegal';
        it(`${role} ${action} on ${status}: ${outcome}`, () => {
          const plan = planTransition(status, action, role, 'a reason');
          if (!allowedRole) {
            expect(plan).toMatchObject({ ok: false, reason: 'forbidden' });
          } else if (expected) {
            expect(plan).toEqual({ ok: true, from: status, to: expected, needsReason: action === 'reject' || action === 'reopen' });
          } else {
            expect(plan).toMatchObject({ ok: false, reason: 'illegal' });
          }
        });
      }
    }
  }

  it.each(['reject', 'reopen'] as const)('%s needs a non-blank reason', (action) => {
    const from: ItemStatus = action === 'reject' ? 'submitted' : 'closed';
    expect(planTransition(from, action, 'office')).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(planTransition(from, action, 'office', '   ')).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(planTransition(from, action, 'office', '\u200b\u3000\u202e')).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(planTransition(from, action, 'office', '材料不全')).toMatchObject({ ok: true, to: 'in_progress' });
  });

  it('lists only the actions a role can take now', () => {
    expect(availableActions('submitted', 'office')).toEqual(['approve', 'reject']);
    expect(availableActions('submitted', 'unit_manager')).toEqual([]);
    expect(availableActions('pending', 'unit_staff')).toEqual(['start']);
    expect(availableActions('closed', 'leadership')).toEqual([]);
  });

  describe('four eyes for 销号', () => {
    const submitter = { actorId: 'u-office-1', submittedById: 'u-office-1' };
    const other = { actorId: 'u-office-2', submittedById: 'u-office-1' };

    it('the submitter may not approve: forbidden, with a Chinese message', () => {
      const plan = planTransition('submitted', 'approve', 'office', undefined, submitter);
      expect(plan).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(plan.ok ? '' : plan.message).toMatch(/提交人以外/);
    });

    it('anyone else in the office may approve; the submitter may still reject (withdraw) it', () => {
      expect(planTransition('submitted', 'approve', 'office', undefined, other)).toMatchObject({ ok: true, to: 'closed' });
      expect(planTransition('submitted', 'reject', 'office', '撤回补充材料', submitter)).toMatchObject({ ok: true, to: 'in_progress' });
    });

    it('a submission with no recorded submitter (before submitters were kept) is not blocked', () => {
      expect(planTransition('submitted', 'approve', 'office', undefined, { actorId: 'u', submittedById: null })).toMatchObject({
        ok: true,
      });
    });

    it('role and status rules come first: a unit user or a wrong status is refused as before', () => {
      expect(planTransition('submitted', 'approve', 'unit_manager', undefined, { actorId: 'm', submittedById: 'm' })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(planTransition('in_progress', 'approve', 'office', undefined, submitter)).toMatchObject({ ok: false, reason: 'illegal' });
    });

    it('approve is not offered to the submitter', () => {
      expect(availableActions('submitted', 'office', submitter)).toEqual(['reject']);
      expect(availableActions('submitted', 'office', other)).toEqual(['approve', 'reject']);
    });
  });

  it('treats pending and in-progress as open', () => {
    expect(ITEM_STATUSES.filter(isOpen)).toEqual(['pending', 'in_progress']);
  });

  it('names the action in the refusal of a missing reason', () => {
    const plan = planTransition('submitted', 'reject', 'office', '  ');
    expect(plan).toEqual({ ok: false, reason: 'reason_required', message: '退回必须填写理由' });
  });

  it("releases only drafts when the office approves a unit's plan, naming the item's status otherwise", () => {
    expect(planRelease('draft')).toEqual({ ok: true, from: 'draft', to: 'pending', needsReason: false });
    expect(planRelease('in_progress')).toEqual({ ok: false, reason: 'illegal', message: '事项当前状态为“整改中”，不是整改方案草稿' });
  });

  it('counts every status but draft', () => {
    expect(ITEM_STATUSES.filter(isCounted)).toEqual(ITEM_STATUSES.filter((s) => s !== 'draft'));
    expect(isCounted('draft')).toBe(false);
  });
});
