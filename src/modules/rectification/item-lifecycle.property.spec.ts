import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ROLES, type Role } from '../../common/roles.js';
import {
  ITEM_ACTIONS,
  ITEM_STATUSES,
  availableActions,
  isCounted,
  isOpen,
  mayEditDraft,
  planRelease,
  planTransition,
  type ItemAction,
  type ItemStatus,
} from './item-lifecycle.js';

/**
 * Any sequence of lifecycle actions, by any roles, with or without reasons, applied the way the
 * service applies them (a refused action changes nothing). A model of the item in the test carries
 * status and closedAt; the invariants must hold after every step.
 */
const step = fc.record({
  action: fc.constantFrom(...ITEM_ACTIONS),
  role: fc.constantFrom(...(ROLES as readonly Role[])),
  reason: fc.oneof(fc.constant(null), fc.constant(''), fc.constant('  \u3000 '), fc.string({ minLength: 1, maxLength: 8 })),
  actorId: fc.constantFrom('u1', 'u2'),
});

interface Model {
  status: ItemStatus;
  closedAt: number | null;
  submittedById: string | null;
}

describe('item lifecycle (property-based)', () => {
  it('any sequence keeps the invariants: closed only via approve by the office, reasons where required, closedAt iff closed, four eyes', () => {
    fc.assert(
      fc.property(fc.constantFrom<ItemStatus>('draft', 'pending'), fc.array(step, { maxLength: 40 }), (start, steps) => {
        const item: Model = { status: start, closedAt: null, submittedById: null };
        steps.forEach((s, i) => {
          const before = item.status;
          // A draft (整改方案 not yet approved) takes no item action: only the plan's approval releases it.
          if (before === 'draft') {
            expect(isOpen(before) || isCounted(before)).toBe(false);
            expect(mayEditDraft(before, s.role)).toBe(['office', 'unit_manager'].includes(s.role));
            if (i % 5 === 4) {
              expect(planRelease(before)).toEqual({ ok: true, from: 'draft', to: 'pending', needsReason: false });
              item.status = 'pending';
              return;
            }
          } else {
            expect(mayEditDraft(before, s.role)).toBe(false);
            expect(planRelease(before).ok).toBe(false);
          }
          const plan = planTransition(item.status, s.action, s.role, s.reason, { actorId: s.actorId, submittedById: item.submittedById });
          // The buttons agree with the decision (reason aside: a button is shown before a reason is typed).
          const offered = availableActions(item.status, s.role, { actorId: s.actorId, submittedById: item.submittedById }).includes(
            s.action,
          );
          expect(offered).toBe(plan.ok || (!plan.ok && plan.reason === 'reason_required'));
          if (!plan.ok) {
            expect(plan.message.trim().length).toBeGreaterThan(0);
            return;
          }
          expect(before).not.toBe('draft');
          expect(plan.from).toBe(before);
          if (plan.to === 'closed') {
            expect(s.action).toBe('approve');
            expect(s.role).toBe('office');
            expect(before).toBe('submitted');
            expect(s.actorId).not.toBe(item.submittedById);
          }
          if (s.action === 'reject' || s.action === 'reopen') expect((s.reason ?? '').trim().length).toBeGreaterThan(0);
          if (!['office', 'unit_manager', 'unit_staff'].includes(s.role)) throw new Error(`${s.role} moved an item`);
          item.status = plan.to;
          item.closedAt = plan.to === 'closed' ? i : null;
          item.submittedById = plan.to === 'submitted' ? s.actorId : null;
          expect(item.closedAt !== null).toBe(item.status === 'closed');
          expect(ITEM_STATUSES).toContain(item.status);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("every status is reachable from a plan's draft and closed is always left only by reopen", () => {
    const released = planRelease('draft');
    if (!released.ok) throw new Error('a draft must be releasable');
    const reached = new Set<ItemStatus>(['draft', released.to]);
    let frontier: ItemStatus[] = [released.to];
    while (frontier.length) {
      const next: ItemStatus[] = [];
      for (const s of frontier)
        for (const a of ITEM_ACTIONS as readonly ItemAction[]) {
          const p = planTransition(s, a, 'office', '理由', { actorId: 'u2', submittedById: 'u1' });
          if (p.ok && !reached.has(p.to)) {
            reached.add(p.to);
            next.push(p.to);
          }
          if (p.ok && s === 'closed') expect(a).toBe('reopen');
        }
      frontier = next;
    }
    expect([...reached].sort()).toEqual([...ITEM_STATUSES].sort());
  });
});
