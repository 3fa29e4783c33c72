import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { bombXlsx, farCellXlsx, sheetXlsx, zip } from '../../../../test/support/hostile-sheets.js';
import { PLAN_XLSX } from '../../../../test/support/plan.js';
import { CsvLimitError, parseCsv } from './csv.js';
import type { ImportLimits } from './limits.js';
import { SheetReadError, type SheetRow } from './sheet.js';
import { readXlsx, readXlsxSheets } from './xlsx-reader.js';

const LIMITS: ImportLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxZipEntries: 500,
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxRows: 20_000,
  maxColumns: 100,
  maxCells: 500_000,
  maxCellChars: 32_767,
};

/** What the reader refused with (the message users see), or the sheets it read. */
async function refusal(buffer: Buffer, limits: Partial<ImportLimits> = {}): Promise<string> {
  try {
    await readXlsx(buffer, { ...LIMITS, ...limits });
  } catch (e) {
    if (e instanceof SheetReadError) return e.problem.message;
    throw e;
  }
  throw new Error('the workbook was read');
}

/**
 * The rows exceljs' whole-workbook reader gives (the reader this one replaced): every row up to
 * the last, every column up to the last, a merged cell's value in every cell it spans.
 */
async function exceljsRows(buffer: Buffer): Promise<SheetRow[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const text = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object') {
      if ('richText' in v) return v.richText.map((r) => r.text).join('');
      if ('formula' in v || 'sharedFormula' in v) return text((v as { result?: ExcelJS.CellValue }).result ?? null);
      if ('text' in v) return text((v as { text: ExcelJS.CellValue }).text);
      return '';
    }
    return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  };
  return wb.worksheets.map((ws) => {
    const rows: SheetRow[] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = ws.getRow(r).getCell(c);
        cells.push(text((cell.isMerged ? cell.master : cell).value).trim());
      }
      rows.push({ rowNumber: r, cells });
    }
    return rows;
  });
}

/** Drop trailing blank rows and columns, which the two readers count differently and nothing reads. */
function trimmed(sheet: SheetRow[]): string[][] {
  const rows = sheet.map((r) => r.cells);
  while (rows.length && rows[rows.length - 1].every((c) => c === '')) rows.pop();
  const width = Math.max(0, ...rows.map((r) => r.reduce((w, c, i) => (c !== '' ? i + 1 : w), 0)));
  return rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
}

