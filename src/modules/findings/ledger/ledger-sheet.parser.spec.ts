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
});
