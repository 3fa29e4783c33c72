import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { RATIO_CHECK_MIN_BYTES, type ImportLimits } from './limits.js';
import { SheetReadError, type SheetRow } from './sheet.js';

const DAMAGED = '无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏';

function refuse(message: string, row = 0): never {
  throw new SheetReadError({ row, column: '', message });
}

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/** Excel's built-in number formats that show a date or time (ECMA-376 18.8.30, with the East Asian ones). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A custom format shows a date when, outside quoted text and [..] parts, it has date or time letters (as exceljs decides). */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An Excel serial day as the calendar date it shows (`YYYY-MM-DD`), in the 1900 or 1904 date system. */
function serialDate(serial: number, date1904: boolean): string {
  const d = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The element's name without its namespace prefix (`x:c` → `c`). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** `GR200000` → column 200, row 200000; letters and digits bounded so nothing is allocated from them. */
function decodeAddress(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  return row >= 1 ? { col, row } : null;
}

function columnName(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) reject(new SheetReadError({ row: 0, column: '', message: DAMAGED }));
      else resolve(zip);
    });
  });
}

/**
 * The zip's directory, checked before anything is inflated: number of parts, each part's declared
 * size and compression ratio, and the declared total against the unpacked cap.
 */
function listEntries(zip: ZipFile, limits: ImportLimits): Promise<Map<string, Entry>> {
  if (zip.entryCount > limits.maxZipEntries) refuse(`Excel 文件包含超过 ${limits.maxZipEntries} 个部件的上限`);
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    let declared = 0;
    zip.on('entry', (entry: Entry) => {
      try {
        declared += entry.uncompressedSize;
        if (declared > limits.maxUnpackedBytes) refuse(`Excel 文件解压后超过 ${mb(limits.maxUnpackedBytes)} MB 上限`);
        if (
          entry.uncompressedSize > RATIO_CHECK_MIN_BYTES &&
          entry.uncompressedSize > limits.maxCompressionRatio * Math.max(entry.compressedSize, 1)
        ) {
          refuse(`Excel 文件压缩比超过 ${limits.maxCompressionRatio} 倍上限（疑似压缩炸弹）`);
        }
        if (!entry.fileName.endsWith('/')) entries.set(entry.fileName.toLowerCase(), entry);
        zip.readEntry();
      } catch (e) {
        zip.close();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(new SheetReadError({ row: 0, column: '', message: DAMAGED })));
    zip.readEntry();
  });
}

interface SaxHandlers {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/**
 * Reads one part of the zip. Every inflated byte is counted against what is left of the
 * unpacked budget and the read stops the moment it runs out, whatever the part's headers
 * declared (yauzl's validateEntrySizes also stops a part at its declared size, and the refusal
 * says so). XML goes through a SAX parser chunk by chunk; nothing holds the whole part.
 */
class ZipReader {
  private remaining: number;

  constructor(
    private readonly zip: ZipFile,
    private readonly limits: ImportLimits,
  ) {
    this.remaining = limits.maxUnpackedBytes;
  }

  async parse(entry: Entry, handlers: SaxHandlers): Promise<void> {
    const stream = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(entry, (err, s) =>
        err || !s ? reject(new SheetReadError({ row: 0, column: '', message: DAMAGED })) : resolve(s),
      );
    });
    const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
    parser.on('error', (e) => {
      throw e;
    });
    // A DTD could declare entities; no part of a workbook has one.
    parser.on('doctype', () => refuse(DAMAGED));
    if (handlers.open) {
      const open = handlers.open;
      parser.on('opentag', (tag: SaxesTagPlain) => open(local(tag.name), tag.attributes));
    }
    if (handlers.close) {
      const close = handlers.close;
      parser.on('closetag', (tag: SaxesTagPlain) => close(local(tag.name)));
    }
    if (handlers.text) {
      parser.on('text', handlers.text);
      parser.on('cdata', handlers.text);
    }
    const decoder = new StringDecoder('utf8');
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.remaining -= chunk.length;
        if (this.remaining < 0) refuse(`Excel 文件解压后超过 ${mb(this.limits.maxUnpackedBytes)} MB 上限`);
        parser.write(decoder.write(chunk));
      }
      parser.write(decoder.end());
      parser.close();
    } catch (e) {
      stream.destroy();
      if (e instanceof SheetReadError) throw e;
      // yauzl's validateEntrySizes: the part inflates to more than its headers declared.
      if (e instanceof Error && /too many bytes/.test(e.message)) refuse('Excel 文件中有部件解压后超过其声明的大小（疑似压缩炸弹）');
      refuse(DAMAGED);
    }
  }
}

