import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';
import { DomainException, ErrorCode } from '../../common/errors.js';

/**
 * The shared 公文 builder: every Word document the bureau files (整改情况报告, 销号申请表, 督办单,
 * 整改进展通报) is described as plain data — title, 主送, numbered headings, paragraphs, tables,
 * 落款 and date — and laid out here the one way GB/T 9704 asks for: A4, margins 37/35/28/26 mm,
 * 三号仿宋_GB2312 body on a fixed 28-point line, 二号方正小标宋简体 title, 一、 黑体, （一） 楷体_GB2312,
 * 1. 仿宋 bold. Headings are numbered here (一、（一）1.), so callers never count.
 *
 * Fonts are named with the names Chinese government machines have, each run carrying the CJK font
 * as `eastAsia` and a Latin one for digits. Where a name is missing (仿宋_GB2312 is not on a recent
 * Windows, none of them on a Linux server) the font table says what to use instead (`w:altName`:
 * 仿宋, 楷体, SimHei, 宋体) and that each is a GB2312 font, and the document's language is zh-CN, so
 * Word and LibreOffice substitute a Chinese face of the same kind, never a Latin one.
 */

/** One thing in a document's body. */
export type DocumentBlock =
  /** Numbered by level: 1 → 一、, 2 → （一）, 3 → 1. (counters restart under a higher level). */
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  /** A body paragraph, indented two characters. */
  | { kind: 'paragraph'; text: string }
  /** A grid with a header row; cells are text (numbers are written as given). */
  | { kind: 'table'; headers: string[]; rows: (string | number)[][]; widths?: number[]; note?: string }
  /** A form: label | value rows (销号申请表, 督办单). A value may be several lines. */
  | { kind: 'form'; rows: [label: string, value: string][] };

export interface OfficialDocumentSpec {
  /** 发文字号; null prints the placeholder the office fills in by hand (〔YYYY〕  号); absent for forms. */
  documentNumber?: string | null;
  /** Year of the placeholder 文号. */
  year: number;
  title: string;
  /** 主送机关, e.g. 上级党组第二巡视组 (none for forms). */
  addressee?: string;
  blocks: DocumentBlock[];
  /** 落款 (issuing body) above the date. */
  issuer?: string;
  /** 成文日期, YYYY-MM-DD; written 2026年6月15日. */
  date: string;
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Past this a document is refused (413) rather than sent: each table is already bounded by its builder. */
export const DOCUMENT_MAX_BYTES = 8 * 1024 * 1024;
/** Rows a builder puts in one table at most; the rest is counted in a note under it. */
export const DOCUMENT_TABLE_ROWS = 500;

const FONT = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  latin: 'Times New Roman',
};
const SIZE = { title: 44, body: 32, table: 24 }; // half-points: 二号 22pt, 三号 16pt, 小四 12pt
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // fixed 28 pt
const TABLE_LINE = { line: 360, lineRule: LineRuleType.AUTO };
const MM = 56.7; // twips per millimetre

