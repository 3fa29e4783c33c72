import { describe, expect, it } from '@jest/globals';
import { chineseNumber, parsePlanSheet, parseProblemLabel, splitRelated, type PlanSheetOptions } from './plan-sheet.parser.js';
import type { SheetRow } from './sheet.js';

/*
 * The plan reader's rules one at a time: Chinese numbers, problem labels, related-problem cells, and
 * each cell of a measure row (serials, caps, categories, problems by code, deadlines, departments).
 */
const ctx: PlanSheetOptions = { defaultYear: 2019, immediateDate: '2019-06-10' };
const HEADER = ['序号', '问题类别', '问题编号', '反馈问题', '整改措施', '关联问题', '责任领导', '牵头部门', '配合部门', '完成时限'];
type Cells = Partial<Record<(typeof HEADER)[number], string>>;
const base: Cells = { 问题类别: '一、政治建设', 反馈问题: '1.1 问题甲', 整改措施: '措施', 完成时限: '2019年12月底前' };
const sheet = (rows: Cells[], header = HEADER): SheetRow[] =>
  [header, ...rows.map((c) => header.map((h) => ({ ...base, ...c })[h] ?? ''))].map((cells, i) => ({ rowNumber: i + 1, cells }));
const read = (rows: Cells[], o: Partial<PlanSheetOptions> = {}) => parsePlanSheet(sheet(rows), { ...ctx, ...o });
const errorsOf = (rows: Cells[]) => read(rows).errors.map((e) => [e.row, e.column, e.message]);

describe('chineseNumber', () => {
  it('reads 一…九十九 and up to three digits; nothing else', () => {
    const cases: [string, number | null][] = [
      ['一', 1],
      ['两', 2],
      ['九', 9],
      ['十', 10],
      ['十一', 11],
      ['二十', 20],
      ['二十三', 23],
      ['九十九', 99],
      ['7', 7],
      ['123', 123],
      ['1234', null],
      ['', null],
      ['十十', null],
      ['一九', null],
      ['百', null],
      ['二十两', null],
      ['x', null],
    ];
    for (const [text, n] of cases) expect([text, chineseNumber(text)]).toEqual([text, n]);
  });
});

describe('parseProblemLabel', () => {
  it('reads two-level numbers (1.1, 1-1, 1.1.2, 一、（一）) and keeps the original text of the rest', () => {
    expect(parseProblemLabel('1.1 问题')).toEqual({ levels: [1, 1], description: '问题' });
    expect(parseProblemLabel('2-3、问题')).toEqual({ levels: [2, 3], description: '问题' });
    expect(parseProblemLabel('1.2.3：问题')).toEqual({ levels: [1, 2, 3], description: '问题' });
    expect(parseProblemLabel('二、（三）问题（含附件）')).toEqual({ levels: [2, 3], description: '问题（含附件）' });
    expect(parseProblemLabel('１．２ 全角')).toEqual({ levels: [1, 2], description: '全角' });
  });

  it('reads one-level numbers ((一), (1), 问题3, 第3个问题, 3. 3、 3:) and leaves dates and plain text alone', () => {
    expect(parseProblemLabel('（二）问题')).toEqual({ levels: [2], description: '问题' });
    expect(parseProblemLabel('(12)问题')).toEqual({ levels: [12], description: '问题' });
    expect(parseProblemLabel('问题3 描述')).toEqual({ levels: [3], description: '描述' });
    expect(parseProblemLabel('问题 十二：描述')).toEqual({ levels: [12], description: '描述' });
    expect(parseProblemLabel('第3个问题：描述')).toEqual({ levels: [3], description: '描述' });
    expect(parseProblemLabel('第三问题描述')).toEqual({ levels: [3], description: '描述' });
    expect(parseProblemLabel('3. 描述')).toEqual({ levels: [3], description: '描述' });
    expect(parseProblemLabel('3、描述')).toEqual({ levels: [3], description: '描述' });
    expect(parseProblemLabel('3：描述')).toEqual({ levels: [3], description: '描述' });
    expect(parseProblemLabel('2019.6 月报')).toEqual({ levels: [], description: '2019.6 月报' });
    expect(parseProblemLabel('1.5年度计划')).toEqual({ levels: [], description: '1.5年度计划' });
    expect(parseProblemLabel('3.5')).toEqual({ levels: [3, 5], description: '' });
    expect(parseProblemLabel('问题35项')).toEqual({ levels: [35], description: '项' });
    expect(parseProblemLabel('  没有编号的问题 ')).toEqual({ levels: [], description: '没有编号的问题' });
    expect(parseProblemLabel('(十十)问题')).toEqual({ levels: [], description: '(十十)问题' });
  });
});

