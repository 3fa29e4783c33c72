/**
 * A small RFC 4180 reader. Written here rather than taken from a package because the rules are
 * few and fully covered by csv.spec.ts: comma separator, fields optionally in double quotes,
 * quotes inside doubled, commas and line breaks allowed inside quotes, CRLF / LF / CR line ends.
 */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
  }
}

/** The file breaks one of the caps; the message names it. */
export class CsvLimitError extends CsvSyntaxError {}

/** Caps checked while reading, so that a huge file stops at the first record beyond them. */
export interface CsvLimits {
  /** Records (rows) with content; blank records beyond it are dropped. */
  maxRows: number;
  /** Fields per record; empty fields beyond it are dropped. */
  maxColumns: number;
  /** Non-empty fields in the file. */
  maxCells: number;
  /** Characters in one field. */
  maxCellChars: number;
}

const UNLIMITED: CsvLimits = { maxRows: Infinity, maxColumns: Infinity, maxCells: Infinity, maxCellChars: Infinity };

export function parseCsv(text: string, limits: CsvLimits = UNLIMITED): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let record = 1;
  let quoteStartRow = 1;
  let cells = 0;
  let i = 0;
  const checkLength = () => {
    if (field.length > limits.maxCellChars)
      throw new CsvLimitError(`单元格内容超过 ${limits.maxCellChars} 个字符上限（第${record}行）`, record);
  };
  const endField = () => {
    if (field !== '') {
      if (record > limits.maxRows) throw new CsvLimitError(`工作表超过 ${limits.maxRows} 行上限（第${record}行有内容）`, record);
      if (row.length >= limits.maxColumns) {
        throw new CsvLimitError(`工作表超过 ${limits.maxColumns} 列上限（第${record}行第${row.length + 1}列有内容）`, record);
      }
      if (++cells > limits.maxCells) throw new CsvLimitError(`工作表超过 ${limits.maxCells} 个非空单元格上限`, record);
    }
    if (row.length < limits.maxColumns) row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (record <= limits.maxRows) rows.push(row);
    row = [];
    record++;
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          checkLength();
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      checkLength();
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteStartRow = record;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      checkLength();
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(`第${quoteStartRow}行的引号没有闭合`, quoteStartRow);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** UTF-8 with or without BOM; files saved by Chinese Excel as GB18030/GBK are read too. */
export function decodeText(buffer: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  let bytes: Uint8Array = buffer;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}
