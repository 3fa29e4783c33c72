import { describe, expect, it } from '@jest/globals';
import { CsvSyntaxError, decodeText, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits plain fields and rows with CRLF, LF or CR endings, without a trailing empty row', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(parseCsv('"建立""第一议题""制度",x\n"一，二,三","第一行\r\n第二行"\n')).toEqual([
      ['建立"第一议题"制度', 'x'],
      ['一，二,三', '第一行\r\n第二行'],
    ]);
  });

  it('keeps empty fields, also at the end of a row', () => {
    expect(parseCsv('a,,c,\n,,,')).toEqual([
      ['a', '', 'c', ''],
      ['', '', '', ''],
    ]);
  });

  it('reports an unclosed quote with the row it opened on', () => {
    expect(() => parseCsv('a,b\nc,"open\nmore')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\nc,"open\nmore');
    } catch (e) {
      expect((e as CsvSyntaxError).row).toBe(2);
    }
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeText(Buffer.from('\uFEFF序号,整改措施', 'utf8'))).toEqual({ text: '序号,整改措施', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('序号', 'utf8')).text).toBe('序号');
  });

  it('falls back to GB18030 for files Chinese Excel saved in the local code page', () => {
    const gbk = Buffer.from([0xd0, 0xf2, 0xba, 0xc5]); // 序号
    expect(decodeText(gbk)).toEqual({ text: '序号', encoding: 'gb18030' });
  });
});
