import { get, type Page } from './http';

export interface Unit {
  id: string;
  name: string;
  code?: string;
  parentId?: string | null;
}

export const listUnits = () => get<Unit[] | Page<Unit>>('/units');
