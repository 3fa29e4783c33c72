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

/**
 * Header names offices use. Only 整改措施 and 完成时限 are required: the measure number may be
 * missing (measures are then numbered in order), and the problems may stand as section rows above
 * their measures instead of in a column.
 */
export const PLAN_COLUMNS: ColumnSpec<PlanColumn>[] = [
  { key: 'number', label: '序号', aliases: ['序号', '措施序号', '编号', '措施编号'], required: false },
  { key: 'category', label: '问题类别', aliases: ['问题类别', '类别', '问题分类', '问题类型'], required: false },
  { key: 'problemCode', label: '反馈问题编号', aliases: ['反馈问题编号', '问题编号', '问题序号'], required: false },
  {
    key: 'problem',
    label: '反馈问题',
    aliases: [
      '反馈问题',
      '巡视反馈问题',
      '巡视反馈的问题',
      '反馈的问题',
      '存在问题',
      '存在的问题',
      '主要问题',
      '问题',
      '问题描述',
      '问题表现',
    ],
    required: false,
  },
  { key: 'content', label: '整改措施', aliases: ['整改措施', '具体整改措施', '具体措施', '整改举措', '措施'], required: true },
  {
    key: 'related',
    label: '关联问题',
    aliases: ['关联问题编号', '关联问题', '关联反馈问题', '关联问题(编号)', '对应问题', '涉及问题'],
    required: false,
  },
  { key: 'leader', label: '责任领导', aliases: ['责任领导', '牵头领导', '分管领导', '牵头局领导'], required: false },
  {
    key: 'leadDepartment',
    label: '牵头部门',
    aliases: ['牵头部门', '牵头单位', '责任部门', '责任单位', '牵头处室', '责任处室'],
    required: false,
  },
  { key: 'cooperating', label: '配合部门', aliases: ['配合部门', '配合单位', '协办部门', '配合处室', '协同部门'], required: false },
  {
    key: 'deadline',
    label: '完成时限',
    aliases: ['完成时限', '整改时限', '完成时间', '时限', '时限要求', '完成期限', '整改期限'],
    required: true,
  },
];

/** Rows searched for the header (title and date rows may stand above it). */
const HEADER_ROWS = 10;

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
  /** 立行立改 was written, also beside 长期坚持 (then the type is `long_term`). */
  immediate: boolean;
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

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 两: 2 };
const CN = '[一二三四五六七八九十两]{1,3}';

/** `一`…`九十九` or `12` → the number; null for anything else. */
export function chineseNumber(text: string): number | null {
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const m = /^([一二三四五六七八九两])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return null;
  if (!m[2]) return m[3] ? null : m[1] ? CN_DIGITS[m[1]] : null;
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

/** Half-width brackets and colon, so one set of patterns reads both widths. */
const plain = (text: string) => normalizeWidth(text).replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/，/g, ',').trim();

/**
 * A problem's own numbering, as offices write it: `1.1`/`1-1`/`一、（一）` (two levels: category and
 * problem), `（一）`/`(1)`/`1.`/`1、`/`问题1` (one level: the problem within its category, or within
 * the plan when there are no numbered categories). `levels` is empty when the text has no number.
 */
export function parseProblemLabel(raw: string): { levels: number[]; description: string } {
  const original = raw.trim();
  const text = plain(original);
  // Every normalisation in `plain` maps one character to one, so the rest keeps its original text.
  const rest = (tail: string) =>
    original
      .slice(text.length - tail.length)
      .replace(/^[\s、.:,，：．]+/, '')
      .trim();
  let m = /^(\d{1,3})\s*[.-]\s*(\d{1,3})(?:\s*[.-]\s*(\d{1,3}))?(?![\d年月日])\s*([\s\S]*)$/.exec(text);
  if (m) return { levels: [m[1], m[2], m[3]].filter((x) => x !== undefined).map(Number), description: rest(m[4]) };
  m = new RegExp(`^(${CN})[、.]\\s*\\((${CN})\\)([\\s\\S]*)$`).exec(text);
  if (m && chineseNumber(m[1]) && chineseNumber(m[2]))
    return { levels: [chineseNumber(m[1])!, chineseNumber(m[2])!], description: rest(m[3]) };
  m = new RegExp(`^\\((${CN}|\\d{1,3})\\)([\\s\\S]*)$`).exec(text);
  if (m && chineseNumber(m[1])) return { levels: [chineseNumber(m[1])!], description: rest(m[2]) };
  m = new RegExp(`^(?:第(${CN}|\\d{1,3})个?问题|问题\\s*(${CN}|\\d{1,3}))(?![\\d])([\\s\\S]*)$`).exec(text);
  if (m && chineseNumber(m[1] ?? m[2])) return { levels: [chineseNumber(m[1] ?? m[2])!], description: rest(m[3]) };
  m = /^(\d{1,3})\s*[.、:](?![\d])([\s\S]*)$/.exec(text);
  if (m) return { levels: [Number(m[1])], description: rest(m[2]) };
  return { levels: [], description: original };
}

