import { describe, expect, it } from '@jest/globals';
import { checkEvidenceType, contentDisposition, sanitizeFileName } from './evidence-sniff.js';

const ALLOW = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/x-custom',
];
const PDF = Buffer.from('%PDF-1.7\n');
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
const DOCX = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
const DOC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);

describe('checkEvidenceType', () => {
  it('accepts a file whose declared type, extension and bytes agree', () => {
    expect(checkEvidenceType('application/pdf', '报告.pdf', PDF, ALLOW)).toEqual({ ok: true, family: 'pdf' });
    expect(
      checkEvidenceType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', '制度.docx', DOCX, ALLOW),
    ).toMatchObject({ ok: true });
    expect(checkEvidenceType('application/msword', '旧制度.doc', DOC, ALLOW)).toMatchObject({ ok: true });
    expect(checkEvidenceType('text/plain; charset=utf-8', '说明.txt', Buffer.from('整改说明'), ALLOW)).toMatchObject({ ok: true });
  });

  it('refuses a type off the allow-list', () => {
    expect(checkEvidenceType('application/x-msdownload', 'a.exe', EXE, ALLOW)).toMatchObject({ ok: false });
    expect(checkEvidenceType('image/gif', 'a.gif', Buffer.from('GIF89a'), ALLOW)).toMatchObject({ ok: false });
  });

  it('refuses a renamed executable whatever it claims to be', () => {
    expect(checkEvidenceType('application/pdf', 'report.pdf', EXE, ALLOW)).toMatchObject({ ok: false });
    expect(checkEvidenceType('text/plain', 'notes.txt', Buffer.concat([EXE, Buffer.alloc(8)]), ALLOW)).toMatchObject({ ok: false });
    expect(checkEvidenceType('application/msword', 'a.doc', EXE, ALLOW)).toMatchObject({ ok: false });
  });

  it('refuses a "text" file carrying NUL bytes, though every byte is valid UTF-8', () => {
    const nul = (...parts: Buffer[]) => checkEvidenceType('text/plain', '说明.txt', Buffer.concat(parts), ALLOW);
    expect(nul(Buffer.from('整改说明'), Buffer.from([0]), Buffer.from('已完成'))).toEqual({
      ok: false,
      message: '文件内容与声明的类型 text/plain 不符',
    });
    expect(nul(Buffer.from([0]))).toMatchObject({ ok: false });
    expect(nul(Buffer.from('readme'), Buffer.from([0]))).toMatchObject({ ok: false });
    // UTF-16 text (as Notepad once saved it) is mostly NULs for ASCII: not the UTF-8 text the type promises.
    expect(nul(Buffer.from('\uFEFFabc', 'utf16le'))).toMatchObject({ ok: false });
    expect(nul(Buffer.from('整改说明\t第1条\r\n'))).toEqual({ ok: true, family: 'text' });
  });

  it('refuses an extension that does not fit the type', () => {
    expect(checkEvidenceType('application/pdf', 'report.exe', PDF, ALLOW)).toMatchObject({ ok: false });
    expect(checkEvidenceType('application/pdf', 'report', PDF, ALLOW)).toMatchObject({ ok: true });
  });

  it('refuses an allowed type it cannot verify', () => {
    expect(checkEvidenceType('application/x-custom', 'a.bin', Buffer.from('x'), ALLOW)).toMatchObject({ ok: false });
  });
});

