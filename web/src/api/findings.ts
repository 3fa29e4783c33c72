/* Findings (巡察发现问题) and what recording one needs: rounds, groups with their units, categories, measures. */
import { api, unwrap, type Schemas } from './client';

export type Finding = Schemas['FindingDto'];
export type FindingCategory = Schemas['FindingCategoryDto'];
export type Measure = Schemas['MeasureDto'];
export type Round = Schemas['InspectionDto'];
export type RoundDetail = Schemas['InspectionsGetDto'];
export type FindingQuery = {
  inspectionId?: string;
  unitId?: string;
  groupId?: string;
  category?: string;
  measureId?: string;
  /** Only the bureau and the groups may filter by it (a unit's filter matches everything it sees). */
  clueReferred?: boolean;
  page?: number;
  pageSize?: number;
};

export const listRounds = () => unwrap(api.GET('/api/v1/inspections', { params: { query: { kind: 'internal_round' } } }));
export const getRound = (id: string) => unwrap(api.GET('/api/v1/inspections/{id}', { params: { path: { id } } }));
export const listCategories = () => unwrap(api.GET('/api/v1/finding-categories'));
export const listMeasures = (planId: string) => unwrap(api.GET('/api/v1/plans/{id}/measures', { params: { path: { id: planId } } }));
export const listFindings = (query: FindingQuery) => unwrap(api.GET('/api/v1/findings', { params: { query } }));
export const createFinding = (body: Schemas['CreateFindingDto']) => unwrap(api.POST('/api/v1/findings', { body }));
/** 问题线索移交: once per finding, by a member of the group that recorded it (or the office). */
export const referClue = (id: string, note: string) =>
  unwrap(api.POST('/api/v1/findings/{id}/clue-referral', { params: { path: { id } }, body: { note } }));
