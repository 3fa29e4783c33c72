import { get, upload, type Page } from './http';

export interface Inspection {
  id: string;
  kind: string;
  title: string;
}
export interface LedgerImportResult {
  findings?: unknown[] | number;
  items?: unknown[] | number;
  closedItems?: number;
  warnings?: { row?: number; column?: string; field?: string; message?: string }[];
  warningCount?: number;
}

export const listInspections = () => get<Inspection[] | Page<Inspection>>('/inspections');
export const importLedger = (id: string, file: File, dryRun: boolean) => {
  const form = new FormData();
  form.append('file', file);
  return upload<LedgerImportResult>(`/inspections/${id}/ledger-import${dryRun ? '?dryRun=true' : ''}`, form);
};
