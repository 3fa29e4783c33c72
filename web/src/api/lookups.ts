/** Lists the office's pages pick from (plans, internal rounds, units, a unit's items), typed and cached per page load. */
import { api, unwrap, type Schemas } from './client';

export type Unit = Schemas['UnitDto'];
export type Round = Schemas['InspectionDto'];
export type PlanRef = Schemas['RectificationPlanDto'];
export type ItemEntry = Schemas['ItemListEntryDto'];

/** Kept for the page's life once answered; a failed call is asked again next time. */
function cached<T>(call: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      pending = call();
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
}
export const units = cached(() => unwrap(api.GET('/api/v1/units')));
export const rounds = cached(() => unwrap(api.GET('/api/v1/inspections', { params: { query: { kind: 'internal_round' } } })));
export const plans = () => unwrap(api.GET('/api/v1/plans'));
/** Items of a unit and its sub-units (for linking a 约谈 or 问责 to items), most recent first. */
export const unitItems = (unitId: string, query: { status?: string[] } = {}) =>
  unwrap(api.GET('/api/v1/items', { params: { query: { unitId, pageSize: 100, ...query } } }));
/** Closed items (the candidates of a 回头看), latest 100. */
export const closedItems = () => unwrap(api.GET('/api/v1/items', { params: { query: { status: ['closed'], pageSize: 100 } } }));