interface WorkbookParts {
  /** Worksheet parts in tab order. */
  sheets: Entry[];
  date1904: boolean;
  /** For each cell style index: does it show a date. */
  dateStyles: boolean[];
  sharedStrings: string[];
}

/** Relationship id → part name, for the workbook's relationships. */
async function readRelationships(reader: ZipReader, entry: Entry | undefined): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  if (!entry) return targets;
  await reader.parse(entry, {
    open: (name, a) => {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join('xl', a.Target));
      targets.set(a.Id, target.toLowerCase());
    },
  });
  return targets;
}

async function readWorkbook(reader: ZipReader, entries: Map<string, Entry>, limits: ImportLimits): Promise<WorkbookParts> {
  const workbook = entries.get('xl/workbook.xml');
  if (!workbook) refuse(DAMAGED);
  const rels = await readRelationships(reader, entries.get('xl/_rels/workbook.xml.rels'));
  const sheets: Entry[] = [];
  let date1904 = false;
  await reader.parse(workbook, {
    open: (name, a) => {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name !== 'sheet') return;
      const relId = Object.entries(a).find(([k]) => k === 'id' || k.endsWith(':id'))?.[1];
      const part = relId ? rels.get(relId) : undefined;
      const entry = part ? entries.get(part) : undefined;
      if (entry && part?.startsWith('xl/worksheets/')) sheets.push(entry);
    },
  });

  const dateStyles: boolean[] = [];
  const styles = entries.get('xl/styles.xml');
  if (styles) {
    const customDate = new Map<number, boolean>();
    let inCellXfs = false;
    await reader.parse(styles, {
      open: (name, a) => {
        if (name === 'numFmt') customDate.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(a.numFmtId ?? 0);
          dateStyles.push(customDate.get(id) ?? BUILTIN_DATE_FORMATS.has(id));
        }
      },
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }

  const sharedStrings: string[] = [];
  const strings = entries.get('xl/sharedstrings.xml');
  if (strings) {
    let text: string | null = null;
    let depthInPhonetic = 0;
    let inText = false;
    await reader.parse(strings, {
      open: (name) => {
        if (name === 'si') text = '';
        else if (name === 'rPh') depthInPhonetic++;
        else if (name === 't' && depthInPhonetic === 0) inText = true;
      },
      text: (t) => {
        if (!inText || text === null) return;
        text += t;
        if (text.length > limits.maxCellChars) refuse(`共享字符串超过 ${limits.maxCellChars} 个字符上限`);
      },
      close: (name) => {
        if (name === 't') inText = false;
        else if (name === 'rPh') depthInPhonetic--;
        else if (name === 'si') {
          if (sharedStrings.length >= limits.maxCells) refuse(`共享字符串超过 ${limits.maxCells} 个上限`);
          // Trimmed once here: a cell then refers to this string instead of copying it.
          sharedStrings.push((text ?? '').trim());
          text = null;
        }
      },
    });
  }
  return { sheets, date1904, dateStyles, sharedStrings };
}

/**
 * One worksheet's rows as text, streamed: a value at a row or column beyond the caps is refused
 * from its address before anything is allocated for it; cells (merged spans included) and cell
 * length are counted as they come. A merged cell's value is given to every cell it spans.
 */