/** word/fontTable.xml: each named font with its fallback (altName) and GB2312 charset (86). */
const FALLBACKS: [name: string, altName: string, family: string][] = [
  [FONT.body, '仿宋', 'modern'],
  [FONT.heading2, '楷体', 'modern'],
  [FONT.heading1, 'SimHei', 'modern'],
  [FONT.title, '宋体', 'roman'],
];
const FONT_TABLE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  FALLBACKS.map(
    ([name, alt, family]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
  ).join('') +
  `<w:font w:name="${FONT.latin}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
  '</w:fonts>';

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 一百 (headings never go further). */
export function chineseNumeral(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return String(n);
}

/** 2026-06-15 → 2026年6月15日 (GB/T 9704 writes the date in Arabic numerals, no leading zeros). */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const run = (text: string, font: string, size: number, extra: Partial<IRunOptions> = {}) =>
  new TextRun({ text, size, font: { ascii: FONT.latin, hAnsi: FONT.latin, eastAsia: font, cs: FONT.latin, hint: 'eastAsia' }, ...extra });

/** Lines of `text` as runs separated by line breaks. */
function lines(text: string, font: string, size: number, extra: Partial<IRunOptions> = {}): TextRun[] {
  return text.split('\n').map((l, i) => run(l, font, size, { ...extra, ...(i > 0 ? { break: 1 } : {}) }));
}

function body(text: string): Paragraph {
  return new Paragraph({
    children: lines(text, FONT.body, SIZE.body),
    spacing: LINE,
    indent: { firstLine: 640 },
    alignment: AlignmentType.BOTH,
  });
}

function cell(text: string, opts: { bold?: boolean; width?: number; shade?: boolean } = {}): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        children: lines(text, opts.bold ? FONT.heading1 : FONT.body, SIZE.table),
        spacing: TABLE_LINE,
        alignment: opts.bold ? AlignmentType.CENTER : AlignmentType.LEFT,
      }),
    ],
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    ...(opts.width ? { width: { size: opts.width, type: WidthType.PERCENTAGE } } : {}),
    ...(opts.shade ? { shading: { fill: 'EDEDED' } } : {}),
  });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

function table(headers: string[], rows: (string | number)[][], widths?: number[]): Table {
  const w = (i: number) => widths?.[i];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { bold: true, width: w(i), shade: true })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(String(c), { width: w(i) })) })),
    ],
  });
}

function form(rows: [string, string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: rows.map(
      ([label, value]) =>
        new TableRow({
          cantSplit: true,
          children: [cell(label, { bold: true, width: 22, shade: true }), cell(value || '—', { width: 78 })],
        }),
    ),
  });
}

/** The document as docx objects (the tests and callers use `renderDocx`). */
export function officialDocument(spec: OfficialDocumentSpec): Document {
  const children: (Paragraph | Table)[] = [];
  const centered = (text: string, font: string, size: number) =>
    new Paragraph({ children: [run(text, font, size)], alignment: AlignmentType.CENTER, spacing: LINE });
  if (spec.documentNumber !== undefined) {
    children.push(centered(spec.documentNumber ?? `〔${spec.year}〕\u3000\u3000号`, FONT.body, SIZE.body));
    children.push(new Paragraph({ children: [], spacing: LINE }));
  }
  children.push(
    new Paragraph({
      children: lines(spec.title, FONT.title, SIZE.title),
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT },
    }),
  );
  children.push(new Paragraph({ children: [], spacing: LINE }));
  if (spec.addressee) children.push(new Paragraph({ children: [run(`${spec.addressee}：`, FONT.body, SIZE.body)], spacing: LINE }));

  const counters = [0, 0, 0];
  for (const b of spec.blocks) {
    switch (b.kind) {
      case 'heading': {
        const i = b.level - 1;
        counters[i]++;
        for (let j = i + 1; j < counters.length; j++) counters[j] = 0;
        const n = counters[i];
        const [prefix, font, bold] =
          b.level === 1
            ? [`${chineseNumeral(n)}、`, FONT.heading1, false]
            : b.level === 2
              ? [`（${chineseNumeral(n)}）`, FONT.heading2, false]
              : [`${n}.`, FONT.body, true];
        children.push(
          new Paragraph({ children: lines(`${prefix}${b.text}`, font, SIZE.body, { bold }), spacing: LINE, indent: { firstLine: 640 } }),
        );
        break;
      }
      case 'paragraph':
        children.push(body(b.text));
        break;
      case 'table':
        children.push(table(b.headers, b.rows, b.widths));
        if (b.note) children.push(body(b.note));
        else children.push(new Paragraph({ children: [], spacing: { line: 240 } }));
        break;
      case 'form':
        children.push(form(b.rows));
        break;
    }
  }

  children.push(new Paragraph({ children: [], spacing: LINE }));
  const signature = (text: string) =>
    new Paragraph({ children: [run(text, FONT.body, SIZE.body)], alignment: AlignmentType.RIGHT, indent: { right: 1280 }, spacing: LINE });
  if (spec.issuer) children.push(signature(spec.issuer));
  children.push(signature(chineseDate(spec.date)));

  return new Document({
    creator: 'Rectify 整改跟踪督办系统',
    title: spec.title,
    styles: {
      default: {
        document: {
          run: {
            size: SIZE.body,
            font: { ascii: FONT.latin, hAnsi: FONT.latin, eastAsia: FONT.body, cs: FONT.latin },
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) },
          },
        },
        children,
      },
    ],
  });
}

/** The document as .docx bytes; 413 past DOCUMENT_MAX_BYTES. */
export async function renderDocx(spec: OfficialDocumentSpec): Promise<Buffer> {
  const bytes = await Packer.toBuffer(officialDocument(spec), false, [{ path: 'word/fontTable.xml', data: FONT_TABLE }]);
  if (bytes.length > DOCUMENT_MAX_BYTES) {
    throw new DomainException(ErrorCode.PayloadTooLarge, `文档超过${DOCUMENT_MAX_BYTES / 1024 / 1024}MB上限，请缩小范围后再导出`);
  }
  return bytes;
}

/** At most DOCUMENT_TABLE_ROWS rows, and the note that says how many were left out. */
export function boundedRows<T>(rows: T[]): { rows: T[]; note?: string } {
  if (rows.length <= DOCUMENT_TABLE_ROWS) return { rows };
  return { rows: rows.slice(0, DOCUMENT_TABLE_ROWS), note: `（另有${rows.length - DOCUMENT_TABLE_ROWS}项未列出，详见整改台账。）` };
}
