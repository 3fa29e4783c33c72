/** 回头看: re-checks of closed items and the rebound report. */
import { api, unwrap, type Schemas } from './client';
import type { operations } from './schema';

export type Recheck = Schemas['RecheckResponseDto'];
export type RecheckQuery = NonNullable<operations['Rechecks_list']['parameters']['query']>;

export const listRechecks = (query: RecheckQuery) => unwrap(api.GET('/api/v1/rechecks', { params: { query } }));
export const schedule = (body: Schemas['ScheduleRechecksDto']) => unwrap(api.POST('/api/v1/rechecks', { body }));
export const recordResult = (id: string, held: boolean, note?: string) =>
  unwrap(api.POST('/api/v1/rechecks/{id}/result', { params: { path: { id } }, body: { held, note } }));
export const rebounds = (unitId?: string) => unwrap(api.GET('/api/v1/reports/rebounds', { params: { query: { unitId } } }));
/** The title and unit of the items a page of re-checks is about (the re-check rows carry only the id). */
export const itemHeads = async (ids: string[]) => {
  const heads = await Promise.all(
    [...new Set(ids)].map((id) =>
      unwrap(api.GET('/api/v1/items/{id}', { params: { path: { id } } })).then(
        (i) => [id, { title: i.title, unit: i.unit?.name ?? '' }] as const,
        () => [id, null] as const,
      ),
    ),
  );
  return new Map(heads);
};