async function readWorksheet(reader: ZipReader, entry: Entry, book: WorkbookParts, limits: ImportLimits): Promise<SheetRow[]> {
  const rows = new Map<number, string[]>();
  const merges: { top: number; left: number; bottom: number; right: number }[] = [];
  let cells = 0;
  let lastRow = 0;
  let lastCol = 0;

  let rowNumber = 0;
  let col = 0;
  let cell: { ref: { row: number; col: number }; type: string; style: number } | null = null;
  let value: string | null = null;
  let capture = false;
  let depthInPhonetic = 0;

  const checkPlace = (row: number, column: number) => {
    if (row > limits.maxRows) refuse(`工作表超过 ${limits.maxRows} 行上限（第${row}行有内容）`, row);
    if (column > limits.maxColumns) refuse(`工作表超过 ${limits.maxColumns} 列上限（${columnName(column)}${row} 有内容）`, row);
  };
  const put = (row: number, column: number, text: string) => {
    let cellsOfRow = rows.get(row);
    if (!cellsOfRow) rows.set(row, (cellsOfRow = []));
    cellsOfRow[column - 1] = text;
    if (row > lastRow) lastRow = row;
    if (column > lastCol) lastCol = column;
  };
  const count = (n: number, row: number) => {
    cells += n;
    if (cells > limits.maxCells) refuse(`工作表超过 ${limits.maxCells} 个非空单元格上限`, row);
  };
  const textOf = (raw: string, type: string, style: number): string => {
    switch (type) {
      case 's':
        return book.sharedStrings[Number(raw)] ?? '';
      case 'inlineStr':
      case 'str':
      case 'd':
        return raw.trim();
      case 'b':
        return raw.trim() === '' ? '' : Number(raw) !== 0 ? 'TRUE' : 'FALSE';
      case 'e':
        return '';
      default: {
        const n = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(n)) return raw.trim();
        return book.dateStyles[style] ? serialDate(n, book.date1904) : String(n);
      }
    }
  };

  await reader.parse(entry, {
    open: (name, a) => {
      switch (name) {
        case 'row': {
          const r = a.r === undefined ? rowNumber + 1 : Number(a.r);
          if (!Number.isInteger(r) || r < 1 || r > 1_048_576) refuse(DAMAGED);
          rowNumber = r;
          col = 0;
          break;
        }
        case 'c': {
          const ref = a.r === undefined ? { row: rowNumber, col: col + 1 } : decodeAddress(a.r);
          if (!ref || ref.row < 1) refuse(DAMAGED);
          col = ref.col;
          cell = { ref, type: a.t ?? 'n', style: Number(a.s ?? 0) };
          value = null;
          break;
        }
        case 'v':
          if (cell) {
            value = '';
            capture = true;
          }
          break;
        case 'is':
          if (cell) value = '';
          break;
        case 'rPh':
          depthInPhonetic++;
          break;
        case 't':
          if (cell && value !== null && depthInPhonetic === 0) capture = true;
          break;
        case 'mergeCell': {
          const [from, to = from] = (a.ref ?? '').split(':');
          const start = decodeAddress(from);
          const end = decodeAddress(to);
          if (!start || !end) refuse(DAMAGED);
          merges.push({
            top: Math.min(start.row, end.row),
            left: Math.min(start.col, end.col),
            bottom: Math.max(start.row, end.row),
            right: Math.max(start.col, end.col),
          });
          if (merges.length > limits.maxCells) refuse(`工作表超过 ${limits.maxCells} 个非空单元格上限`);
          break;
        }
      }
    },
    text: (t) => {
      if (!capture || value === null) return;
      value += t;
      if (value.length > limits.maxCellChars) {
        refuse(`单元格内容超过 ${limits.maxCellChars} 个字符上限（第${cell?.ref.row ?? 0}行）`, cell?.ref.row ?? 0);
      }
    },
    close: (name) => {
      switch (name) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'rPh':
          depthInPhonetic--;
          break;
        case 'c': {
          if (cell && value !== null) {
            const text = textOf(value, cell.type, cell.style);
            if (text !== '') {
              const { row, col: column } = cell.ref;
              checkPlace(row, column);
              count(1, row);
              put(row, column, text);
            }
          }
          cell = null;
          value = null;
          capture = false;
          break;
        }
      }
    },
  });

  for (const m of merges) {
    const master = rows.get(m.top)?.[m.left - 1];
    if (!master) continue;
    checkPlace(m.bottom, m.right);
    count((m.bottom - m.top + 1) * (m.right - m.left + 1) - 1, m.top);
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) put(r, c, master);
  }

  const sheet: SheetRow[] = [];
  for (let r = 1; r <= lastRow; r++) {
    const values = rows.get(r);
    const row: string[] = new Array<string>(lastCol);
    for (let c = 0; c < lastCol; c++) row[c] = values?.[c] ?? '';
    sheet.push({ rowNumber: r, cells: row });
  }
  return sheet;
}

/**
 * The workbook's worksheets, in tab order, one at a time, as text rows numbered as the
 * spreadsheet shows them. Caps (`ImportLimits`) are checked before inflating (the zip's
 * directory) and while reading (bytes inflated, rows, columns, cells, string length); any breach
 * or damage is a SheetReadError naming it. Only the sheet being read is held in memory: a caller
 * that stops at the sheet it wants never reads the rest.
 */
export async function* readXlsxSheets(buffer: Buffer, limits: ImportLimits): AsyncGenerator<SheetRow[]> {
  const zip = await openZip(buffer);
  try {
    const entries = await listEntries(zip, limits);
    const reader = new ZipReader(zip, limits);
    const book = await readWorkbook(reader, entries, limits);
    for (const entry of book.sheets) yield await readWorksheet(reader, entry, book, limits);
  } finally {
    zip.close();
  }
}

/** Every worksheet at once (tests and small files; imports iterate `readXlsxSheets`). */
export async function readXlsx(buffer: Buffer, limits: ImportLimits): Promise<SheetRow[][]> {
  const sheets: SheetRow[][] = [];
  for await (const sheet of readXlsxSheets(buffer, limits)) sheets.push(sheet);
  return sheets;
}