/** `一、党的政治建设方面` as a category heading: its number and name (not `一、（一）…`, a problem). */
function categoryHeading(text: string): { index: number; name: string } | null {
  const m = new RegExp(`^(${CN})[、.]\\s*([\\s\\S]*)$`).exec(plain(text));
  if (!m || /^\(/.test(m[2]) || !chineseNumber(m[1])) return null;
  return { index: chineseNumber(m[1])!, name: m[2].trim() };
}

/**
 * Related problems as one cell writes them: full codes (`6.2、5-1`), bare numbers (`1、3`, `1,3`),
 * or in words (`第1、3个问题`, `问题2`). A part is a full code (`6-2`) or a bare number (`3`),
 * resolved once every problem of the sheet is known; null when a part is neither.
 */
export function splitRelated(raw: string): { parts: string[]; bad: string[] } {
  const text = plain(raw)
    .replace(/个?问题|第|条/g, ' ')
    .replace(/[和及与]/g, ' ');
  const parts: string[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[、,;；\s/]+/).filter(Boolean)) {
    const code = normalizeProblemCode(part) ?? (chineseNumber(part) ? String(chineseNumber(part)) : null);
    if (code) parts.push(code);
    else bad.push(part);
  }
  return { parts, bad };
}

/** `1`, `1.`, `1、`, `(1)`, `措施1` → 1; anything else null. */
function parseMeasureNumber(text: string): number | null {
  const direct = parseSerial(text);
  if (direct !== null) return direct;
  const m = /^(?:\((\d{1,5})\)|措施\s*(\d{1,5}))$/.exec(plain(text));
  return m ? Number(m[1] ?? m[2]) : null;
}

function limit(value: string, max: number, row: number, column: string, errors: ImportProblem[]): string | null {
  if (value === '') return null;
  if (value.length > max) {
    errors.push({ row, column, message: `内容过长（最多${max}个字）` });
    return null;
  }
  return value;
}

interface Problem extends ParsedProblem {
  /** 1-based order of appearance: what a bare number in a related cell means when no code is that number. */
  ordinal: number;
}

/**
 * Reads a rectification plan laid out as offices do: the header by name within the first rows
 * (title and date rows above, columns in any order, extra columns ignored); category rows
 * (`一、…`); each measure's problem from a code column, its own or merged column (a blank cell
 * under a merged or repeated problem keeps the problem above), or a section row above the
 * measures (when the sheet has no problem column); problem numbering in the forms
 * `parseProblemLabel` reads, or none (then numbered in order); related problems and deadlines.
 * Pure: no I/O. Everything wrong is collected with its row and column, so the user fixes the
 * sheet in one pass.
 *
 * Codes: a two-level number is the code (`1-1`); a one-level number is `category-n` under a
 * numbered category heading, else `n`; an unnumbered problem takes the next free number the same
 * way. A bare number in a related cell is the problem with that code, else the n-th problem.
 */