describe('checkEvidenceType: every family by its signature', () => {
  const ALL = [
    'application/pdf',
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/zip',
    'application/msword',
    'text/plain',
  ];
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
  const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0]);
  const check = (mime: string, name: string, bytes: Buffer) => checkEvidenceType(mime, name, bytes, ALL);

  it.each([
    ['image/png', '现场.png', PNG, 'png'],
    ['image/jpeg', '现场.jpg', JPEG, 'jpeg'],
    ['image/gif', '动图.gif', Buffer.from('GIF87a....'), 'gif'],
    ['image/gif', '动图.gif', Buffer.from('GIF89a....'), 'gif'],
    ['image/webp', '现场.webp', WEBP, 'webp'],
    ['application/zip', '材料.zip', DOCX, 'zip'],
    ['application/zip', '空.zip', EMPTY_ZIP, 'zip'],
  ])('accepts %s named %s with its own signature', (mime, name, bytes, family) => {
    expect(check(mime, name, bytes)).toEqual({ ok: true, family });
  });

  it.each([
    ['image/png', '现场.png', PNG.subarray(0, 7)],
    ['image/png', '现场.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b])],
    ['image/jpeg', '现场.jpg', Buffer.from([0xff, 0xd8])],
    ['image/jpeg', '现场.jpg', Buffer.from([0xff, 0xd9, 0xff])],
    ['image/gif', '动图.gif', Buffer.from('GIF88a....')],
    ['image/webp', '现场.webp', Buffer.concat([Buffer.from('RIFX'), WEBP.subarray(4)])],
    ['image/webp', '现场.webp', Buffer.concat([WEBP.subarray(0, 8), Buffer.from('WAVE')])],
    ['image/webp', '现场.webp', WEBP.subarray(0, 11)],
    ['application/zip', '材料.zip', Buffer.from([0x50, 0x4b, 0x07, 0x08])],
    ['application/zip', '材料.zip', PDF],
    ['application/msword', '旧.doc', DOC.subarray(0, 7)],
    ['application/pdf', '报告.pdf', Buffer.from('%PDF')],
    ['image/png', '现场.png', Buffer.alloc(0)],
  ])('refuses %s named %s whose bytes do not carry the whole signature', (mime, name, bytes) => {
    expect(check(mime, name, bytes)).toEqual({ ok: false, message: `文件内容与声明的类型 ${mime} 不符` });
  });

  it('refuses text that is not UTF-8, and accepts an empty text file', () => {
    expect(check('text/plain', '说明.txt', Buffer.from([0xc3, 0x28]))).toMatchObject({ ok: false });
    expect(check('text/plain', '说明.txt', Buffer.from('说明', 'utf8').subarray(0, 4))).toMatchObject({ ok: false });
    expect(check('text/plain', '说明.txt', Buffer.alloc(0))).toEqual({ ok: true, family: 'text' });
  });

  it('reads the declared type without its parameters, in any case', () => {
    expect(check('IMAGE/PNG; name=x', '现场.PNG', PNG)).toEqual({ ok: true, family: 'png' });
    expect(check(' image/png ', '现场.png', PNG)).toEqual({ ok: true, family: 'png' });
  });

  it('names the refused type, or says it is unknown', () => {
    expect(check('application/x-msdownload', 'a.exe', EXE)).toEqual({ ok: false, message: '不支持的文件类型：application/x-msdownload' });
    expect(check('', 'a', EXE)).toEqual({ ok: false, message: '不支持的文件类型：未知' });
    expect(checkEvidenceType('application/x-custom', 'a.bin', Buffer.from('x'), ALLOW)).toEqual({
      ok: false,
      message: '无法校验该类型的文件内容：application/x-custom',
    });
    expect(check('application/pdf', 'report.exe', PDF)).toEqual({ ok: false, message: '文件扩展名 .exe 与文件类型 application/pdf 不符' });
  });

  it('takes a name starting with a dot as having no extension, and the last dot as the extension', () => {
    expect(check('image/png', '.png', PNG)).toEqual({ ok: true, family: 'png' });
    expect(check('application/pdf', '.hidden', PDF)).toEqual({ ok: true, family: 'pdf' });
    expect(check('application/pdf', 'report.pdf.exe', PDF)).toMatchObject({ ok: false });
  });
});

describe('file names', () => {
  it('strips paths, control and reserved characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\x\\整改报告.pdf')).toBe('整改报告.pdf');
    expect(sanitizeFileName('a<b>:"c|?*\u0000.pdf')).toBe('a_b___c____.pdf');
    expect(sanitizeFileName('...')).toBe('file');
    // Leading and trailing dots and blanks go, however many (a hidden or Windows-invalid name).
    expect(sanitizeFileName(' ..整改报告.pdf. . ')).toBe('整改报告.pdf');
    expect(sanitizeFileName('..\u0001报告')).toBe('_报告');
  });

  it('strips bidi controls and other format characters that disguise an extension', () => {
    expect(sanitizeFileName('整改报告\u202egpj.exe')).toBe('整改报告gpj.exe');
    expect(sanitizeFileName('\u2067说明\u2069\u202b材料\u202c.pdf')).toBe('说明材料.pdf');
    expect(sanitizeFileName('a\u200bb\ufeff\u200e.pdf')).toBe('ab.pdf');
    expect(sanitizeFileName('\u202e\u200b')).toBe('file');
  });

  it('keeps at most 200 characters, counting a character outside the BMP as one and never splitting it', () => {
    const name = sanitizeFileName('😀'.repeat(250));
    expect([...name]).toHaveLength(200);
    expect(name).toBe('😀'.repeat(200));
  });

  it('writes quotes and backslashes of the fallback name as "_" and escapes RFC 5987 specials in upper-case hex', () => {
    expect(contentDisposition('a"b\\c*\'.pdf')).toBe(`attachment; filename="a_b_c*'.pdf"; filename*=UTF-8''a%22b%5Cc%2A%27.pdf`);
  });

  it('sends Chinese names with an ASCII fallback and RFC 5987 filename*', () => {
    expect(contentDisposition('整改报告(1).pdf')).toBe(
      `attachment; filename="____(1).pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A%281%29.pdf`,
    );
  });
});
