import { api, fileBody, unwrap, type Schemas } from './client';

export type Plan = Schemas['RectificationPlanDto'];
export type ImportResult = Schemas['PlanImportResultDto'];

export const listPlans = () => unwrap(api.GET('/api/v1/plans'));
export const importPlan = (id: string, file: File, dryRun: boolean) =>
  unwrap(
    api.POST('/api/v1/plans/{id}/import', { params: { path: { id }, query: { dryRun: dryRun ? 'true' : undefined } }, ...fileBody(file) }),
  );
export const createPlan = (f: Schemas['CreatePlanDto']) => unwrap(api.POST('/api/v1/plans', { body: f }));
