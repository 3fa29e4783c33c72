import { get, type Page } from './http';

export interface SecurityEvent {
  id: string;
  kind: string;
  kindLabel: string;
  username: string | null;
  ip: string;
  method: string;
  path: string;
  status: number;
  count: number;
  at: string;
}

export const listSecurityEvents = (q: { kind?: string; from?: string; to?: string; page: number; pageSize: number }) =>
  get<Page<SecurityEvent>>('/security-events', q);
