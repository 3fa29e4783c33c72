import { describe, expect, it } from '@jest/globals';
import { measureStatus, NO_ITEMS } from './measure-status.js';

describe('measureStatus', () => {
  it('is not_started with no item, or with items none of which has started', () => {
    expect(measureStatus(NO_ITEMS, false)).toBe('not_started');
    expect(measureStatus({ total: 2, closed: 0, started: 0, overdue: 1 }, false)).toBe('not_started');
  });

  it('is in_progress once an item has started and not all are closed', () => {
    expect(measureStatus({ total: 2, closed: 0, started: 1, overdue: 0 }, false)).toBe('in_progress');
    expect(measureStatus({ total: 2, closed: 1, started: 1, overdue: 0 }, false)).toBe('in_progress');
  });

  it('awaits sign-off when every linked item is closed', () => {
    expect(measureStatus({ total: 2, closed: 2, started: 2, overdue: 0 }, false)).toBe('awaiting_signoff');
  });

  it('is signed_off once signed off, whatever the items', () => {
    expect(measureStatus({ total: 2, closed: 1, started: 2, overdue: 0 }, true)).toBe('signed_off');
    expect(measureStatus(NO_ITEMS, true)).toBe('signed_off');
  });
});
