/** The Word documents (and workbooks) a bureau files: typed download addresses, same scope as their JSON. */
import { downloadUrl } from './client';
import type { paths } from './schema';

export type LedgerQuery = NonNullable<paths['/api/v1/reports/ledger.xlsx']['get']['parameters']['query']>;

export const closureFormDocx = (id: string) => downloadUrl('/api/v1/items/{id}/closure-form.docx', { path: { id } });
export const planReportDocx = (id: string) => downloadUrl('/api/v1/plans/{id}/report.docx', { path: { id } });
export const bulletinDocx = (day?: string) => downloadUrl('/api/v1/reports/bulletin.docx', { query: { day } });
export const storedBulletinDocx = (id: string) => downloadUrl('/api/v1/reports/bulletins/{id}.docx', { path: { id } });
export const storedBulletinXlsx = (id: string) => downloadUrl('/api/v1/reports/bulletins/{id}.xlsx', { path: { id } });
/** The ledger with the item list's filters (the export takes every filter GET /items does), never a page of it. */
export const ledgerXlsx = ({ page: _page, pageSize: _size, ...query }: LedgerQuery = {}) =>
  downloadUrl('/api/v1/reports/ledger.xlsx', { query });
