import { normalizeProblemCode, normalizeWidth } from '../../inspections/problem-code.js';
import type { RectificationType } from '../measure.entity.js';
import { parseDeadlineText, type DeadlineContext } from './deadline-text.js';
import {
  categoryOf,
  findHeader,
  isBlank,
  parseSerial,
  stripCategoryNumbering,
  type ColumnSpec,
  type ImportProblem,
  type SheetRow,
} from './sheet.js';

type PlanColumn =
  'number' | 'category' | 'problemCode' | 'problem' | 'content' | 'related' | 'leader' | 'leadDepartment' | 'cooperating' | 'deadline';

export const PLAN_COLUMNS: ColumnSpec<PlanColumn>[] = [
  { key: 'number', label: '序号', aliases: ['序号', '措施序号', '编号'], required: true },
  { key: 'category', label: '问题类别', aliases: ['问题类别', '类别', '问题分类'], required: false },
  { key: 'problemCode', label: '反馈问题编号', aliases: ['反馈问题编号', '问题编号'], required: false },
  { key: 'problem', label: '反馈问题', aliases: ['反馈问题', '巡视反馈问题', '存在问题'], required: true },
  { key: 'content', label: '整改措施', aliases: ['整改措施', '具体整改措施'], required: true },
  { key: 'related', label: '关联问题', aliases: ['关联问题编号', '关联问题', '关联反馈问题', '关联问题(编号)'], required: false },
  { key: 'leader', label: '责任领导', aliases: ['责任领导', '牵头领导'], required: false },
  { key: 'leadDepartment', label: '牵头部门', aliases: ['牵头部门', '牵头单位', '责任部门'], required: false },
  { key: 'cooperating', label: '配合部门', aliases: ['配合部门', '配合单位', '协办部门'], required: false },
  { key: 'deadline', label: '完成时限', aliases: ['完成时限', '整改时限', '完成时间', '时限'], required: true },
];

export interface ParsedProblem {
  code: string;
  category: string;
  description: string;
  row: number;
}

export interface ParsedMeasure {
  row: number;
  number: number;
  content: string;
  problemCode: string;
  relatedCodes: string[];
  responsibleLeader: string | null;
  leadDepartment: string | null;
  cooperatingDepartments: string | null;
  deadline: string | null;
  deadlineText: string | null;
  rectificationType: RectificationType;
}

export interface PlanSheetResult {
  problems: ParsedProblem[];
  measures: ParsedMeasure[];
  warnings: ImportProblem[];
  errors: ImportProblem[];
}

export interface PlanSheetOptions extends DeadlineContext {
  /** Feedback problems the inspection already has: a related code may point at one of them. */
  knownCodes?: Iterable<string>;
}

const PROBLEM_CELL = /^(\d{1,3}(?:\s*[.-]\s*\d{1,3}){1,2})\s*[、.:：]?\s*([\s\S]*)$/;
const CODE_SEPARATORS = /[、，,;；\s/]+/;

function limit(value: string, max: number, row: number, column: string, errors: ImportProblem[]): string | null {
  if (value === '') return null;
  if (value.length > max) {
    errors.push({ row, column, message: `内容过长（最多${max}个字）` });
    return null;
  }
  return value;
}

/**
 * Reads a rectification plan laid out as offices do (see fixtures/): finds the header by name,
 * follows category rows, reads problems either as `1.1 文字` in one cell or as code + text
 * columns, and every measure's related problems and deadline. Pure: no I/O. Everything wrong is
 * collected with its row and column, so the user fixes the sheet in one pass.
 */
