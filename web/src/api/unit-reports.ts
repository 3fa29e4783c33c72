/* A unit's 整改情况报告: written and handed in with attachments; accepted or returned by the office. */
import { api, unwrap, type Schemas } from './client';

export type UnitReport = Schemas['UnitReportResponseDto'];
export type UnitReportDetail = Schemas['UnitReportDetailDto'];
export type UnitReportQuery = {
  inspectionId?: string;
  unitId?: string;
  status?: 'submitted' | 'accepted' | 'returned';
  page?: number;
  pageSize?: number;
};

export const listUnitReports = (query: UnitReportQuery) => unwrap(api.GET('/api/v1/unit-reports', { params: { query } }));
export const getUnitReport = (id: string) => unwrap(api.GET('/api/v1/unit-reports/{id}', { params: { path: { id } } }));
export const createUnitReport = (body: Schemas['CreateUnitReportDto']) => unwrap(api.POST('/api/v1/unit-reports', { body }));
export const attachToReport = (id: string, file: File) =>
  unwrap(
    api.POST('/api/v1/unit-reports/{id}/files', {
      params: { path: { id } },
      body: { file: file as unknown as string },
      bodySerializer: (b) => {
        const form = new FormData();
        form.append('file', b.file as unknown as Blob);
        return form;
      },
    }),
  );
export const decideUnitReport = (id: string, accept: boolean, comment?: string) =>
  unwrap(api.POST('/api/v1/unit-reports/{id}/decision', { params: { path: { id } }, body: { accept, comment } }));
export const reportFileUrl = (id: string, fileId: string) =>
  `/api/v1/unit-reports/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`;
