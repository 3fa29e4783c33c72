import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * Hostile spreadsheets, built at test time so that nothing large is committed: a zip written by
 * hand (stored names, deflate), so a test can declare any size it likes in the headers.
 */
export interface ZipPart {
  name: string;
  /** The part's bytes, in pieces: a bomb is produced and deflated a megabyte at a time. */
  content: Buffer | (() => Iterable<Buffer>);
  /** Declare this uncompressed size in the headers instead of the true one (a lying zip). */
  declaredSize?: number;
}

async function deflatePart(part: ZipPart): Promise<{ data: Buffer; crc: number; size: number }> {
  if (Buffer.isBuffer(part.content)) {
    return { data: deflateRawSync(part.content), crc: crc32(part.content), size: part.content.length };
  }
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  for (const chunk of part.content()) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

export async function zip(parts: ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, crc, size } = await deflatePart(part);
    const name = Buffer.from(part.name, 'utf8');
    const declared = part.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook needs around one worksheet. */
function workbookParts(sheet: Omit<ZipPart, 'name'>): ZipPart[] {
  const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');
  return [
    {
      name: '[Content_Types].xml',
      content: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      content: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      content: xml(
        `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
  ];
}

/** A workbook of one worksheet whose sheetData is the given XML. */
export function sheetXlsx(sheetData: string, after = ''): Promise<Buffer> {
  return zip(
    workbookParts({ content: Buffer.from(`<worksheet xmlns="${MAIN_NS}"><sheetData>${sheetData}</sheetData>${after}</worksheet>`) }),
  );
}

/** A few hundred bytes: one cell, far away (`GR200000` by default). */
export function farCellXlsx(address = 'GR200000'): Promise<Buffer> {
  const row = /\d+$/.exec(address)![0];
  return sheetXlsx(`<row r="${row}"><c r="${address}" t="inlineStr"><is><t>x</t></is></c></row>`);
}

/**
 * A zip bomb: `megabytes` MB of sheet XML (rows of ten cells, identical, so they deflate about
 * 1000:1). `declaredSize` makes the headers lie about the unpacked size.
 */
export function bombXlsx(megabytes: number, declaredSize?: number): Promise<Buffer> {
  const head = Buffer.from(`<worksheet xmlns="${MAIN_NS}"><sheetData>`);
  const row = `<row>${'<c t="inlineStr"><is><t>炸</t></is></c>'.repeat(10)}</row>`;
  const block = Buffer.from(row.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(row))));
  const tail = Buffer.from('</sheetData></worksheet>');
  function* content(): Iterable<Buffer> {
    yield head;
    for (let written = 0; written < megabytes * 1024 * 1024; written += block.length) yield block;
    yield tail;
  }
  return zip(workbookParts({ content, declaredSize }));
}

const HEADER = ['序号', '反馈问题', '整改措施', '完成时限', '问题描述', '对应整改措施编号', '责任单位', '整改时限'];

/**
 * The largest workbook the default caps let through: `rows` rows (the first a header both
 * importers recognise) of `columns` distinct inline strings, every data row an error to either
 * importer (a deadline that is not one, a unit that does not exist).
 */
export function atTheCapsXlsx(rows: number, columns: number): Promise<Buffer> {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const col = (i: number) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));
  const parts: string[] = [`<row r="1">${HEADER.map((h, i) => cell(`${col(i)}1`, h)).join('')}</row>`];
  for (let r = 2; r <= rows; r++) {
    const cells = [String(r - 1), `问题${r}`, `措施${r}`, `尽快${r}`, `描述${r}`, String(r), `单位${r}`, `尽快${r}`];
    for (let i = cells.length; i < columns; i++) cells.push(`第${r}行第${i + 1}列`);
    parts.push(`<row r="${r}">${cells.map((text, i) => cell(`${col(i)}${r}`, text)).join('')}</row>`);
  }
  return sheetXlsx(parts.join(''));
}

/**
 * A header both importers recognise (the plan's and the ledger's required columns), then `rows`
 * copies of a short bad line: each row is an error to either importer. A million rows of `1,x`
 * is about 4 MB, under the upload limit.
 */
export function manyRowsCsv(rows: number, line = '1,x'): Buffer {
  return Buffer.from(`${HEADER.join(',')}\n${`${line}\n`.repeat(rows)}`, 'utf8');
}
