import { api, downloadUrl, unwrap, type Schemas } from './client';
import type { paths } from './schema';

export type Overview = Schemas['OverviewDto'];
export type ClosureRow = Schemas['ClosureRowDto'];
export type MeasureRow = Schemas['ReportsMeasuresDto'];
export type TrendRow = Schemas['ReportsTrendDto'];
export type GroupBy = NonNullable<NonNullable<paths['/api/v1/reports/closure']['get']['parameters']['query']>['groupBy']>;
export type Interval = NonNullable<NonNullable<paths['/api/v1/reports/trend']['get']['parameters']['query']>['interval']>;

export const overview = () => unwrap(api.GET('/api/v1/reports/overview'));
export const closure = (groupBy: GroupBy) => unwrap(api.GET('/api/v1/reports/closure', { params: { query: { groupBy } } }));
export const trend = (interval: Interval) => unwrap(api.GET('/api/v1/reports/trend', { params: { query: { interval } } }));
export const measures = () => unwrap(api.GET('/api/v1/reports/measures'));
export const LEDGER_XLSX = downloadUrl('/api/v1/reports/ledger.xlsx');
