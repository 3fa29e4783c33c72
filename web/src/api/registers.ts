/** The office's registers units never see: 问题线索, 约谈, 问责 (GET answers 404 to anyone else). */
import { api, unwrap, type Schemas } from './client';
import type { operations } from './schema';

export type Clue = Schemas['ClueDto'];
export type Interview = Schemas['InterviewDto'];
export type Accountability = Schemas['AccountabilityRecordDto'];
export type ClueQuery = NonNullable<operations['Registers_listClues']['parameters']['query']>;

export const listClues = (query: ClueQuery) => unwrap(api.GET('/api/v1/clues', { params: { query } }));
/**
 * Which of these findings (one page of them, at most 100) the clue register already holds a clue for:
 * one GET /clues?findingIds=. A finding has one clue at most since POST /clues refuses a second; a
 * page of 200 also covers findings registered twice before that rule.
 */
export async function registeredAmong(findingIds: string[]): Promise<Set<string>> {
  if (!findingIds.length) return new Set();
  const res = await listClues({ findingIds: findingIds.join(','), page: 1, pageSize: 200 });
  return new Set(res.data.map((c) => c.findingId).filter((id): id is string => !!id));
}
export const createClue = (body: Schemas['CreateClueDto']) => unwrap(api.POST('/api/v1/clues', { body }));
export const recordClueOutcome = (id: string, body: Schemas['UpdateClueDto']) =>
  unwrap(api.PATCH('/api/v1/clues/{id}', { params: { path: { id } }, body }));

export const listInterviews = (query: { unitId?: string; page?: number; pageSize?: number }) =>
  unwrap(api.GET('/api/v1/interviews', { params: { query } }));
export const createInterview = (body: Schemas['CreateInterviewDto']) => unwrap(api.POST('/api/v1/interviews', { body }));

export const listAccountability = (query: { unitId?: string; page?: number; pageSize?: number }) =>
  unwrap(api.GET('/api/v1/accountability', { params: { query } }));
export const createAccountability = (body: Schemas['CreateAccountabilityDto']) => unwrap(api.POST('/api/v1/accountability', { body }));
