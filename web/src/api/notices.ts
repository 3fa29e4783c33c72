/* 督办单: the list (the office's all; a unit manager's those addressed to his units), one notice, the reply, the Word file. */
import { api, downloadUrl, unwrap, type Schemas } from './client';

export type Notice = Schemas['SupervisionNoticeDto'];

export const listNotices = (query: { replied?: 'true' | 'false'; page?: number; pageSize?: number }) =>
  unwrap(api.GET('/api/v1/follow-up/supervision-notices', { params: { query } }));
export const getNotice = (id: string) => unwrap(api.GET('/api/v1/supervision-notices/{id}', { params: { path: { id } } }));
export const replyNotice = (id: string, text: string) =>
  unwrap(api.POST('/api/v1/supervision-notices/{id}/reply', { params: { path: { id } }, body: { text } }));
export const noticeDocx = (id: string) => downloadUrl('/api/v1/supervision-notices/{id}.docx', { path: { id } });
