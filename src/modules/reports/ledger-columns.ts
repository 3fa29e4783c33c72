import { escapeCsvText } from '../../common/csv-formula.js';

/**
 * The ledger (整改台账) columns as the office keeps them (domain.md), in order, with the Chinese
 * headers that the ledger import reads back. Header texts are the contract: do not rename.
 */
export const LEDGER_COLUMNS = [
  { key: 'serial', header: '序号', width: 7 },
  { key: 'source', header: '问题来源', width: 26 },
  { key: 'category', header: '问题类别', width: 14 },
  { key: 'problemCodes', header: '反馈问题编号', width: 14 },
  { key: 'description', header: '问题描述', width: 48 },
  { key: 'measureNumbers', header: '对应整改措施(编号)', width: 16 },
  { key: 'title', header: '整改事项', width: 36 },
  { key: 'actions', header: '整改措施', width: 48 },
  { key: 'unit', header: '责任单位', width: 20 },
  { key: 'owner', header: '责任人', width: 12 },
  { key: 'deadline', header: '整改时限', width: 13, date: true },
  { key: 'originalDeadline', header: '原定整改时限', width: 13, date: true },
  { key: 'type', header: '整改类型', width: 11 },
  { key: 'progress', header: '整改进展', width: 40 },
  { key: 'status', header: '完成情况', width: 11 },
  { key: 'closed', header: '是否销号', width: 9 },
  { key: 'closedOn', header: '销号日期', width: 13, date: true },
  { key: 'remark', header: '备注', width: 24 },
  { key: 'itemId', header: '事项编号', width: 38 },
] as const;

export type LedgerKey = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Record<LedgerKey, string | number | Date | null>;

/** RFC 4180 field quoting for the CSV variant; text cells are escaped against formula injection. */
export function csvField(v: string | number | Date | null): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'number' ? String(v) : escapeCsvText(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
