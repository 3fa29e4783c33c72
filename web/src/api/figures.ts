/** The dashboard's figures (reports), through the typed client; every call takes the same filters. */
import { api, unwrap, type Schemas } from './client';
import type { operations } from './schema';

export type ReportFilters = Omit<NonNullable<operations['Reports_closure']['parameters']['query']>, 'groupBy'>;
export type ClosureGroup = NonNullable<NonNullable<operations['Reports_closure']['parameters']['query']>['groupBy']>;
export type Overview = Schemas['OverviewDto'];
export type ClosureRow = Schemas['ClosureRowDto'];
export type MeasureRow = Schemas['ReportsMeasuresDto'];
export type TrendRow = Schemas['ReportsTrendDto'];

export const overview = (query: ReportFilters) => unwrap(api.GET('/api/v1/reports/overview', { params: { query } }));
export const closure = (groupBy: ClosureGroup, query: ReportFilters) =>
  unwrap(api.GET('/api/v1/reports/closure', { params: { query: { ...query, groupBy } } }));
export const trend = (interval: 'day' | 'week' | 'month', to?: string) =>
  unwrap(api.GET('/api/v1/reports/trend', { params: { query: { interval, to } } }));
export const measures = (planId: string | undefined, query: ReportFilters) =>
  unwrap(api.GET('/api/v1/reports/measures', { params: { query: { ...query, planId } } }));
export const bulletins = () => unwrap(api.GET('/api/v1/reports/bulletins'));
export type Bulletin = Schemas['ReportBulletinDto'];
