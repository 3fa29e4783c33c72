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

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let quoteStartRow = 1;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteStartRow = rows.length + 1;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
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
