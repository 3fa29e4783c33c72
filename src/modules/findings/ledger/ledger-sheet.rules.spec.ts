import { describe, expect, it } from '@jest/globals';
import type { SheetRow } from '../../plans/import/sheet.js';
import { parseLedgerSheet, type LedgerOptions } from './ledger-sheet.parser.js';

/*
 * Each rule of the 整改台账 reader, one cell at a time: what a row needs, what each column accepts,
 * how the export's own forms come back (percent, status labels, CSV escapes), and how rows group.
 */
const options: LedgerOptions = { defaultYear: 2026, immediateDate: '2026-05-31', longTermDate: '2026-12-31' };
const HEADER = [
  '序号',
  '问题描述',
  '对应整改措施(编号)',
  '整改事项',
  '整改措施',
  '责任单位',
  '责任人',
  '整改时限',
  '整改类型',
  '整改进展',
  '完成情况',
  '是否销号',
  '问题类别',
  '问题来源',
];
type Cells = Partial<Record<(typeof HEADER)[number], string>>;
const base: Cells = { 问题描述: '问题甲', '对应整改措施(编号)': '46', 整改措施: '措施', 责任单位: '甲单位', 整改时限: '2026-06-30' };
const row = (c: Cells) => HEADER.map((h) => ({ ...base, ...c })[h] ?? '');
const read = (rows: Cells[], o: Partial<LedgerOptions> = {}) =>
  parseLedgerSheet(
    [HEADER, ...rows.map(row)].map((cells, i): SheetRow => ({ rowNumber: i + 1, cells })),
    { ...options, ...o },
  );
const one = (c: Cells, o: Partial<LedgerOptions> = {}) => {
  const r = read([c], o);
  expect(r.errors).toEqual([]);
  return r.findings[0].items[0];
};
const errorsOf = (c: Cells, o: Partial<LedgerOptions> = {}) => read([c], o).errors.map((e) => [e.column, e.message]);

describe('ledger sheet: the header', () => {
  it('names every required column when there is no header, and refuses a header with nothing under it', () => {
    const none = parseLedgerSheet([{ rowNumber: 1, cells: ['随便', '什么'] }], options);
    expect(none.errors).toEqual([{ row: 1, column: '', message: '未找到表头：须包含列 问题描述、对应整改措施(编号)、责任单位、整改时限' }]);
    expect(none.columnNames).toEqual({ unit: '责任单位', measureRefs: '对应整改措施(编号)', owner: '责任人', category: '问题类别' });
    const empty = read([]);
    expect(empty.errors).toEqual([{ row: 1, column: '', message: '表头下没有任何整改事项' }]);
  });

  it('reports errors under the header names the sheet used, sorted by row', () => {
    const sheet = [
      ['标题'],
      ['发现问题', '对应措施', '整改责任单位', '完成时限'],
      ['问题甲', '46', '', '2026-06-30'],
      ['', '47', '乙单位', '2026-06-30'],
    ].map((cells, i): SheetRow => ({ rowNumber: i + 1, cells }));
    const r = parseLedgerSheet(sheet, options);
    expect(r.errors).toEqual([
      { row: 3, column: '整改责任单位', message: '责任单位为空' },
      { row: 4, column: '发现问题', message: '问题描述为空' },
    ]);
    expect(r.columnNames).toMatchObject({ unit: '整改责任单位', measureRefs: '对应措施' });
  });
});

