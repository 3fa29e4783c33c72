import { get, post, upload, type Page } from './http';

export interface ItemRow {
  id: string;
  title: string;
  status: string;
  light?: string | null;
  lateLabel?: string | null;
  rectificationType: string;
  finding?: { category?: string; description?: string } | null;
  unit?: { id: string; name: string } | null;
  owner?: { id: string; displayName: string } | null;
  deadline: string;
  originalDeadline: string;
  progressPercent?: number | null;
  overdue?: boolean;
  daysOverdue?: number;
  daysLeft?: number | null;
  returned?: boolean;
  latestReturn?: { reason: string; at: string; by?: { name?: string } } | null;
  escalationLevel?: number;
}

export interface Evidence {
  id: string;
  originalName: string;
  mimeType: string;
  size: number | string;
  createdAt: string;
}

export interface ItemDetail extends ItemRow {
  version: number;
  actions?: string | null;
  availableActions?: string[];
  canWork?: boolean;
  progress?: { id: string; note: string; percent?: number | null; createdAt: string }[];
  evidence?: Evidence[];
  extensions?: { id: string; newDeadline: string; currentDeadline: string; reason: string; status: string; comment?: string | null; createdAt: string }[];
}

export type ItemQuery = Record<string, string | number | undefined>;

export const listItems = (query: ItemQuery) => get<Page<ItemRow>>('/items', query);
export const getItem = (id: string) => get<ItemDetail>(`/items/${id}`);
export const getTrace = (id: string) => get<Trace>(`/items/${id}/trace`);
export const getHistory = (id: string) =>
  get<{ at: string; action: string; actionLabel?: string; actor?: { username?: string; displayName?: string }; after?: { reason?: string } }[]>(
    `/items/${id}/history`,
  );
export const transition = (id: string, action: string, version: number, reason?: string) =>
  post<ItemDetail>(`/items/${id}/transitions`, { action, version, reason });
export const reportProgress = (id: string, note: string, percent?: number) => post(`/items/${id}/progress`, { note, percent });
export const uploadEvidence = (id: string, file: File) => {
  const form = new FormData();
  form.append('file', file);
  return upload<Evidence>(`/items/${id}/evidence`, form);
};
export const requestExtension = (id: string, newDeadline: string, reason: string) => post(`/items/${id}/extensions`, { newDeadline, reason });
export const evidenceUrl = (id: string) => `/api/v1/evidence/${id}/download`;

export interface Trace {
  item?: { title: string };
  inspection?: { title: string } | null;
  batch?: { number: number } | null;
  group?: { name: string } | null;
  finding?: { category?: string; description?: string } | null;
  findingUnit?: { name: string } | null;
  measures?: {
    id: string;
    number: number;
    content: string;
    feedbackProblems?: { code: string; description: string; inspection?: { id: string; title: string; inspectingBody?: string } }[];
  }[];
}
