import { unescapeCsvText } from '../../../common/csv-formula.js';
import { normalizeWidth } from '../../inspections/problem-code.js';
import type { RectificationType } from '../../plans/measure.entity.js';
import { ITEM_STATUS_LABELS } from '../../rectification/item-lifecycle.js';
import { parseDeadlineText, parseRectificationType, type DeadlineContext } from '../../plans/import/deadline-text.js';
import {
  categoryOf,
  findHeader,
  isBlank,
  parseSerial,
  stripCategoryNumbering,
  type ColumnSpec,
  type ImportProblem,
  type SheetRow,
} from '../../plans/import/sheet.js';

type LedgerColumn =
  | 'number'
  | 'source'
  | 'category'
  | 'description'
  | 'measureRefs'
  | 'actions'
  | 'unit'
  | 'owner'
  | 'deadline'
  | 'type'
  | 'progress'
  | 'completion'
  | 'closed'
  | 'remark';

/** The 整改台账 columns (domain.md); found by name, in any order. */
export const LEDGER_COLUMNS: ColumnSpec<LedgerColumn>[] = [
  { key: 'number', label: '序号', aliases: ['序号'], required: false },
  { key: 'source', label: '问题来源', aliases: ['问题来源', '来源'], required: false },
  { key: 'category', label: '问题类别', aliases: ['问题类别', '类别'], required: false },
  { key: 'description', label: '问题描述', aliases: ['问题描述', '发现问题', '存在问题', '问题'], required: true },
  {
    key: 'measureRefs',
    label: '对应整改措施(编号)',
    aliases: ['对应整改措施(编号)', '对应整改措施编号', '对应整改措施', '整改措施编号', '对应措施编号', '对应措施'],
    required: true,
  },
  { key: 'actions', label: '整改措施', aliases: ['整改措施', '具体整改措施'], required: false },
  { key: 'unit', label: '责任单位', aliases: ['责任单位', '整改责任单位'], required: true },
  { key: 'owner', label: '责任人', aliases: ['责任人', '整改责任人'], required: false },
  { key: 'deadline', label: '整改时限', aliases: ['整改时限', '完成时限', '整改期限'], required: true },
  { key: 'type', label: '整改类型', aliases: ['整改类型'], required: false },
  { key: 'progress', label: '整改进展', aliases: ['整改进展', '整改进度'], required: false },
  { key: 'completion', label: '完成情况', aliases: ['完成情况'], required: false },
  { key: 'closed', label: '是否销号', aliases: ['是否销号', '销号情况'], required: false },
  { key: 'remark', label: '备注', aliases: ['备注'], required: false },
];

export interface LedgerItemRow {
  row: number;
  title: string;
  actions: string | null;
  ownerText: string | null;
  deadline: string;
  rectificationType: RectificationType;
  closed: boolean;
  progressNote: string | null;
  /** A trailing "（60%）" of the progress cell, as our own ledger export writes it. */
  progressPercent: number | null;
}

export interface LedgerFindingRows {
  row: number;
  description: string;
  source: string | null;
  categoryHint: string | null;
  unitText: string;
  measureNumbers: number[];
  items: LedgerItemRow[];
}

export interface LedgerSheetResult {
  findings: LedgerFindingRows[];
  warnings: ImportProblem[];
  errors: ImportProblem[];
  /** Column header names as the sheet wrote them, for errors found later against the database. */
  columnNames: Record<'unit' | 'measureRefs' | 'owner' | 'category', string>;
}

export interface LedgerOptions extends DeadlineContext {
  /** The date a long-term item without a stated date is given (items need a deadline). */
  longTermDate: string;
  /** The sheet came from a CSV: undo the `'` our CSV export puts before formula-like text. */
  csv?: boolean;
}

const SEPARATORS = /[、，,;；\s/]+/;
const YES = /^(是|已销号|销号|y|yes|true|√)$/i;
const STATUS_LABELS = new Set(Object.values(ITEM_STATUS_LABELS));
const NO = /^(否|未销号|n|no|false|×)?$/i;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Reads a 整改台账: one row per rectification item; consecutive rows with the same problem
 * description (usually merged down) at the same unit form one finding. Pure: units, measures and
 * owners are resolved by the service; this checks the shape of every cell.
 */