describe('splitRelated', () => {
  it('reads codes and bare numbers in every notation, and names what is neither', () => {
    expect(splitRelated('6.2、5-1，3；第4、5个问题 问题7和8及9与10/11')).toEqual({
      parts: ['6-2', '5-1', '3', '4', '5', '7', '8', '9', '10', '11'],
      bad: [],
    });
    expect(splitRelated('三、x、')).toEqual({ parts: ['3'], bad: ['x'] });
    expect(splitRelated('')).toEqual({ parts: [], bad: [] });
  });
});

describe('parsePlanSheet: a measure row', () => {
  it('reads serials as 1, 1., 1、, (1), 措施1; a blank serial takes the next number; refuses others and repeats', () => {
    const r = read([{ 序号: '1' }, { 序号: '2.' }, { 序号: '3、' }, { 序号: '（4）' }, { 序号: '措施 5' }, { 序号: '' }]);
    expect(r.errors).toEqual([]);
    expect(r.measures.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(errorsOf([{ 序号: '0' }, { 序号: '第一' }, { 序号: '2' }, { 序号: '2' }])).toEqual([
      [2, '序号', '序号“0”不是正整数'],
      [3, '序号', '序号“第一”不是正整数'],
      [5, '序号', '序号2与第4行重复'],
    ]);
  });

  it('sorts measures by number and numbers a blank serial after the highest so far', () => {
    const r = read([{ 序号: '5' }, { 序号: '2' }, { 序号: '' }]);
    expect(r.measures.map((m) => [m.number, m.row])).toEqual([
      [2, 3],
      [5, 2],
      [6, 4],
    ]);
  });

  it('caps the measure, the problem, the category, the deadline text and the departments', () => {
    expect(errorsOf([{ 整改措施: '措'.repeat(5001) }])).toEqual([[2, '整改措施', '整改措施过长（最多5000字）']]);
    expect(read([{ 整改措施: '措'.repeat(5000) }]).errors).toEqual([]);
    expect(errorsOf([{ 反馈问题: `1.1 ${'问'.repeat(5001)}` }])).toEqual([[2, '反馈问题', '反馈问题描述过长（最多5000字）']]);
    expect(errorsOf([{ 问题类别: '类'.repeat(101) }])).toEqual([[2, '问题类别', '问题类别过长（最多100字）']]);
    expect(read([{ 问题类别: '类'.repeat(100) }]).errors).toEqual([]);
    expect(errorsOf([{ 完成时限: `2019年12月底前${'，'.repeat(100)}` }]).map((e) => e.slice(1))).toContainEqual([
      '完成时限',
      '完成时限过长（最多100字）',
    ]);
    expect(errorsOf([{ 责任领导: '领'.repeat(201), 牵头部门: '部'.repeat(201), 配合部门: '配'.repeat(301) }])).toEqual([
      [2, '责任领导', '内容过长（最多200个字）'],
      [2, '牵头部门', '内容过长（最多200个字）'],
      [2, '配合部门', '内容过长（最多300个字）'],
    ]);
    const m = read([{ 责任领导: '领'.repeat(200), 牵头部门: '部'.repeat(200), 配合部门: '配'.repeat(300) }]).measures[0];
    expect([m.responsibleLeader?.length, m.leadDepartment?.length, m.cooperatingDepartments?.length]).toEqual([200, 200, 300]);
    expect(read([{}]).measures[0]).toMatchObject({ responsibleLeader: null, leadDepartment: null, cooperatingDepartments: null });
  });

  it('an empty measure is refused; an empty deadline is a warning and a time-limited measure without a date', () => {
    expect(errorsOf([{ 序号: '1', 整改措施: '' }])).toEqual([[2, '整改措施', '整改措施为空']]);
    const r = read([{ 完成时限: '' }]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual({ row: 2, column: '完成时限', message: '完成时限为空，按限期整改登记、未设日期' });
    expect(r.measures[0]).toMatchObject({ deadline: null, deadlineText: null, rectificationType: 'time_limited', immediate: false });
    expect(read([{ 完成时限: '立行立改，长期坚持' }]).measures[0]).toMatchObject({ rectificationType: 'long_term', immediate: true });
    expect(errorsOf([{ 完成时限: '尽快' }])[0].slice(0, 2)).toEqual([2, '完成时限']);
  });
});

describe('parsePlanSheet: categories and problems', () => {
  it('a category cell sets the category (numbered or not) for its row and the rows below', () => {
    const r = read([
      { 问题类别: '二、组织建设', 反馈问题: '（一）问题甲' },
      { 问题类别: '', 反馈问题: '（二）问题乙' },
      { 问题类别: '作风建设', 反馈问题: '问题丙' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.problems.map((p) => [p.code, p.category, p.description])).toEqual([
      ['2-1', '组织建设', '问题甲'],
      ['2-2', '组织建设', '问题乙'],
      ['1', '作风建设', '问题丙'],
    ]);
  });

  it('warns once when there is no category, and files the problems under 未分类', () => {
    const r = read([
      { 问题类别: '', 反馈问题: '问题甲' },
      { 问题类别: '', 反馈问题: '问题乙' },
    ]);
    expect(r.warnings.filter((w) => w.message.includes('未分类'))).toEqual([
      { row: 2, column: '问题类别', message: '未找到问题类别（如“一、…”行），记为“未分类”' },
    ]);
    expect(r.problems.map((p) => [p.code, p.category])).toEqual([
      ['1', '未分类'],
      ['2', '未分类'],
    ]);
  });

  it('a problem by code alone is the one registered earlier; a code column and a labelled text that agree keep the text only', () => {
    const r = read([
      { 问题编号: '1-1', 反馈问题: '1.1 问题甲' },
      { 问题编号: '1.1', 反馈问题: '' },
      { 问题编号: '1-2', 反馈问题: '问题乙' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.problems.map((p) => [p.code, p.description])).toEqual([
      ['1-1', '问题甲'],
      ['1-2', '问题乙'],
    ]);
    expect(r.measures.map((m) => m.problemCode)).toEqual(['1-1', '1-1', '1-2']);
    // A code that names nothing yet, with no text, has no description; a code that is no code is refused.
    expect(errorsOf([{ 问题编号: '3-1', 反馈问题: '' }])).toEqual([[2, '反馈问题', '反馈问题描述为空']]);
    expect(errorsOf([{ 问题编号: '甲乙', 反馈问题: '问题' }])).toEqual([[2, '问题编号', '反馈问题编号“甲乙”无效（应如 1-1）']]);
  });

  it('the same code with another text keeps the first and warns, naming the row', () => {
    const r = read([{ 反馈问题: '1.1 问题甲' }, { 反馈问题: '1.1 问题甲（另写）' }]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual({ row: 3, column: '反馈问题', message: '问题1-1的描述与第2行不同，以第2行为准' });
    expect(r.problems).toHaveLength(1);
  });

  it('a blank problem cell keeps the problem above; with none above it is refused', () => {
    expect(read([{ 反馈问题: '1.1 问题甲' }, { 反馈问题: '' }]).measures.map((m) => m.problemCode)).toEqual(['1-1', '1-1']);
    expect(errorsOf([{ 反馈问题: '' }])).toEqual([[2, '反馈问题', '反馈问题为空']]);
  });
});

describe('parsePlanSheet: related problems', () => {
  it('resolves codes, bare numbers as codes or as the n-th problem, drops the measure’s own problem and repeats', () => {
    const r = read(
      [
        { 反馈问题: '1.1 问题甲', 关联问题: '1-2、1.2、2' },
        { 反馈问题: '1.2 问题乙', 关联问题: '1、1-1' },
        { 反馈问题: '1.2 问题乙', 关联问题: '7-1' },
      ],
      { knownCodes: ['7-1'] },
    );
    expect(r.errors).toEqual([]);
    expect(r.measures.map((m) => m.relatedCodes)).toEqual([['1-2'], ['1-1'], ['7-1']]);
  });

  it('names a related problem the plan does not have, and a part that is no number', () => {
    expect(errorsOf([{ 关联问题: '9-9、3' }])).toEqual([
      [2, '关联问题', '关联问题编号“9-9”在方案中不存在'],
      [2, '关联问题', '关联问题编号“3”在方案中不存在'],
    ]);
    expect(errorsOf([{ 关联问题: '甲' }])).toEqual([[2, '关联问题', '关联问题编号“甲”无效（应如 6-2、6.2 或 3）']]);
  });
});

describe('parsePlanSheet: problems as section rows', () => {
  const header = ['序号', '整改措施', '完成时限'];
  const rows = (...r: string[][]) => r.map((cells, i): SheetRow => ({ rowNumber: i + 1, cells }));

  it('refuses a section row without text or with an overlong one, and a measure with no problem above', () => {
    const r = parsePlanSheet(rows(header, ['1', '措施', '2019-12-31'], ['（一）'], [`（二）${'问'.repeat(5001)}`]), ctx);
    expect(r.errors).toEqual([
      { row: 2, column: '整改措施', message: '整改措施上方没有反馈问题（应有“（一）问题描述”等问题行）' },
      { row: 3, column: '整改措施', message: '反馈问题描述为空' },
      { row: 4, column: '整改措施', message: '反馈问题描述过长（最多5000字）' },
    ]);
  });

  it('a category heading starts a new category and forgets the problem above', () => {
    const r = parsePlanSheet(
      rows(header, ['一、政治建设'], ['（一）问题甲'], ['1', '措施一', '2019-12-31'], ['二、组织建设'], ['2', '措施二', '2019-12-31']),
      ctx,
    );
    expect(r.errors).toEqual([{ row: 6, column: '整改措施', message: '整改措施上方没有反馈问题（应有“（一）问题描述”等问题行）' }]);
  });
});
