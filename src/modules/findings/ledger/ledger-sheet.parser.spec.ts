import { describe, expect, it } from '@jest/globals';
import type { SheetRow } from '../../plans/import/sheet.js';
import { parseLedgerSheet } from './ledger-sheet.parser.js';

const options = { defaultYear: 2026, immediateDate: '2026-05-31', longTermDate: '2026-12-31' };
const sheet = (...rows: string[][]): SheetRow[] => rows.map((cells, i) => ({ rowNumber: i + 1, cells }));
const HEADER = ['问题描述', '对应整改措施(编号)', '整改措施', '责任单位', '责任人', '整改时限', '整改类型', '是否销号'];

describe('parseLedgerSheet', () => {
  it('groups consecutive rows of one (merged) problem at one unit into one finding, its items one per row', () => {
    const result = parseLedgerSheet(
      sheet(
        ['台账'],
        HEADER,
        ['一、作风建设方面'],
        ['问题甲', '46、４８', '措施一', '甲单位', '张三', '2026年3月底前', '', '是'],
        ['问题甲', '48', '措施二', '甲单位', '', '12月31日前', '', ''],
        ['问题甲', '', '', '', '', '', '', ''],
        ['问题乙', '5;6', '措施三', 'B', '', '', '立行立改', '否'],
      ),
      options,
    );
    expect(result.errors).toEqual([]);
    expect(result.findings).toHaveLength(2);
    expect(result.findings[0]).toMatchObject({ row: 4, categoryHint: '作风建设方面', unitText: '甲单位', measureNumbers: [46, 48] });
    expect(result.findings[0].items.map((i) => [i.row, i.deadline, i.closed])).toEqual([
      [4, '2026-03-31', true],
      [5, '2026-12-31', false],
    ]);
    expect(result.findings[1].items[0]).toMatchObject({ rectificationType: 'immediate', deadline: '2026-05-31', closed: false });
  });

  it('reports bad cells with their row and header name', () => {
    const result = parseLedgerSheet(sheet(HEADER, ['问题', '第x条', '措施', '', '', '尽快', '看情况', '也许']), options);
    expect(result.errors.map((e) => e.column)).toEqual(['责任单位', '对应整改措施(编号)', '整改类型', '整改时限', '是否销号']);
    expect(result.errors.every((e) => e.row === 2)).toBe(true);
  });

  it('reads back 整改事项, 原定整改时限, 销号日期 and 完成情况 整改中 as our export writes them, and checks them', () => {
    const header = [
      '问题描述',
      '对应整改措施(编号)',
      '整改事项',
      '整改措施',
      '责任单位',
      '整改时限',
      '原定整改时限',
      '完成情况',
      '是否销号',
      '销号日期',
    ];
    const ok = parseLedgerSheet(
      sheet(
        header,
        ['问题甲', '46', '清理公车', '清理公务用车，建立登记制度', '甲单位', '2026-08-31', '2026-06-30', '已销号', '是', '2026-07-15'],
        ['问题甲', '46', '', '修订办法', '甲单位', '2026-09-30', '', '整改中', '否', ''],
      ),
      { ...options, today: '2026-07-20' },
    );
    expect(ok.errors).toEqual([]);
    expect(ok.findings[0].items.map((i) => [i.title, i.actions, i.deadline, i.originalDeadline, i.closedOn, i.started])).toEqual([
      ['清理公车', '清理公务用车，建立登记制度', '2026-08-31', '2026-06-30', '2026-07-15', false],
      ['修订办法', '修订办法', '2026-09-30', '2026-09-30', null, true],
    ]);
    const bad = parseLedgerSheet(
      sheet(
        header,
        ['问题甲', '46', '甲', '措施', '甲单位', '2026-06-30', '2026-08-31', '', '是', '2026-07-15'],
        ['问题乙', '46', '乙', '措施', '甲单位', '2026-06-30', '', '', '否', '2026-07-15'],
        ['问题丙', '46', '丙', '措施', '甲单位', '2026-06-30', '', '', '是', '2026-07-25'],
        ['问题丁', '46', '丁', '措施', '甲单位', '2026-06-30', '不详', '', '是', ''],
      ),
      { ...options, today: '2026-07-20' },
    );
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '原定整改时限'],
      [3, '销号日期'],
      [4, '销号日期'],
      [5, '原定整改时限'],
    ]);
  });
});
