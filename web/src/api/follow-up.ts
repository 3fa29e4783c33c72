import { get, post, type Page } from './http';

export interface OverdueRow {
  id?: string;
  itemId?: string;
  title: string;
  daysOverdue: number;
  escalationLevel?: number;
  unit?: { name: string };
  unitName?: string;
  owner?: { displayName: string } | null;
  ownerName?: string;
  deadline: string;
  status: string;
}

export interface SupervisionNotice {
  id: string;
  number?: string;
  issuedAt?: string;
  createdAt?: string;
  unitName?: string;
  itemId?: string;
  itemTitle?: string;
  title?: string;
  repliedAt?: string | null;
  replyDue?: string | null;
  replyOverdue?: boolean;
}

export const overdueReport = () => get<OverdueRow[] | Page<OverdueRow>>('/reports/overdue');
export const runSweep = () => post<{ enqueued?: number; delivered?: number }>('/follow-up/sweep?wait=true');
export const chase = (itemId: string, kind: 'urge' | 'supervise', note?: string) =>
  post<{ recipients: unknown[]; escalationLevel: number; supervisionNotice?: string | null }>(`/items/${itemId}/chase`, { kind, note });
export const board = () => get<{ failures: number; noticesAwaitingReply: number; noticesOverdue: number }>('/follow-up/board');
export const supervisionNotices = () => get<SupervisionNotice[] | Page<SupervisionNotice>>('/follow-up/supervision-notices', { pageSize: 20 });
export const reminders = (itemId: string) =>
  get<{ kind: string; kindLabel?: string; level?: number; offsetDays?: number; sentAt?: string; createdAt?: string }[]>(`/items/${itemId}/reminders`);
