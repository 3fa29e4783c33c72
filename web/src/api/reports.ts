import { get } from './http';

export interface Overview {
  total: number;
  closed: number;
  submitted?: number;
  overdue: number;
  dueSoon: number;
  closureRate: number;
  onTimeRate: number;
}
export interface ClosureRow {
  key: string;
  label: string;
  total: number;
  closed: number;
  overdue: number;
  closureRate: number;
}
export interface MeasureRow {
  id?: string;
  measureId?: string;
  number: number;
  content: string;
  total: number;
  closed: number;
  overdue: number;
  closureRate: number;
  covered?: boolean;
}
export interface TrendRow {
  period: string;
  total: number;
  closed: number;
  overdue: number;
  closureRate: number | null;
  onTimeRate: number | null;
}

export const overview = () => get<Overview>('/reports/overview');
export const closure = (groupBy: string) => get<ClosureRow[]>('/reports/closure', { groupBy });
export const trend = (interval: string) => get<TrendRow[]>('/reports/trend', { interval });
export const measures = () => get<MeasureRow[]>('/reports/measures');
export const LEDGER_XLSX = '/api/v1/reports/ledger.xlsx';
