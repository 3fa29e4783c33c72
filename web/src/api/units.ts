import { get, post, type Page } from './http';

export interface Unit {
  id: string;
  name: string;
  code?: string;
  parentId?: string | null;
}

export const listUnits = () => get<Unit[] | Page<Unit>>('/units');

export const createUnit = (f: { code: string; name: string; parentId?: string }) => post<Unit>('/units', f);