export function parsePlanSheet(rows: SheetRow[], options: PlanSheetOptions): PlanSheetResult {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const header = findHeader(rows, PLAN_COLUMNS);
  if (!header) {
    const required = PLAN_COLUMNS.filter((c) => c.required).map((c) => c.label);
    return {
      problems: [],
      measures: [],
      warnings,
      errors: [{ row: 1, column: '', message: `未找到表头：须包含列 ${required.join('、')}` }],
    };
  }
  const col = (key: PlanColumn) => header.labels.get(key) ?? PLAN_COLUMNS.find((c) => c.key === key)!.label;
  const cell = (r: SheetRow, key: PlanColumn) => {
    const at = header.index.get(key);
    return at === undefined ? '' : (r.cells[at] ?? '').trim();
  };

  const problems = new Map<string, ParsedProblem>();
  const measures: ParsedMeasure[] = [];
  const numbers = new Map<number, number>();
  let category: string | null = null;
  let warnedNoCategory = false;
  const relatedChecks: { row: number; codes: string[] }[] = [];

  for (const r of rows) {
    if (r.rowNumber <= header.headerRow) continue;
    if (isBlank(r.cells)) continue;
    const heading = categoryOf(r.cells);
    if (heading) {
      category = heading;
      continue;
    }
    const serial = cell(r, 'number');
    const content = cell(r, 'content');
    // A row whose own cells are empty (only a merged problem reaches into it) is a stray blank row.
    if (serial === '' && content === '') continue;
    const rowErrors: ImportProblem[] = [];
    const number = parseSerial(serial);
    if (number === null || number < 1)
      rowErrors.push({ row: r.rowNumber, column: col('number'), message: serial ? `序号“${serial}”不是正整数` : '序号为空' });
    else if (numbers.has(number))
      rowErrors.push({ row: r.rowNumber, column: col('number'), message: `序号${number}与第${numbers.get(number)}行重复` });
    if (content === '') rowErrors.push({ row: r.rowNumber, column: col('content'), message: '整改措施为空' });
    else if (content.length > 5000) rowErrors.push({ row: r.rowNumber, column: col('content'), message: '整改措施过长（最多5000字）' });

    // The problem: a code column plus a text column, or `1.1 文字` in one cell.
    let code: string | null = null;
    let description = cell(r, 'problem');
    if (header.index.has('problemCode') && cell(r, 'problemCode') !== '') {
      code = normalizeProblemCode(cell(r, 'problemCode'));
      if (!code)
        rowErrors.push({
          row: r.rowNumber,
          column: col('problemCode'),
          message: `反馈问题编号“${cell(r, 'problemCode')}”无效（应如 1-1）`,
        });
      const inline = PROBLEM_CELL.exec(normalizeWidth(description));
      if (inline && code && normalizeProblemCode(inline[1]) === code) description = inline[2].trim();
    } else {
      const inline = PROBLEM_CELL.exec(normalizeWidth(description));
      if (inline) {
        code = normalizeProblemCode(inline[1]);
        description = inline[2].trim();
      } else {
        rowErrors.push({
          row: r.rowNumber,
          column: description ? col('problem') : col(header.index.has('problemCode') ? 'problemCode' : 'problem'),
          message: description ? `反馈问题“${description.slice(0, 20)}”缺少编号（应如“1.1 问题描述”）` : '反馈问题为空',
        });
      }
    }
    if (code && description === '') rowErrors.push({ row: r.rowNumber, column: col('problem'), message: '反馈问题描述为空' });
    else if (description.length > 5000)
      rowErrors.push({ row: r.rowNumber, column: col('problem'), message: '反馈问题描述过长（最多5000字）' });

    let problemCategory = cell(r, 'category') ? stripCategoryNumbering(cell(r, 'category')) : category;
    if (!problemCategory) {
      problemCategory = '未分类';
      if (!warnedNoCategory)
        warnings.push({ row: r.rowNumber, column: col('category'), message: '未找到问题类别（如“一、…”行），记为“未分类”' });
      warnedNoCategory = true;
    }
    if (problemCategory.length > 100) rowErrors.push({ row: r.rowNumber, column: col('category'), message: '问题类别过长（最多100字）' });

    const relatedText = cell(r, 'related');
    const relatedCodes: string[] = [];
    for (const part of relatedText.split(CODE_SEPARATORS).filter(Boolean)) {
      const related = normalizeProblemCode(part);
      if (!related) rowErrors.push({ row: r.rowNumber, column: col('related'), message: `关联问题编号“${part}”无效（应如 6-2 或 6.2）` });
      else if (related !== code && !relatedCodes.includes(related)) relatedCodes.push(related);
    }

    const deadlineCell = cell(r, 'deadline');
    const deadline = parseDeadlineText(deadlineCell, options);
    if (deadline && !deadline.ok) rowErrors.push({ row: r.rowNumber, column: col('deadline'), message: deadline.message });
    if (!deadline) warnings.push({ row: r.rowNumber, column: col('deadline'), message: '完成时限为空，按限期整改登记、未设日期' });
    if (deadlineCell.length > 100) rowErrors.push({ row: r.rowNumber, column: col('deadline'), message: '完成时限过长（最多100字）' });

    const leader = limit(cell(r, 'leader'), 200, r.rowNumber, col('leader'), rowErrors);
    const lead = limit(cell(r, 'leadDepartment'), 200, r.rowNumber, col('leadDepartment'), rowErrors);
    const cooperating = limit(cell(r, 'cooperating'), 300, r.rowNumber, col('cooperating'), rowErrors);

    if (code && description && problemCategory) {
      const known = problems.get(code);
      if (!known) problems.set(code, { code, category: problemCategory, description, row: r.rowNumber });
      else if (known.description !== description) {
        warnings.push({
          row: r.rowNumber,
          column: col('problem'),
          message: `问题${code}的描述与第${known.row}行不同，以第${known.row}行为准`,
        });
      }
    }
    if (number !== null && number >= 1 && !numbers.has(number)) numbers.set(number, r.rowNumber);
    relatedChecks.push({ row: r.rowNumber, codes: relatedCodes });
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    measures.push({
      row: r.rowNumber,
      number: number!,
      content,
      problemCode: code!,
      relatedCodes,
      responsibleLeader: leader,
      leadDepartment: lead,
      cooperatingDepartments: cooperating,
      deadline: deadline && deadline.ok ? deadline.deadline : null,
      deadlineText: deadline && deadline.ok ? deadline.text : null,
      rectificationType: deadline && deadline.ok ? deadline.type : 'time_limited',
    });
  }

  const known = new Set([...problems.keys(), ...(options.knownCodes ?? [])]);
  for (const check of relatedChecks) {
    for (const related of check.codes) {
      if (!known.has(related)) errors.push({ row: check.row, column: col('related'), message: `关联问题编号“${related}”在方案中不存在` });
    }
  }
  if (errors.length === 0 && measures.length === 0) errors.push({ row: header.headerRow, column: '', message: '表头下没有任何整改措施' });
  // Stable sort: by row, in the order the columns were checked.
  errors.sort((a, b) => a.row - b.row);
  return { problems: [...problems.values()], measures: measures.sort((a, b) => a.number - b.number), warnings, errors };
}
