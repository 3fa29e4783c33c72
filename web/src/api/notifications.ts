import { api, unwrap, type Schemas } from './client';

export type Notice = Schemas['InboxNotificationDto'];

export const listNotifications = (page: number, pageSize = 20) =>
  unwrap(api.GET('/api/v1/notifications', { params: { query: { page, pageSize } } }));
export const markRead = (id: string) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
export const unreadCount = async () => (await listNotifications(1, 1)).unread;