export function parsePlanSheet(rows: SheetRow[], options: PlanSheetOptions): PlanSheetResult {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const header = findHeader(rows.slice(0, HEADER_ROWS), PLAN_COLUMNS);
  if (!header) {
    const required = PLAN_COLUMNS.filter((c) => c.required).map((c) => c.label);
    return {
      problems: [],
      measures: [],
      warnings,
      errors: [{ row: 1, column: '', message: `未在前${HEADER_ROWS}行找到表头：须包含列 ${required.join('、')}` }],
    };
  }
  const col = (key: PlanColumn) => header.labels.get(key) ?? PLAN_COLUMNS.find((c) => c.key === key)!.label;
  const cell = (r: SheetRow, key: PlanColumn) => {
    const at = header.index.get(key);
    return at === undefined ? '' : (r.cells[at] ?? '').trim();
  };
  const hasProblemColumn = header.index.has('problem') || header.index.has('problemCode');

  const problems = new Map<string, Problem>();
  const byDescription = new Map<string, Problem>();
  const measures: ParsedMeasure[] = [];
  const numbers = new Map<number, number>();
  let category: { index: number | null; name: string } | null = null;
  let current: Problem | null = null;
  let lastNumber = 0;
  let warnedNoCategory = false;
  const relatedChecks: { row: number; code: string | null; parts: string[]; measure: ParsedMeasure | null }[] = [];

  const categoryName = (row: number) => {
    if (category) return category.name;
    if (!warnedNoCategory) warnings.push({ row, column: col('category'), message: '未找到问题类别（如“一、…”行），记为“未分类”' });
    warnedNoCategory = true;
    return '未分类';
  };
  /** The code a problem's numbering (or its absence) gives under the current category. */
  const codeFor = (levels: number[]): string => {
    if (levels.length >= 2) return levels.join('-');
    const prefix = category?.index ? `${category.index}-` : '';
    if (levels.length === 1) return `${prefix}${levels[0]}`;
    let n = 1;
    while (problems.has(`${prefix}${n}`)) n++;
    return `${prefix}${n}`;
  };
  /** Registers a problem (or finds it again: same code, or same text when unnumbered). */
  const problemOf = (code: string | null, description: string, row: number, categoryText: string, column: string): Problem => {
    const again = code ? problems.get(code) : byDescription.get(description);
    if (again) {
      if (again.description !== description)
        warnings.push({ row, column, message: `问题${again.code}的描述与第${again.row}行不同，以第${again.row}行为准` });
      return again;
    }
    const p: Problem = { code: code ?? codeFor([]), category: categoryText, description, row, ordinal: problems.size + 1 };
    problems.set(p.code, p);
    if (!byDescription.has(description)) byDescription.set(description, p);
    return p;
  };

  for (const r of rows) {
    if (r.rowNumber <= header.headerRow) continue;
    if (isBlank(r.cells)) continue;
    // A section row: one text alone on its row (merged across it or in one cell).
    const alone = [...new Set(r.cells.filter((c) => c !== ''))];
    if (alone.length === 1) {
      const heading = categoryHeading(alone[0]);
      if (heading) {
        category = heading;
        current = null;
        continue;
      }
      if (hasProblemColumn) {
        // With a problem column, `（一）…` alone on its row is a sub-category, as before.
        const sub = categoryOf(r.cells);
        if (sub) {
          category = { index: null, name: sub };
          current = null;
          continue;
        }
      } else {
        const label = parseProblemLabel(alone[0]);
        if (label.description === '') errors.push({ row: r.rowNumber, column: col('content'), message: '反馈问题描述为空' });
        else if (label.description.length > 5000)
          errors.push({ row: r.rowNumber, column: col('content'), message: '反馈问题描述过长（最多5000字）' });
        else current = problemOf(codeFor(label.levels), label.description, r.rowNumber, categoryName(r.rowNumber), col('content'));
        continue;
      }
    }
    const serial = cell(r, 'number');
    const content = cell(r, 'content');
    // A row whose own cells are empty (only a merged problem reaches into it) is a stray blank row.
    if (serial === '' && content === '') continue;
    const rowErrors: ImportProblem[] = [];
    const number = serial === '' ? lastNumber + 1 : parseMeasureNumber(serial);
    if (number === null || number < 1) rowErrors.push({ row: r.rowNumber, column: col('number'), message: `序号“${serial}”不是正整数` });
    else if (numbers.has(number))
      rowErrors.push({ row: r.rowNumber, column: col('number'), message: `序号${number}与第${numbers.get(number)}行重复` });
    if (content === '') rowErrors.push({ row: r.rowNumber, column: col('content'), message: '整改措施为空' });
    else if (content.length > 5000) rowErrors.push({ row: r.rowNumber, column: col('content'), message: '整改措施过长（最多5000字）' });

    if (cell(r, 'category')) {
      const written = cell(r, 'category');
      const heading = categoryHeading(written);
      category = heading ?? { index: null, name: stripCategoryNumbering(written) };
    }
    if (category && category.name.length > 100)
      rowErrors.push({ row: r.rowNumber, column: col('category'), message: '问题类别过长（最多100字）' });

    // The problem: a code column plus a text column, a labelled text (`1.1 文字`), or the one above.
    let problem: Problem | null = null;
    if (hasProblemColumn) {
      const codeCell = cell(r, 'problemCode');
      const label = parseProblemLabel(cell(r, 'problem'));
      let code: string | null = null;
      let description = label.description;
      if (codeCell !== '') {
        code = normalizeProblemCode(codeCell);
        if (!code) {
          const asLabel = parseProblemLabel(codeCell);
          code = asLabel.levels.length && asLabel.description === '' ? codeFor(asLabel.levels) : null;
        }
        if (!code) rowErrors.push({ row: r.rowNumber, column: col('problemCode'), message: `反馈问题编号“${codeCell}”无效（应如 1-1）` });
        // `1.1 文字` under a code column saying the same code: the text without its number.
        if (!(code && label.levels.length && codeFor(label.levels) === code)) description = cell(r, 'problem');
      } else if (label.levels.length) code = codeFor(label.levels);
      if (cell(r, 'problem') === '' && codeCell === '') {
        if (current) problem = current;
        else
          rowErrors.push({
            row: r.rowNumber,
            column: col(header.index.has('problem') ? 'problem' : 'problemCode'),
            message: '反馈问题为空',
          });
      } else if (description === '' && !(code && problems.has(code))) {
        rowErrors.push({ row: r.rowNumber, column: col('problem'), message: '反馈问题描述为空' });
      } else if (description.length > 5000) {
        rowErrors.push({ row: r.rowNumber, column: col('problem'), message: '反馈问题描述过长（最多5000字）' });
      } else if (rowErrors.every((e) => e.column !== col('problemCode')) && (category?.name.length ?? 0) <= 100) {
        problem =
          description === '' ? problems.get(code!)! : problemOf(code, description, r.rowNumber, categoryName(r.rowNumber), col('problem'));
      }
    } else if (current) problem = current;
    else rowErrors.push({ row: r.rowNumber, column: col('content'), message: '整改措施上方没有反馈问题（应有“（一）问题描述”等问题行）' });
    if (problem) current = problem;

    const related = splitRelated(cell(r, 'related'));
    for (const part of related.bad)
      rowErrors.push({ row: r.rowNumber, column: col('related'), message: `关联问题编号“${part}”无效（应如 6-2、6.2 或 3）` });

    const deadlineCell = cell(r, 'deadline');
    const deadline = parseDeadlineText(deadlineCell, options);
    if (deadline && !deadline.ok) rowErrors.push({ row: r.rowNumber, column: col('deadline'), message: deadline.message });
    if (!deadline) warnings.push({ row: r.rowNumber, column: col('deadline'), message: '完成时限为空，按限期整改登记、未设日期' });
    if (deadlineCell.length > 100) rowErrors.push({ row: r.rowNumber, column: col('deadline'), message: '完成时限过长（最多100字）' });

    const leader = limit(cell(r, 'leader'), 200, r.rowNumber, col('leader'), rowErrors);
    const lead = limit(cell(r, 'leadDepartment'), 200, r.rowNumber, col('leadDepartment'), rowErrors);
    const cooperating = limit(cell(r, 'cooperating'), 300, r.rowNumber, col('cooperating'), rowErrors);

    if (number !== null && number >= 1) {
      if (!numbers.has(number)) numbers.set(number, r.rowNumber);
      lastNumber = Math.max(lastNumber, number);
    }
    const check = { row: r.rowNumber, code: problem?.code ?? null, parts: related.parts, measure: null as ParsedMeasure | null };
    relatedChecks.push(check);
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const measure: ParsedMeasure = {
      row: r.rowNumber,
      number: number!,
      content,
      problemCode: problem!.code,
      relatedCodes: [],
      responsibleLeader: leader,
      leadDepartment: lead,
      cooperatingDepartments: cooperating,
      deadline: deadline && deadline.ok ? deadline.deadline : null,
      deadlineText: deadline && deadline.ok ? deadline.text : null,
      rectificationType: deadline && deadline.ok ? deadline.type : 'time_limited',
      immediate: deadline && deadline.ok ? deadline.immediate : false,
    };
    check.measure = measure;
    measures.push(measure);
  }

  // Related problems, once every problem is known: a full code as written, a bare number as that
  // code if the plan (or the inspection) has it, else the n-th problem of the sheet.
  const known = new Set([...problems.keys(), ...(options.knownCodes ?? [])]);
  const byOrdinal = [...problems.values()];
  for (const check of relatedChecks) {
    const codes: string[] = [];
    for (const part of check.parts) {
      const code = known.has(part) ? part : !part.includes('-') && byOrdinal[Number(part) - 1] ? byOrdinal[Number(part) - 1].code : null;
      if (!code) errors.push({ row: check.row, column: col('related'), message: `关联问题编号“${part}”在方案中不存在` });
      else if (code !== check.code && !codes.includes(code)) codes.push(code);
    }
    if (check.measure) check.measure.relatedCodes = codes;
  }
  if (errors.length === 0 && measures.length === 0) errors.push({ row: header.headerRow, column: '', message: '表头下没有任何整改措施' });
  // Stable sort: by row, in the order the columns were checked.
  errors.sort((a, b) => a.row - b.row);
  return {
    problems: [...problems.values()].map(({ ordinal: _o, ...p }) => p),
    measures: measures.sort((a, b) => a.number - b.number),
    warnings,
    errors,
  };
}
