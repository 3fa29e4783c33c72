import { api, unwrap, type Schemas } from './client';

export type Unit = Schemas['UnitDto'];

export const listUnits = () => unwrap(api.GET('/api/v1/units'));
export const createUnit = (f: Schemas['CreateUnitDto']) => unwrap(api.POST('/api/v1/units', { body: f }));
