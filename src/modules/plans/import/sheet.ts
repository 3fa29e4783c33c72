import { normalizeWidth } from '../../inspections/problem-code.js';
import { CsvSyntaxError, decodeText, parseCsv, type CsvLimits } from './csv.js';

/** One spreadsheet row as text, numbered as the spreadsheet shows it (1-based). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

/** A problem in an uploaded sheet: the row the user sees and the header name of the column. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export class SheetReadError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
  }
}

export type SheetFormat = 'xlsx' | 'csv';

/** Decide the format from the bytes (an xlsx is a zip), falling back to the name for CSV. */
export function detectFormat(buffer: Buffer, fileName: string, mimeType: string): SheetFormat | 'xls' | null {
  if (buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04) return 'xlsx';
  if (buffer.length >= 4 && buffer[0] === 0xd0 && buffer[1] === 0xcf && buffer[2] === 0x11 && buffer[3] === 0xe0) return 'xls';
  const looksCsv = /\.csv$/i.test(fileName) || /^(text\/(csv|plain)|application\/(csv|vnd\.ms-excel))$/i.test(mimeType);
  if (looksCsv && !buffer.subarray(0, 4096).includes(0)) return 'csv';
  return null;
}

/** A CSV's rows as text; the caps are checked while parsing, so a huge file stops at the first record beyond them. */
export function readCsv(buffer: Buffer, limits: CsvLimits): { rows: SheetRow[]; encoding: string } {
  const { text, encoding } = decodeText(buffer);
  try {
    const records = parseCsv(text, limits);
    return { rows: records.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c.trim()) })), encoding };
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new SheetReadError({ row: e.row, column: '', message: e.message });
    throw e;
  }
}

/** Header text compared loosely: no spaces or line breaks, half-width brackets, case-insensitive. */
export function normalizeHeader(text: string): string {
  return normalizeWidth(text)
    .replace(/[\s\u00a0]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

export interface ColumnSpec<K extends string> {
  key: K;
  /** The header name reported in errors. */
  label: string;
  aliases: string[];
  required: boolean;
}

export interface HeaderMatch<K extends string> {
  headerRow: number;
  index: Map<K, number>;
  labels: Map<K, string>;
}

/**
 * Finds the header row by names (title rows may precede it, column order is free, unknown columns
 * are ignored): the first row within the first 30 that holds every required header.
 */
export function findHeader<K extends string>(rows: SheetRow[], specs: ColumnSpec<K>[]): HeaderMatch<K> | null {
  for (const row of rows.slice(0, 30)) {
    const names = row.cells.map(normalizeHeader);
    const index = new Map<K, number>();
    const labels = new Map<K, string>();
    for (const spec of specs) {
      const wanted = spec.aliases.map(normalizeHeader);
      const at = names.findIndex((n) => wanted.includes(n));
      if (at >= 0) {
        index.set(spec.key, at);
        labels.set(spec.key, row.cells[at]);
      }
    }
    // A merged title row repeats one text across all columns; it never matches several headers.
    if (specs.every((s) => !s.required || index.has(s.key))) return { headerRow: row.rowNumber, index, labels };
  }
  return null;
}

const CATEGORY_ROW = /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)])\s*/;

/** `一、党的政治建设方面` or `（一）…` alone on its row (merged across it or in one cell): the category it names. */
export function categoryOf(cells: string[]): string | null {
  const values = [...new Set(cells.filter((c) => c !== ''))];
  if (values.length !== 1) return null;
  const text = normalizeWidth(values[0]).trim();
  if (!CATEGORY_ROW.test(text)) return null;
  return text.replace(CATEGORY_ROW, '').trim() || null;
}

/** Strip a leading `一、` / `（一）` numbering from a category cell. */
export function stripCategoryNumbering(text: string): string {
  return normalizeWidth(text).trim().replace(CATEGORY_ROW, '').trim();
}

export function isBlank(cells: string[]): boolean {
  return cells.every((c) => c === '');
}

/** `１２`, `12`, `12.`, `12、` → 12; anything else null. */
export function parseSerial(text: string): number | null {
  const m = /^(\d{1,5})[.、．]?$/.exec(normalizeWidth(text).trim());
  return m ? Number(m[1]) : null;
}
