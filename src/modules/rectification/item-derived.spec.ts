import { describe, expect, it } from '@jest/globals';
import { deriveItemState, type ItemDerivedInput } from './item-derived.js';

const item = (over: Partial<ItemDerivedInput> = {}): ItemDerivedInput => ({
  status: 'in_progress',
  deadline: '2026-06-30',
  originalDeadline: '2026-06-30',
  closedOn: null,
  ...over,
});

describe('deriveItemState', () => {
  it('is green when the deadline is more than the warning window away', () => {
    expect(deriveItemState(item(), '2026-06-22', 7)).toEqual({
      overdue: false,
      daysOverdue: 0,
      daysLeft: 8,
      light: 'green',
      lightLabel: '正常',
      closedLate: false,
      submittedLate: false,
      late: null,
      lateLabel: null,
    });
  });

  it('turns yellow exactly N days before the deadline and stays yellow on the day itself', () => {
    expect(deriveItemState(item(), '2026-06-23', 7)).toMatchObject({ light: 'yellow', daysLeft: 7, overdue: false });
    expect(deriveItemState(item(), '2026-06-30', 7)).toMatchObject({ light: 'yellow', daysLeft: 0, overdue: false, daysOverdue: 0 });
  });

  it('turns red the day after the deadline and counts the days overdue', () => {
    expect(deriveItemState(item(), '2026-07-01', 7)).toMatchObject({ light: 'red', overdue: true, daysOverdue: 1, daysLeft: -1 });
    expect(deriveItemState(item(), '2026-07-11', 7)).toMatchObject({ light: 'red', overdue: true, daysOverdue: 11 });
  });

  it('treats pending like in progress', () => {
    expect(deriveItemState(item({ status: 'pending' }), '2026-07-05', 7)).toMatchObject({ overdue: true, daysOverdue: 5, light: 'red' });
  });

  it('never makes a submitted or closed item overdue, whatever the date', () => {
    for (const status of ['submitted', 'closed'] as const) {
      expect(deriveItemState(item({ status }), '2026-09-01', 7)).toMatchObject({
        overdue: false,
        daysOverdue: 0,
        daysLeft: null,
        light: 'green',
      });
      expect(deriveItemState(item({ status }), '2026-06-29', 7)).toMatchObject({ light: 'green' });
    }
  });

  it('honours another warning window, including 0 (yellow on the day only)', () => {
    expect(deriveItemState(item(), '2026-06-27', 3)).toMatchObject({ light: 'yellow' });
    expect(deriveItemState(item(), '2026-06-26', 3)).toMatchObject({ light: 'green' });
    expect(deriveItemState(item(), '2026-06-29', 0)).toMatchObject({ light: 'green' });
    expect(deriveItemState(item(), '2026-06-30', 0)).toMatchObject({ light: 'yellow' });
  });

  it('counts across month and year ends', () => {
    expect(deriveItemState(item({ deadline: '2025-12-31' }), '2026-01-02', 7)).toMatchObject({ daysOverdue: 2 });
    expect(deriveItemState(item({ deadline: '2026-03-01' }), '2026-02-28', 7)).toMatchObject({ daysLeft: 1, light: 'yellow' });
  });

  it('marks a closure late against the ORIGINAL deadline, not the extended one', () => {
    const extended = item({ status: 'closed', originalDeadline: '2026-06-30', deadline: '2026-08-31' });
    expect(deriveItemState({ ...extended, closedOn: '2026-07-15' }, '2026-07-20', 7).closedLate).toBe(true);
    expect(deriveItemState({ ...extended, closedOn: '2026-06-30' }, '2026-07-20', 7).closedLate).toBe(false);
    expect(deriveItemState({ ...extended, closedOn: '2026-06-01' }, '2026-07-20', 7).closedLate).toBe(false);
  });

  it('is not late while the item is open, even past the original deadline', () => {
    expect(deriveItemState(item({ closedOn: null }), '2026-08-01', 7).closedLate).toBe(false);
  });

  it('a late submission or closure is not green: its own light and label (超期提交 / 超期销号)', () => {
    const submitted = item({ status: 'submitted', submittedOn: '2026-07-03' });
    expect(deriveItemState(submitted, '2026-07-10', 7)).toMatchObject({ light: 'late', late: 'lateSubmitted', lateLabel: '超期提交' });
    const closed = item({ status: 'closed', closedOn: '2026-07-05' });
    expect(deriveItemState(closed, '2026-07-10', 7)).toMatchObject({ light: 'late', closedLate: true, lateLabel: '超期销号' });
    // On time against the ORIGINAL deadline: green, even after an extension moved the deadline.
    expect(deriveItemState(item({ status: 'closed', closedOn: '2026-06-30' }), '2026-07-10', 7)).toMatchObject({
      light: 'green',
      late: null,
    });
    expect(
      deriveItemState(item({ status: 'submitted', submittedOn: '2026-07-03', deadline: '2026-07-31' }), '2026-07-10', 7),
    ).toMatchObject({ light: 'late', lateLabel: '超期提交' });
  });

  it('late dates count only in their own status: a reopened item keeps no lateness, a closed one is judged by its closing day', () => {
    // Sent back after a late submission (in progress again), or reopened after a late closure: open, not late.
    const reworked = item({ status: 'in_progress', submittedOn: '2026-07-03', closedOn: '2026-07-05', deadline: '2026-08-31' });
    expect(deriveItemState(reworked, '2026-07-10', 7)).toMatchObject({
      light: 'green',
      closedLate: false,
      submittedLate: false,
      late: null,
    });
    // Closed after a late submission: 超期销号, and no longer counted as a late submission.
    const closedLate = item({ status: 'closed', submittedOn: '2026-07-03', closedOn: '2026-07-05' });
    expect(deriveItemState(closedLate, '2026-07-10', 7)).toMatchObject({
      light: 'late',
      closedLate: true,
      submittedLate: false,
      late: 'lateClosed',
    });
    // Submitted with a closing day left from an earlier closure: awaiting review, judged by its submission day.
    const resubmitted = item({ status: 'submitted', submittedOn: '2026-06-28', closedOn: '2026-07-05' });
    expect(deriveItemState(resubmitted, '2026-07-10', 7)).toMatchObject({
      light: 'green',
      closedLate: false,
      submittedLate: false,
      late: null,
    });
    // Submitted on or before the original deadline is on time.
    expect(deriveItemState(item({ status: 'submitted', submittedOn: '2026-06-30' }), '2026-07-10', 7)).toMatchObject({
      submittedLate: false,
      late: null,
      light: 'green',
    });
    expect(deriveItemState(item({ status: 'submitted', submittedOn: null }), '2026-07-10', 7)).toMatchObject({
      submittedLate: false,
      late: null,
    });
  });
});
