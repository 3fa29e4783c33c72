import { get, post, upload, type Page } from './http';

export interface Inspection {
  id: string;
  kind: string;
  title: string;
  inspectingBody?: string | null;
  startDate?: string;
  endDate?: string;
  feedbackDate?: string | null;
  planId?: string | null;
}
export interface FeedbackProblem {
  id: string;
  code: string;
  category: string;
  description: string;
}
export interface Batch {
  id: string;
  number: number;
  startDate: string;
  endDate: string;
}
export interface Group {
  id: string;
  name: string;
  batchId: string | null;
  leader: { id: string; displayName: string } | null;
  members: { id: string; displayName: string }[];
  units: { id: string; code: string; name: string }[];
}
export interface InspectionDetail extends Inspection {
  feedbackProblems: FeedbackProblem[];
  batches: Batch[];
  groups: Group[];
  plans?: { id: string; title: string; documentNo?: string | null }[];
}
export interface LedgerImportResult {
  findings?: unknown[] | number;
  items?: unknown[] | number;
  closedItems?: number;
  warnings?: { row?: number; column?: string; field?: string; message?: string }[];
  warningCount?: number;
}

export const listInspections = () => get<Inspection[] | Page<Inspection>>('/inspections');
export const getInspection = (id: string) => get<InspectionDetail>(`/inspections/${id}`);
export const createInspection = (f: Omit<Inspection, 'id'>) => post<Inspection>('/inspections', f);
export const addFeedbackProblem = (id: string, f: Omit<FeedbackProblem, 'id'>) => post<FeedbackProblem>(`/inspections/${id}/feedback-problems`, f);
export const addBatch = (id: string, f: Omit<Batch, 'id'>) => post<Batch>(`/inspections/${id}/batches`, f);
export const addGroup = (id: string, f: { name: string; leaderId?: string; memberIds?: string[]; batchId?: string; unitIds: string[] }) =>
  post<Group>(`/inspections/${id}/groups`, f);
export const importLedger = (id: string, file: File, dryRun: boolean) => {
  const form = new FormData();
  form.append('file', file);
  return upload<LedgerImportResult>(`/inspections/${id}/ledger-import${dryRun ? '?dryRun=true' : ''}`, form);
};
