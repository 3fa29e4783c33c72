/* 自查自纠 (举一反三): what the office asked the unit to check, and the manager's answer. */
import { api, unwrap, type Schemas } from './client';

export type SelfCheck = Schemas['SelfCheckDto'];

export const listSelfChecks = (query: { answered?: 'true' | 'false'; page?: number; pageSize?: number }) =>
  unwrap(api.GET('/api/v1/self-checks', { params: { query } }));
export const answerSelfCheck = (id: string, body: Schemas['AnswerSelfCheckDto']) =>
  unwrap(api.POST('/api/v1/self-checks/{id}/answer', { params: { path: { id } }, body }));
