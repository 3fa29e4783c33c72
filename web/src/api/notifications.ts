import { get, post, type Page } from './http';

export interface Notice {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  readAt?: string | null;
  itemId?: string | null;
  itemIds?: string[];
}

export const listNotifications = (page: number, pageSize = 20) => get<Page<Notice> & { unread?: number }>('/notifications', { page, pageSize });
export const markRead = (id: string) => post(`/notifications/${id}/read`);
export const unreadCount = async () => (await listNotifications(1, 1)).unread ?? 0;
