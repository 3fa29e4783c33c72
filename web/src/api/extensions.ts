import { get, post, type Page } from './http';

export interface ExtensionRow {
  id: string;
  item?: { id: string; title: string };
  itemId?: string;
  currentDeadline: string;
  newDeadline: string;
  reason: string;
  createdAt: string;
}

export const pendingExtensions = () => get<ExtensionRow[] | Page<ExtensionRow>>('/extensions', { status: 'pending' });
export const decideExtension = (id: string, approve: boolean, comment?: string) => post(`/extensions/${id}/decision`, { approve, comment });
