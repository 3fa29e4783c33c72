/** The dashboard's figures and the stored bulletins (reports); every figure takes the same filters. */
import { api, downloadUrl, unwrap, type Schemas } from './client';
import type { paths } from './schema';

type ClosureQuery = NonNullable<paths['/api/v1/reports/closure']['get']['parameters']['query']>;
export type ReportFilters = Omit<ClosureQuery, 'groupBy'>;
export type GroupBy = NonNullable<ClosureQuery['groupBy']>;
export type Interval = NonNullable<NonNullable<paths['/api/v1/reports/trend']['get']['parameters']['query']>['interval']>;
export type Overview = Schemas['OverviewDto'];
export type ClosureRow = Schemas['ClosureRowDto'];
export type MeasureRow = Schemas['ReportsMeasuresDto'];
export type TrendRow = Schemas['ReportsTrendDto'];
export type Bulletin = Schemas['ReportBulletinDto'];

export const overview = (query: ReportFilters = {}) => unwrap(api.GET('/api/v1/reports/overview', { params: { query } }));
export const closure = (groupBy: GroupBy, query: ReportFilters = {}) =>
  unwrap(api.GET('/api/v1/reports/closure', { params: { query: { ...query, groupBy } } }));
/** The trend up to `to` (the dashboard passes the overview's `asOf`, so the last point is the tiles' moment). */
export const trend = (interval: Interval, to?: string) => unwrap(api.GET('/api/v1/reports/trend', { params: { query: { interval, to } } }));
export const measures = (planId: string | undefined, query: ReportFilters = {}) =>
  unwrap(api.GET('/api/v1/reports/measures', { params: { query: { ...query, planId } } }));
export const bulletins = () => unwrap(api.GET('/api/v1/reports/bulletins'));
export const LEDGER_XLSX = downloadUrl('/api/v1/reports/ledger.xlsx');