describe('ledger sheet: a row', () => {
  it('skips a row that only a merged cell reaches into, but reads a numbered row with nothing else', () => {
    expect(
      read([base, { 问题描述: '问题甲', '对应整改措施(编号)': '', 整改措施: '', 整改时限: '', 责任单位: '甲单位' }]).findings[0].items,
    ).toHaveLength(1);
    const numbered = read([{ 序号: '2', 问题描述: '问题甲', '对应整改措施(编号)': '', 整改措施: '', 整改时限: '' }]);
    expect(numbered.errors.map((e) => e.message)).toEqual(['对应整改措施编号为空', '整改时限为空']);
  });

  it('caps the description, owner, actions and progress at the API’s lengths', () => {
    expect(errorsOf({ 问题描述: '问'.repeat(5001) })).toEqual([['问题描述', '问题描述过长（最多5000字）']]);
    expect(read([{ 问题描述: '问'.repeat(5000) }]).errors).toEqual([]);
    expect(errorsOf({ 责任人: '张'.repeat(101) })).toEqual([['责任人', '责任人过长（最多100字）']]);
    expect(read([{ 责任人: '张'.repeat(100) }]).errors).toEqual([]);
    expect(errorsOf({ 整改措施: '措'.repeat(10001) })).toEqual([['整改措施', '整改措施过长（最多10000字）']]);
    expect(read([{ 整改措施: '措'.repeat(10000) }]).errors).toEqual([]);
    expect(errorsOf({ 整改进展: '进'.repeat(6000), 完成情况: '完'.repeat(4001) })).toEqual([
      ['整改进展', '整改进展与完成情况过长（合计最多10000字）'],
    ]);
    expect(read([{ 整改进展: '进'.repeat(6000), 完成情况: '完'.repeat(4000) }]).errors).toEqual([]);
  });
});

describe('ledger sheet: measure numbers', () => {
  it('reads every separator, 第…条, full-width digits, and keeps each number once in order', () => {
    const r = read([{ '对应整改措施(编号)': '第3条、５，7,9;11；13 15/3' }]);
    expect(r.errors).toEqual([]);
    expect(r.findings[0].measureNumbers).toEqual([3, 5, 7, 9, 11, 13, 15]);
  });

  it('names each number it cannot read', () => {
    expect(errorsOf({ '对应整改措施(编号)': '46、四十七、x' })).toEqual([
      ['对应整改措施(编号)', '整改措施编号“四十七”无效（应如 46、48）'],
      ['对应整改措施(编号)', '整改措施编号“x”无效（应如 46、48）'],
    ]);
    expect(errorsOf({ '对应整改措施(编号)': '' })).toEqual([['对应整改措施(编号)', '对应整改措施编号为空']]);
  });
});

describe('ledger sheet: deadline and type', () => {
  it('a 立行立改 item without a date takes the plan’s date; without one it is an empty deadline', () => {
    expect(one({ 整改时限: '', 整改类型: '立行立改' })).toMatchObject({ rectificationType: 'immediate', deadline: '2026-05-31' });
    expect(errorsOf({ 整改时限: '', 整改类型: '立行立改' }, { immediateDate: null })).toEqual([['整改时限', '整改时限为空']]);
    expect(errorsOf({ 整改时限: '', 整改类型: '限期整改' })).toEqual([['整改时限', '整改时限为空']]);
    expect(one({ 整改时限: '立行立改' })).toMatchObject({ rectificationType: 'immediate', deadline: '2026-05-31' });
  });

  it('the type column wins over what the deadline text implies; the text’s type is used when the column is empty', () => {
    expect(one({ 整改时限: '2026-09-30', 整改类型: '长期坚持' }).rectificationType).toBe('long_term');
    expect(one({ 整改时限: '2026-09-30' }).rectificationType).toBe('time_limited');
    expect(one({ 整改时限: '2026年9月底前，长期坚持' }).rectificationType).toBe('long_term');
    expect(one({ 整改时限: '2026-09-30', 整改类型: '立行立改' })).toMatchObject({ rectificationType: 'immediate', deadline: '2026-09-30' });
    expect(errorsOf({ 整改类型: '看情况' })).toEqual([['整改类型', '整改类型“看情况”无效（立行立改、限期整改、长期坚持）']]);
  });

  it('a long-term item without a date gets the stage date with a warning; any other type without a date is an error', () => {
    const r = read([{ 整改时限: '长期坚持' }]);
    expect(r.errors).toEqual([]);
    expect(r.findings[0].items[0]).toMatchObject({
      rectificationType: 'long_term',
      deadline: '2026-12-31',
      originalDeadline: '2026-12-31',
    });
    expect(r.warnings).toEqual([{ row: 2, column: '整改时限', message: '长期坚持事项未写日期，阶段性时限记为2026-12-31' }]);
    expect(errorsOf({ 整改时限: '长期坚持', 整改类型: '限期整改' })).toEqual([['整改时限', '整改时限“长期坚持”没有可用的日期']]);
    expect(errorsOf({ 整改时限: '尽快' })[0][0]).toBe('整改时限');
  });
});