describe('readXlsx (streaming, with caps)', () => {
  it('reads the office plan (title row, category rows, merged problems, full-width numbers, blank row) as exceljs did', async () => {
    const buffer = readFileSync(PLAN_XLSX);
    const [sheet] = await readXlsx(buffer, LIMITS);
    const [reference] = await exceljsRows(buffer);
    expect(trimmed(sheet)).toEqual(trimmed(reference));
    expect(sheet.map((r) => r.rowNumber)).toEqual(sheet.map((_, i) => i + 1));
    // The problem merged down its measures reads on each of their rows.
    expect(sheet.slice(3, 7).map((r) => r.cells[1].slice(0, 3))).toEqual(['1.1', '1.1', '1.1', '1.1']);
    // So does the title merged across the columns, and each category row.
    expect(new Set(sheet[0].cells).size).toBe(1);
    expect(new Set(sheet[2].cells)).toEqual(new Set(['一、党的政治建设方面']));
  });

  it('reads shared and inline strings, rich text, numbers, dates, booleans, formulas and merges as exceljs did, in tab order', async () => {
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet('说明');
    first.getCell('A1').value = '封面';
    const ws = wb.addWorksheet('台账');
    ws.getCell('A1').value = '2026年整改台账';
    ws.mergeCells('A1:E1');
    ws.getCell('A2').value = { richText: [{ text: '问题' }, { text: '描述', font: { bold: true } }] };
    ws.getCell('B2').value = 46;
    ws.getCell('C2').value = new Date(Date.UTC(2026, 2, 31));
    ws.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('D2').value = true;
    ws.getCell('E2').value = { formula: 'B2*2', result: 92 };
    ws.getCell('A3').value = '  带空格  ';
    ws.getCell('B3').value = 0.1;
    ws.getCell('C3').value = { formula: 'A3&"x"', result: '带空格x' };
    ws.getCell('A4').value = '合并下行';
    ws.mergeCells('A4:B6');
    ws.getCell('E9').value = { text: '链接', hyperlink: 'https://example.com' };
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const sheets = await readXlsx(buffer, LIMITS);
    const reference = await exceljsRows(buffer);
    expect(sheets.map(trimmed)).toEqual(reference.map(trimmed));
    expect(trimmed(sheets[1])[1]).toEqual(['问题描述', '46', '2026-03-31', 'TRUE', '92']);
    expect(
      trimmed(sheets[1])
        .slice(3, 6)
        .map((r) => r.slice(0, 3)),
    ).toEqual([
      ['合并下行', '合并下行', ''],
      ['合并下行', '合并下行', ''],
      ['合并下行', '合并下行', ''],
    ]);
  });

  it('refuses a value at a far row or column from its address, without reading up to it', async () => {
    expect(await refusal(await farCellXlsx('GR200000'))).toBe('工作表超过 20000 行上限（第200000行有内容）');
    expect(await refusal(await farCellXlsx('XFD2'))).toBe('工作表超过 100 列上限（XFD2 有内容）');
    // Text in CDATA reads like any text; empty cells far away hold nothing and are ignored (Excel writes styled empty cells).
    const [sheet] = await readXlsx(
      await sheetXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c><c r="XFD1048576" s="1"/></row>'),
      LIMITS,
    );
    expect(sheet).toEqual([{ rowNumber: 1, cells: ['a<b'] }]);
  });

  it('refuses a merge whose value would spread beyond the caps, and counts the cells a merge spans', async () => {
    const a1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>合并</t></is></c></row>';
    expect(await refusal(await sheetXlsx(a1, '<mergeCells count="1"><mergeCell ref="A1:A1048576"/></mergeCells>'))).toMatch(/20000 行上限/);
    expect(await refusal(await sheetXlsx(a1, '<mergeCells count="1"><mergeCell ref="A1:J20"/></mergeCells>'), { maxCells: 150 })).toBe(
      '工作表超过 150 个非空单元格上限',
    );
  });

  it('counts rows, cells and characters while streaming', async () => {
    const rows = (n: number, cells = 1) =>
      Array.from({ length: n }, (_, i) => `<row r="${i + 1}">${'<c t="inlineStr"><is><t>x</t></is></c>'.repeat(cells)}</row>`).join('');
    expect(await refusal(await sheetXlsx(rows(25_000)))).toBe('工作表超过 20000 行上限（第20001行有内容）');
    expect(await refusal(await sheetXlsx(rows(300, 10)), { maxCells: 2000 })).toBe('工作表超过 2000 个非空单元格上限');
    const long = `<row r="1"><c r="A1" t="inlineStr"><is><t>${'长'.repeat(40_000)}</t></is></c></row>`;
    expect(await refusal(await sheetXlsx(long))).toBe('单元格内容超过 32767 个字符上限（第1行）');
  });

  it('refuses a shared string longer than the cap and a shared-string table larger than the cells cap', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').getCell('A1').value = '长'.repeat(200);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await refusal(buffer, { maxCellChars: 100 })).toBe('共享字符串超过 100 个字符上限');
    const many = new ExcelJS.Workbook();
    const ws = many.addWorksheet('s');
    for (let r = 1; r <= 200; r++) ws.getCell(`A${r}`).value = `文本${r}`;
    expect(await refusal(Buffer.from(await many.xlsx.writeBuffer()), { maxCells: 150 })).toBe('共享字符串超过 150 个上限');
  });

  it('refuses a zip bomb from its directory before inflating: declared size, then compression ratio', async () => {
    expect(await refusal(await bombXlsx(60))).toBe('Excel 文件解压后超过 50 MB 上限');
    expect(await refusal(await bombXlsx(20))).toBe('Excel 文件压缩比超过 200 倍上限（疑似压缩炸弹）');
  });

  it('stops inflating a part whose headers understate its size', async () => {
    // The headers claim 2 KB: yauzl notices more bytes than declared; the counted budget is the second guard.
    expect(await refusal(await bombXlsx(20, 2048))).toBe('Excel 文件中有部件解压后超过其声明的大小（疑似压缩炸弹）');
    expect(await refusal(await bombXlsx(3), { maxUnpackedBytes: 1024 * 1024, maxCompressionRatio: 100_000 })).toBe(
      'Excel 文件解压后超过 1 MB 上限',
    );
  });

  it('refuses a zip of too many parts, and anything that is not a workbook', async () => {
    const parts = Array.from({ length: 600 }, (_, i) => ({ name: `x/${i}.xml`, content: Buffer.from('<a/>') }));
    expect(await refusal(await zip(parts))).toBe('Excel 文件包含超过 500 个部件的上限');
    expect(await refusal(Buffer.from('PK\u0003\u0004 not really a zip'))).toBe('无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏');
    expect(await refusal(await zip([{ name: 'xl/workbook.xml', content: Buffer.from('<workbook><sheets>') }]))).toBe(
      '无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏',
    );
  });

  it('reads worksheets one at a time: a caller that stops at the first never reads a bad second one', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').getCell('A1').value = '第一张';
    wb.addWorksheet('b').getCell('XFD1').value = '远';
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(readXlsx(buffer, LIMITS)).rejects.toThrow('工作表超过 100 列上限（XFD1 有内容）');
    for await (const sheet of readXlsxSheets(buffer, LIMITS)) {
      expect(sheet[0].cells).toEqual(['第一张']);
      break;
    }
  });
});

describe('parseCsv caps', () => {
  const limits = { maxRows: 3, maxColumns: 2, maxCells: 5, maxCellChars: 4 };
  const refusal = (text: string) => {
    try {
      parseCsv(text, limits);
    } catch (e) {
      if (e instanceof CsvLimitError) return e.message;
      throw e;
    }
    throw new Error('the CSV was read');
  };

  it('stops at the first record, field or cell beyond the caps', () => {
    expect(refusal('a\nb\nc\nd\ne\n')).toBe('工作表超过 3 行上限（第4行有内容）');
    expect(refusal('a,b,c\n')).toBe('工作表超过 2 列上限（第1行第3列有内容）');
    expect(refusal('a,b\nc,d\ne,f\n')).toBe('工作表超过 5 个非空单元格上限');
    expect(refusal('abcde\n')).toBe('单元格内容超过 4 个字符上限（第1行）');
    expect(refusal('"ab""cd"\n')).toBe('单元格内容超过 4 个字符上限（第1行）');
  });

  it('drops what holds nothing beyond the caps: blank records and empty fields', () => {
    expect(parseCsv('a,b,,\n\n\n\n\n', limits)).toEqual([['a', 'b'], [''], ['']]);
  });
});
