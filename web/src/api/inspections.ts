import { api, fileBody, unwrap, type Schemas } from './client';

export type Inspection = Schemas['InspectionDto'];
export type InspectionDetail = Schemas['InspectionsGetDto'];
export type FeedbackProblem = Schemas['FeedbackProblemDto'];
export type Batch = Schemas['InspectionBatchDto'];
export type Group = Schemas['GroupDto'];
export type LedgerImportResult = Schemas['LedgerImportResultDto'];
export type InspectionKind = Schemas['CreateInspectionDto']['kind'];

const path = (id: string) => ({ params: { path: { id } } });

export const listInspections = () => unwrap(api.GET('/api/v1/inspections'));
export const getInspection = (id: string) => unwrap(api.GET('/api/v1/inspections/{id}', path(id)));
export const createInspection = (f: Schemas['CreateInspectionDto']) => unwrap(api.POST('/api/v1/inspections', { body: f }));
export const addFeedbackProblem = (id: string, f: Schemas['CreateFeedbackProblemDto']) =>
  unwrap(api.POST('/api/v1/inspections/{id}/feedback-problems', { ...path(id), body: f }));
export const addBatch = (id: string, f: Schemas['CreateBatchDto']) =>
  unwrap(api.POST('/api/v1/inspections/{id}/batches', { ...path(id), body: f }));
export const addGroup = (id: string, f: Schemas['CreateGroupDto']) =>
  unwrap(api.POST('/api/v1/inspections/{id}/groups', { ...path(id), body: f }));
export const importLedger = (id: string, file: File, dryRun: boolean) =>
  unwrap(
    api.POST('/api/v1/inspections/{id}/ledger-import', {
      params: { path: { id }, query: { dryRun: dryRun ? 'true' : undefined } },
      ...fileBody(file),
    }),
  );

export type UnitFeedback = Schemas['FeedbackDto'];
/** 逐单位反馈日期 of an internal round; each starts the unit's plan and report deadlines. */
export const listFeedbacks = (id: string) =>
  unwrap(api.GET('/api/v1/inspections/{id}/feedbacks', { params: { path: { id }, query: { pageSize: 200 } } }));
/** Once per unit and round: a second time answers 409 (该单位本轮的反馈日期已登记). */
export const recordFeedback = (id: string, body: Schemas['CreateFeedbackDto']) =>
  unwrap(api.POST('/api/v1/inspections/{id}/feedbacks', { ...path(id), body }));
/** A date typed wrong: the deadlines move with it and the unit is told the reason. */
export const correctFeedback = (id: string, feedbackId: string, body: Schemas['CorrectFeedbackDto']) =>
  unwrap(api.PATCH('/api/v1/inspections/{id}/feedbacks/{feedbackId}', { params: { path: { id, feedbackId } }, body }));