describe('ledger sheet: closure', () => {
  it('reads 是/否 in their usual forms, blank as not closed, and refuses anything else', () => {
    for (const yes of ['是', '已销号', '销号', 'Y', 'yes', 'TRUE', '√']) expect([yes, one({ 是否销号: yes }).closed]).toEqual([yes, true]);
    for (const no of ['否', '未销号', 'n', 'No', 'false', '×', '']) expect([no, one({ 是否销号: no }).closed]).toEqual([no, false]);
    expect(errorsOf({ 是否销号: '也许' })).toEqual([['是否销号', '是否销号“也许”无效（是／否）']]);
    expect(errorsOf({ 是否销号: '是的' })[0][0]).toBe('是否销号');
  });
});

describe('ledger sheet: progress as the export writes it', () => {
  it('takes a trailing （60%） back as the percent, up to 100; other text stays the note', () => {
    expect(one({ 整改进展: '已完成清理（60%）' })).toMatchObject({ progressNote: '已完成清理', progressPercent: 60 });
    expect(one({ 整改进展: '已完成清理 (100％)' })).toMatchObject({ progressNote: '已完成清理', progressPercent: 100 });
    expect(one({ 整改进展: '已完成清理（101%）' })).toMatchObject({ progressNote: '已完成清理（101%）', progressPercent: null });
    expect(one({ 整改进展: '（60%）已完成' })).toMatchObject({ progressNote: '（60%）已完成', progressPercent: null });
    expect(one({ 整改进展: '' })).toMatchObject({ progressNote: null, progressPercent: null });
  });

  it('a status label in 完成情况 is no progress, other text joins the note; 整改中 and 待审核 mean started', () => {
    expect(one({ 整改进展: '进展一', 完成情况: '已销号' })).toMatchObject({ progressNote: '进展一', started: false });
    expect(one({ 整改进展: '进展一', 完成情况: '基本完成' })).toMatchObject({ progressNote: '进展一；基本完成', started: false });
    expect(one({ 完成情况: '整改中' })).toMatchObject({ progressNote: null, progressPercent: null, started: true });
    expect(one({ 完成情况: '待审核' }).started).toBe(true);
    expect(one({ 完成情况: '待整改' }).started).toBe(false);
  });
});

describe('ledger sheet: titles, CSV and grouping', () => {
  it('titles an item by 整改事项, else its actions, else the problem, cut to 300 characters with an ellipsis', () => {
    expect(one({ 整改事项: '事项名' }).title).toBe('事项名');
    expect(one({ 整改事项: '', 整改措施: '措施名' })).toMatchObject({ title: '措施名', actions: '措施名' });
    const long = one({ 整改事项: '', 整改措施: '', '对应整改措施(编号)': '46', 问题描述: '问'.repeat(400) });
    expect(long).toMatchObject({ actions: null });
    expect(long.title).toBe(`${'问'.repeat(299)}…`);
    expect(one({ 整改事项: '事'.repeat(300) }).title).toBe('事'.repeat(300));
    expect(one({ 责任人: '' }).ownerText).toBeNull();
    expect(one({ 责任人: '张三' }).ownerText).toBe('张三');
  });

  it('undoes the export’s CSV guard only for a CSV', () => {
    expect(one({ 整改事项: "'=1+1" }, { csv: true }).title).toBe('=1+1');
    expect(one({ 整改事项: "'=1+1" }).title).toBe("'=1+1");
  });

  it('groups consecutive rows of one problem at one unit; a new unit or problem starts a finding; categories come from the cell or the heading', () => {
    const r = read([
      { 问题描述: '问题甲', '对应整改措施(编号)': '46', 问题类别: '（一）作风建设', 问题来源: '第二轮巡察' },
      { 问题描述: '问题甲', '对应整改措施(编号)': '47、46' },
      { 问题描述: '问题甲', 责任单位: '乙单位' },
      { 问题描述: '问题乙' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.row, f.description, f.unitText, f.measureNumbers, f.items.length, f.categoryHint, f.source])).toEqual([
      [2, '问题甲', '甲单位', [46, 47], 2, '作风建设', '第二轮巡察'],
      [4, '问题甲', '乙单位', [46], 1, null, null],
      [5, '问题乙', '甲单位', [46], 1, null, null],
    ]);
  });
});

