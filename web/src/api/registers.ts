/** The office's registers units never see: 问题线索, 约谈, 问责 (GET answers 404 to anyone else). */
import { api, unwrap, type Schemas } from './client';
import type { operations } from './schema';

export type Clue = Schemas['ClueDto'];
export type Interview = Schemas['InterviewDto'];
export type Accountability = Schemas['AccountabilityRecordDto'];
export type ClueQuery = NonNullable<operations['Registers_listClues']['parameters']['query']>;

export const listClues = (query: ClueQuery) => unwrap(api.GET('/api/v1/clues', { params: { query } }));
/**
 * The findings the clue register already holds a clue for. GET /clues has no findingId filter, so this
 * reads the whole register (200 a page); the register is small (clues transferred, not findings).
 */
export async function registeredFindingIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await listClues({ page, pageSize: 200 });
    for (const c of res.data) if (c.findingId) ids.add(c.findingId);
    if (page * res.pageSize >= res.total || !res.data.length) return ids;
  }
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
