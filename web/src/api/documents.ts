/** The Word documents (and workbooks) a bureau files: plain download links, same scope as their JSON. */
export const closureFormDocx = (itemId: string) => `/api/v1/items/${itemId}/closure-form.docx`;
export const planReportDocx = (planId: string) => `/api/v1/plans/${planId}/report.docx`;
export const supervisionNoticeDocx = (noticeId: string) => `/api/v1/supervision-notices/${noticeId}.docx`;
export const bulletinDocx = (day?: string) => `/api/v1/reports/bulletin.docx${day ? `?day=${day}` : ''}`;
export const storedBulletinDocx = (id: string) => `/api/v1/reports/bulletins/${id}.docx`;
export const storedBulletinXlsx = (id: string) => `/api/v1/reports/bulletins/${id}.xlsx`;
export const unitPlanDocx = (id: string) => `/api/v1/unit-plans/${id}/export.docx`;
/** The ledger with the item list's filters (the export takes every filter GET /items does). */
export const ledgerXlsx = (query: Record<string, string>) => {
  const q = new URLSearchParams(Object.entries(query).filter(([k, v]) => v && k !== 'page' && k !== 'pageSize'));
  const s = q.toString();
  return `/api/v1/reports/ledger.xlsx${s ? `?${s}` : ''}`;
};
