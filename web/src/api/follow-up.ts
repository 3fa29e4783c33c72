import { api, unwrap, type Schemas } from './client';

export type OverdueRow = Schemas['OverdueItemDto'];
export type SupervisionNotice = Schemas['SupervisionNoticeDto'];
export type ChaseResult = Schemas['ChaseResultDto'];
export type Reminder = Schemas['ItemRemindersRemindersDto'];

export const overdueReport = () => unwrap(api.GET('/api/v1/reports/overdue'));
/** Runs the sweep and waits until its notifications are delivered (200 with the run's figures). */
export const runSweep = () => unwrap(api.POST('/api/v1/follow-up/sweep', { params: { query: { wait: true } } }));
export const chase = (itemId: string, kind: 'urge' | 'supervise', note?: string) =>
  unwrap(api.POST('/api/v1/items/{id}/chase', { params: { path: { id: itemId } }, body: { kind, note } }));
export const board = () => unwrap(api.GET('/api/v1/follow-up/board'));
export const supervisionNotices = () => unwrap(api.GET('/api/v1/follow-up/supervision-notices', { params: { query: { pageSize: 20 } } }));
export const reminders = (itemId: string) => unwrap(api.GET('/api/v1/items/{id}/reminders', { params: { path: { id: itemId } } }));
