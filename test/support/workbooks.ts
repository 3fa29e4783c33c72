import ExcelJS from 'exceljs';

/** The 整改台账 columns as offices head them (the ledger import reads them by name). */
export const LEDGER_HEADER = [
  '序号',
  '问题来源',
  '问题描述',
  '对应整改措施（编号）',
  '整改措施',
  '责任单位',
  '责任人',
  '整改时限',
  '整改类型',
  '整改进展',
  '完成情况',
  '是否销号',
  '备注',
];

/** An .xlsx file of one sheet, built by `build`. */
export async function xlsxOf(sheetName: string, build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet(sheetName));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A ledger as offices keep it: a merged title row, the header, then `rows` (and any merges, e.g. a problem down its items). */
export function ledgerWorkbook(rows: (string | number | null)[][], merges: string[] = []): Promise<Buffer> {
  return xlsxOf('整改台账', (ws) => {
    ws.addRow(['2026年第一轮巡察整改台账']);
    ws.mergeCells('A1:M1');
    ws.addRow(LEDGER_HEADER);
    for (const r of rows) ws.addRow(r);
    for (const m of merges) ws.mergeCells(m);
  });
}
