import { api, downloadUrl, fileBody, unwrap, type Schemas } from './client';
import type { paths } from './schema';

export type ItemRow = Schemas['ItemListEntryDto'];
export type ItemDetail = Schemas['ItemDetailDto'];
export type Evidence = Schemas['EvidenceEntryDto'];
export type Trace = Schemas['ItemsTraceDto'];
export type HistoryEntry = Schemas['ItemsHistoryDto'];
export type ItemAction = Schemas['TransitionDto']['action'];
export type ItemQuery = NonNullable<paths['/api/v1/items']['get']['parameters']['query']>;

const path = (id: string) => ({ params: { path: { id } } });

export const listItems = (query: ItemQuery) => unwrap(api.GET('/api/v1/items', { params: { query } }));
export const getItem = (id: string) => unwrap(api.GET('/api/v1/items/{id}', path(id)));
export const getTrace = (id: string) => unwrap(api.GET('/api/v1/items/{id}/trace', path(id)));
export const getHistory = (id: string) => unwrap(api.GET('/api/v1/items/{id}/history', path(id)));
/** `explanation`: the written explanation (书面说明) sent with 申请销号 in place of, or with, evidence. */
export const transition = (id: string, action: ItemAction, version: number, reason?: string, explanation?: string) =>
  unwrap(api.POST('/api/v1/items/{id}/transitions', { ...path(id), body: { action, version, reason, explanation } }));
export const reportProgress = (id: string, note: string, percent?: number) =>
  unwrap(api.POST('/api/v1/items/{id}/progress', { ...path(id), body: { note, percent } }));
export const uploadEvidence = (id: string, file: File) =>
  unwrap(api.POST('/api/v1/items/{id}/evidence', { ...path(id), ...fileBody(file) }));
export const requestExtension = (id: string, newDeadline: string, reason: string) =>
  unwrap(api.POST('/api/v1/items/{id}/extensions', { ...path(id), body: { newDeadline, reason } }));
export const deleteEvidence = (id: string, evidenceId: string) =>
  unwrap(api.DELETE('/api/v1/items/{id}/evidence/{evidenceId}', { params: { path: { id, evidenceId } } }));
export const evidenceUrl = (id: string) => downloadUrl('/api/v1/evidence/{id}/download', { path: { id } });
