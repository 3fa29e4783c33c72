import { api, unwrap, type Schemas } from './client';
import { get, post, type Page } from './http';

export interface Unit {
  id: string;
  name: string;
  code?: string;
  parentId?: string | null;
  /** false: deactivated (停用). */
  active?: boolean;
}

export const listUnits = () => get<Unit[] | Page<Unit>>('/units');

export const createUnit = (f: { code: string; name: string; parentId?: string }) => post<Unit>('/units', f);

/* New calls go through the typed client (client.ts). */
export type UnitChanges = Schemas['UpdateUnitDto'];

/** Rename, move, deactivate or reactivate a unit (admin). */
export const updateUnit = (id: string, changes: UnitChanges) =>
  unwrap(api.PATCH('/api/v1/units/{id}', { params: { path: { id } }, body: changes }));