export function parseLedgerSheet(rows: SheetRow[], options: LedgerOptions): LedgerSheetResult {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const header = findHeader(rows, LEDGER_COLUMNS);
  const label = (key: LedgerColumn) => header?.labels.get(key) ?? LEDGER_COLUMNS.find((c) => c.key === key)!.label;
  const columnNames = { unit: label('unit'), measureRefs: label('measureRefs'), owner: label('owner'), category: label('category') };
  if (!header) {
    const required = LEDGER_COLUMNS.filter((c) => c.required).map((c) => c.label);
    return {
      findings: [],
      warnings,
      errors: [{ row: 1, column: '', message: `未找到表头：须包含列 ${required.join('、')}` }],
      columnNames,
    };
  }
  const cell = (r: SheetRow, key: LedgerColumn) => {
    const at = header.index.get(key);
    if (at === undefined) return '';
    const text = r.cells[at] ?? '';
    return (options.csv ? unescapeCsvText(text) : text).trim();
  };
  const findings: LedgerFindingRows[] = [];
  let category: string | null = null;

  for (const r of rows) {
    if (r.rowNumber <= header.headerRow || isBlank(r.cells)) continue;
    const heading = categoryOf(r.cells);
    if (heading) {
      category = heading;
      continue;
    }
    const description = cell(r, 'description');
    const actions = cell(r, 'actions');
    const unitText = cell(r, 'unit');
    const refs = cell(r, 'measureRefs');
    const deadlineText = cell(r, 'deadline');
    // Only merged cells reach into it: a stray blank row.
    if (!actions && !refs && !deadlineText && !cell(r, 'number')) continue;
    const rowErrors: ImportProblem[] = [];
    const err = (key: LedgerColumn, message: string) => rowErrors.push({ row: r.rowNumber, column: label(key), message });

    if (!description) err('description', '问题描述为空');
    else if (description.length > 5000) err('description', '问题描述过长（最多5000字）');
    if (!unitText) err('unit', '责任单位为空');
    const measureNumbers: number[] = [];
    if (!refs) err('measureRefs', '对应整改措施编号为空');
    for (const part of refs.split(SEPARATORS).filter(Boolean)) {
      const n = parseSerial(part.replace(/^第|条$/g, ''));
      if (n === null) err('measureRefs', `整改措施编号“${part}”无效（应如 46、48）`);
      else if (!measureNumbers.includes(n)) measureNumbers.push(n);
    }

    let type: RectificationType | null = null;
    const typeText = cell(r, 'type');
    if (typeText) {
      type = parseRectificationType(normalizeWidth(typeText));
      if (!type) err('type', `整改类型“${typeText}”无效（立行立改、限期整改、长期坚持）`);
    }
    let deadline: string | null = null;
    const parsed = parseDeadlineText(deadlineText, options);
    if (!parsed) {
      if (type === 'immediate' && options.immediateDate) deadline = options.immediateDate;
      else err('deadline', '整改时限为空');
    } else if (!parsed.ok) err('deadline', parsed.message);
    else {
      type = type ?? parsed.type;
      deadline = parsed.deadline ?? (parsed.type === 'immediate' ? options.immediateDate : null);
    }
    type = type ?? 'time_limited';
    if (!deadline && parsed?.ok) {
      if (type === 'long_term') {
        deadline = options.longTermDate;
        warnings.push({
          row: r.rowNumber,
          column: label('deadline'),
          message: `长期坚持事项未写日期，阶段性时限记为${options.longTermDate}`,
        });
      } else err('deadline', `整改时限“${deadlineText}”没有可用的日期`);
    }

    const closedText = normalizeWidth(cell(r, 'closed'));
    const closed = YES.test(closedText);
    if (!closed && !NO.test(closedText)) err('closed', `是否销号“${closedText}”无效（是／否）`);
    const owner = cell(r, 'owner');
    if (owner.length > 100) err('owner', '责任人过长（最多100字）');
    // The same caps as the item API's fields (actions, progress note).
    if (actions.length > 10000) err('actions', '整改措施过长（最多10000字）');
    if (cell(r, 'progress').length + cell(r, 'completion').length > 10000) err('progress', '整改进展与完成情况过长（合计最多10000字）');

    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    // Our export writes the progress as "note（60%）" and 完成情况 as the item's status label: the
    // percent goes back to its field, and a bare status label is no progress (是否销号 carries closure).
    const progressCell = cell(r, 'progress');
    const percentMatch = /^(.*?)\s*[（(]\s*(\d{1,3})\s*[%％]\s*[）)]$/s.exec(progressCell);
    const progressPercent = percentMatch && Number(percentMatch[2]) <= 100 ? Number(percentMatch[2]) : null;
    const completion = cell(r, 'completion');
    const progressParts = [
      progressPercent !== null ? percentMatch![1] : progressCell,
      STATUS_LABELS.has(completion) ? '' : completion,
    ].filter(Boolean);
    const item: LedgerItemRow = {
      row: r.rowNumber,
      title: truncate(actions || description, 300),
      actions: actions || null,
      ownerText: owner || null,
      deadline: deadline!,
      rectificationType: type,
      closed,
      progressNote: progressParts.length ? progressParts.join('；') : null,
      progressPercent: progressParts.length ? progressPercent : null,
    };
    const last = findings[findings.length - 1];
    if (last && last.description === description && last.unitText === unitText) {
      last.items.push(item);
      for (const n of measureNumbers) if (!last.measureNumbers.includes(n)) last.measureNumbers.push(n);
    } else {
      const categoryCell = cell(r, 'category');
      findings.push({
        row: r.rowNumber,
        description,
        source: cell(r, 'source') || null,
        categoryHint: categoryCell ? stripCategoryNumbering(categoryCell) : category,
        unitText,
        measureNumbers,
        items: [item],
      });
    }
  }
  if (errors.length === 0 && findings.length === 0) errors.push({ row: header.headerRow, column: '', message: '表头下没有任何整改事项' });
  errors.sort((a, b) => a.row - b.row);
  return { findings, warnings, errors, columnNames };
}
