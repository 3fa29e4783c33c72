import { describe, expect, it } from '@jest/globals';
import { parsePlanSheet } from './plan-sheet.parser.js';
import type { SheetRow } from './sheet.js';

const ctx = { defaultYear: 2019, immediateDate: '2019-06-10' };
const sheet = (...rows: (string | null)[][]): SheetRow[] =>
  rows.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c ?? '') }));

describe('parsePlanSheet', () => {
  it('finds the header under title rows, follows category rows, and reads `1.1 文字` problems', () => {
    const result = parsePlanSheet(
      sheet(
        ['XX局整改落实方案', 'XX局整改落实方案', 'XX局整改落实方案'],
        ['', '', ''],
        ['序号', '反馈问题', '整改措施', '完成时限'],
        ['一、党的政治建设方面', '一、党的政治建设方面', '一、党的政治建设方面', '一、党的政治建设方面'],
        ['1', '1.1 学习不深入', '措施一', '2019年9月底前'],
        ['２', '1.1 学习不深入', '措施二', '立行立改'],
        ['（一）作风方面'],
        ['３', '１．２ 作风不实', '措施三', '每季度'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(result.problems).toEqual([
      { code: '1-1', category: '党的政治建设方面', description: '学习不深入', row: 5 },
      { code: '1-2', category: '作风方面', description: '作风不实', row: 8 },
    ]);
    expect(result.measures.map((m) => [m.number, m.problemCode, m.deadline, m.rectificationType])).toEqual([
      [1, '1-1', '2019-09-30', 'time_limited'],
      [2, '1-1', '2019-06-10', 'immediate'],
      [3, '1-2', null, 'long_term'],
    ]);
  });

  it('reads code + text columns in any order, ignores extra columns, and related codes in several notations', () => {
    const result = parsePlanSheet(
      sheet(
        ['备注', '关联问题编号', '完成时限', '整改措施', '反馈问题', '反馈问题编号', '问题类别', '序号'],
        ['', '6.2、 5-1；6-1', '2019年12月底前', '措施甲', '问题甲', '1-1', '一、政治', '1'],
        ['', '', '长期坚持', '措施乙', '问题五', '5-1', '五、纪律', '2'],
        ['', '1.1', '长期坚持', '措施丙', '问题六一', '6-1', '六、制度', '3'],
        ['', '', '长期坚持', '措施丁', '问题六二', '6-2', '六、制度', '4'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(result.measures[0].relatedCodes).toEqual(['6-2', '5-1', '6-1']);
    expect(result.measures[2].relatedCodes).toEqual(['1-1']);
    expect(result.problems.map((p) => `${p.code}:${p.category}`)).toEqual(['1-1:政治', '5-1:纪律', '6-1:制度', '6-2:制度']);
  });

  it('a merged problem cell reaching into an otherwise empty row is a blank row, not a measure', () => {
    const result = parsePlanSheet(
      sheet(
        ['序号', '反馈问题', '整改措施', '完成时限'],
        ['1', '1.1 问题', '措施', '立行立改'],
        ['', '1.1 问题', '', ''],
        ['', '', '', ''],
        ['2', '1.1 问题', '措施二', '长期坚持'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(result.measures.map((m) => m.number)).toEqual([1, 2]);
  });

  it('collects every error with the spreadsheet row and the header name', () => {
    const result = parsePlanSheet(
      sheet(
        ['方案标题'],
        ['序号', '反馈问题', '整改措施', '关联问题', '完成时限'],
        ['1', '1.1 问题', '措施', '9.9', '尽快'],
        ['1', '1.1 问题', '措施', '', '立行立改'],
        ['x', '没有编号的问题', '', '', '长期坚持'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([
      { row: 3, column: '完成时限', message: expect.stringContaining('尽快') },
      { row: 3, column: '关联问题', message: expect.stringContaining('9-9') },
      { row: 4, column: '序号', message: expect.stringContaining('重复') },
      { row: 5, column: '序号', message: expect.stringContaining('x') },
      { row: 5, column: '整改措施', message: '整改措施为空' },
    ]);
  });

  it('a related code may name a problem the inspection already has', () => {
    const rows = sheet(['序号', '反馈问题', '整改措施', '关联问题', '完成时限'], ['1', '1.1 问题', '措施', '7-1', '立行立改']);
    expect(parsePlanSheet(rows, ctx).errors).toHaveLength(1);
    expect(parsePlanSheet(rows, { ...ctx, knownCodes: ['7-1'] }).errors).toEqual([]);
  });

  it('without the required headers it says which are needed', () => {
    const result = parsePlanSheet(sheet(['a', 'b'], ['1', '2']), ctx);
    expect(result.errors).toEqual([{ row: 1, column: '', message: expect.stringContaining('整改措施、完成时限') }]);
  });
});
