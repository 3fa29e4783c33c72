import { get, post, upload, type Page } from './http';

export interface Plan {
  id: string;
  title: string;
  documentNo?: string | null;
}
export interface ImportResult {
  feedbackProblems?: unknown[] | number;
  measures?: unknown[] | number;
  warnings?: { row?: number; column?: string; field?: string; message?: string }[];
  warningCount?: number;
}

export const listPlans = () => get<Plan[] | Page<Plan>>('/plans');
export const importPlan = (id: string, file: File, dryRun: boolean) => {
  const form = new FormData();
  form.append('file', file);
  return upload<ImportResult>(`/plans/${id}/import${dryRun ? '?dryRun=true' : ''}`, form);
};

export const createPlan = (f: { inspectionId: string; title: string; documentNo?: string }) => post<Plan>('/plans', f);
