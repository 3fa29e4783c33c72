/* Items as a unit manager edits them: read with their version, change (owner; every field of a draft), and the unit's people. */
import { api, unwrap, type Schemas } from './client';

export type ItemRow = Schemas['ItemListEntryDto'];
export type ItemEdit = Schemas['UpdateItemDto'];
export type Person = Schemas['PublicUserDto'];
export type ItemRowQuery = {
  status?: ('draft' | 'pending' | 'in_progress' | 'submitted' | 'closed')[];
  unitId?: string;
  q?: string;
  ownerId?: string;
  inspectionId?: string;
  page?: number;
  pageSize?: number;
};

export const listItemRows = (query: ItemRowQuery) => unwrap(api.GET('/api/v1/items', { params: { query } }));
export const readItem = (id: string) => unwrap(api.GET('/api/v1/items/{id}', { params: { path: { id } } }));
export const editItem = (id: string, body: ItemEdit) => unwrap(api.PATCH('/api/v1/items/{id}', { params: { path: { id } }, body }));
/** Active accounts of the caller's units (a unit manager: his unit and its sub-units). */
export const listPeople = (unitId?: string) => unwrap(api.GET('/api/v1/users', { params: { query: { unitId } } }));
export const listScopeUnits = () => unwrap(api.GET('/api/v1/units'));
