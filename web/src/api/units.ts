import { api, unwrap, type Schemas } from './client';

export type Unit = Schemas['UnitDto'];
export type UnitChanges = Schemas['UpdateUnitDto'];

export const listUnits = () => unwrap(api.GET('/api/v1/units'));
export const createUnit = (f: Schemas['CreateUnitDto']) => unwrap(api.POST('/api/v1/units', { body: f }));
/** Rename, move, deactivate or reactivate a unit (admin). */
export const updateUnit = (id: string, changes: UnitChanges) =>
  unwrap(api.PATCH('/api/v1/units/{id}', { params: { path: { id } }, body: changes }));