describe('ledger sheet: the dates our export writes back', () => {
  const HEADER2 = ['问题描述', '对应整改措施(编号)', '整改措施', '责任单位', '整改时限', '原定整改时限', '是否销号', '销号日期'];
  const read2 = (cells: string[], o: Partial<LedgerOptions> = {}) =>
    parseLedgerSheet(
      [HEADER2, cells].map((c, i): SheetRow => ({ rowNumber: i + 1, cells: c })),
      { ...options, ...o },
    );
  const dates = (original: string, closed: string, closedOn: string, o: Partial<LedgerOptions> = { today: '2026-07-20' }) =>
    read2(['问题', '46', '措施', '甲单位', '2026-06-30', original, closed, closedOn], o);

  it('an original deadline may equal the deadline, never lie after it; it reads dates without a year', () => {
    expect(dates('2026-06-30', '否', '').findings[0].items[0].originalDeadline).toBe('2026-06-30');
    expect(dates('5月31日', '否', '').findings[0].items[0].originalDeadline).toBe('2026-05-31');
    expect(dates('2026-07-01', '否', '').errors).toEqual([
      { row: 2, column: '原定整改时限', message: '原定整改时限2026-07-01晚于整改时限2026-06-30（延期只能推后）' },
    ]);
  });

  it('names a date cell it cannot read, also a deadline text that has no date', () => {
    expect(dates('长期坚持', '否', '').errors).toEqual([
      { row: 2, column: '原定整改时限', message: '日期“长期坚持”无效（应如 2026-07-31）' },
    ]);
    expect(dates('立行立改', '否', '').errors).toEqual([
      { row: 2, column: '原定整改时限', message: '日期“立行立改”无效（应如 2026-07-31）' },
    ]);
    const refused = dates('', '是', '2026年13月1日').errors;
    expect(refused).toHaveLength(1);
    expect(refused[0].column).toBe('销号日期');
    expect(refused[0].message).not.toContain('应如 2026-07-31');
  });

  it('a closing date may be today, not later, and only on a closed item; without a today it is not compared', () => {
    expect(dates('', '是', '2026-07-20').findings[0].items[0].closedOn).toBe('2026-07-20');
    expect(dates('', '是', '2026-07-21').errors).toEqual([{ row: 2, column: '销号日期', message: '销号日期2026-07-21晚于今天' }]);
    expect(dates('', '否', '2026-07-01').errors).toEqual([{ row: 2, column: '销号日期', message: '未销号的事项不应填写销号日期' }]);
    expect(dates('', '是', '2030-01-01', {}).errors).toEqual([]);
  });
});

describe('ledger sheet: more cell forms', () => {
  it('a percent written with spaces inside the brackets still comes back', () => {
    expect(one({ 整改进展: '已完成 （ 60 ％ ）' })).toMatchObject({ progressNote: '已完成', progressPercent: 60 });
  });

  it('trims CSV cells after undoing the guard; reads a row without actions or deadline when its measure is named', () => {
    expect(one({ 整改事项: '  事项  ' }, { csv: true }).title).toBe('事项');
    // The guard is the cell's first character: a quote after blanks is the office's own text.
    expect(one({ 整改事项: "  '=A1" }, { csv: true }).title).toBe("'=A1");
    expect(errorsOf({ 整改措施: '', 整改时限: '' })).toEqual([['整改时限', '整改时限为空']]);
  });

  it('a new problem at the same unit starts a new finding; no header gives no findings', () => {
    const r = read([{ 问题描述: '问题甲' }, { 问题描述: '问题乙' }]);
    expect(r.findings.map((f) => f.description)).toEqual(['问题甲', '问题乙']);
    expect(parseLedgerSheet([{ rowNumber: 1, cells: ['无表头'] }], options).findings).toEqual([]);
  });
});
