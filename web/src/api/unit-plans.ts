/* A unit's 整改方案 (三张清单): the plan, its draft items, submission and the office's decision. */
import { api, downloadUrl, unwrap, type Schemas } from './client';

export type UnitPlan = Schemas['UnitPlanResponseDto'];
export type UnitPlanDetail = Schemas['UnitPlanDetailDto'];
export type UnitPlanQuery = {
  inspectionId?: string;
  unitId?: string;
  status?: 'draft' | 'submitted' | 'approved';
  page?: number;
  pageSize?: number;
};
export type DraftItem = Schemas['CreateItemDto'];

export const listUnitPlans = (query: UnitPlanQuery) => unwrap(api.GET('/api/v1/unit-plans', { params: { query } }));
export const getUnitPlan = (id: string) => unwrap(api.GET('/api/v1/unit-plans/{id}', { params: { path: { id } } }));
export const createUnitPlan = (inspectionId: string, unitId: string) =>
  unwrap(api.POST('/api/v1/unit-plans', { body: { inspectionId, unitId } }));
export const submitUnitPlan = (id: string) => unwrap(api.POST('/api/v1/unit-plans/{id}/submit', { params: { path: { id } } }));
export const decideUnitPlan = (id: string, approve: boolean, comment?: string) =>
  unwrap(api.POST('/api/v1/unit-plans/{id}/decision', { params: { path: { id } }, body: { approve, comment } }));
export const unitPlanXlsx = (id: string) => downloadUrl('/api/v1/unit-plans/{id}/export.xlsx', { path: { id } });
export const unitPlanDocx = (id: string) => downloadUrl('/api/v1/unit-plans/{id}/export.docx', { path: { id } });

export const addDraftItem = (body: DraftItem) => unwrap(api.POST('/api/v1/items', { body }));
export const deleteDraftItem = (id: string) => unwrap(api.DELETE('/api/v1/items/{id}', { params: { path: { id } } }));
