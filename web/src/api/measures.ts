/** A plan's measures as work: the 对账 board (reconciliation), 对账销号 and its undoing. */
import { api, unwrap, type Schemas } from './client';

export type Reconciliation = Schemas['ReconciliationResponseDto'];
export type ReconciliationMeasure = Schemas['ReconciliationMeasureDto'];

export const reconciliation = (planId: string) =>
  unwrap(api.GET('/api/v1/plans/{id}/reconciliation', { params: { path: { id: planId } } }));
export const signoff = (id: string, statement: string) =>
  unwrap(api.POST('/api/v1/measures/{id}/signoff', { params: { path: { id } }, body: { statement } }));
export const reopen = (id: string, reason: string) =>
  unwrap(api.POST('/api/v1/measures/{id}/reopen', { params: { path: { id } }, body: { reason } }));
/** The office sets a measure's 牵头单位, 配合单位 (replaced as a whole), 责任领导 and 完成时限. */
export const updateMeasure = (id: string, body: Schemas['UpdateMeasureDto']) =>
  unwrap(api.PATCH('/api/v1/measures/{id}', { params: { path: { id } }, body }));
