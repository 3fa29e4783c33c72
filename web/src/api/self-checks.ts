/* 自查自纠 (举一反三): what the office asked the unit to check, and the manager's answer. */
import { api, unwrap, type Schemas } from './client';

export type SelfCheck = Schemas['SelfCheckDto'];

export const listSelfChecks = (query: { answered?: 'true' | 'false'; page?: number; pageSize?: number }) =>
  unwrap(api.GET('/api/v1/self-checks', { params: { query } }));
export const answerSelfCheck = (id: string, body: Schemas['AnswerSelfCheckDto']) =>
  unwrap(api.POST('/api/v1/self-checks/{id}/answer', { params: { path: { id } }, body }));

/* The office's side: a finding marked 共性问题 is sent to units as a self-check; the statistics per problem. */
export type SelfCheckReportRow = Schemas['SelfCheckReportRowDto'];
export const markCommon = (findingId: string, body: Schemas['MarkCommonDto']) =>
  unwrap(api.POST('/api/v1/findings/{id}/common', { params: { path: { id: findingId } }, body }));
export const selfCheckReport = () => unwrap(api.GET('/api/v1/reports/self-checks'));
