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

  it('refuses an extension that does not fit the type', () => {
    expect(checkEvidenceType('application/pdf', 'report.exe', PDF, ALLOW)).toMatchObject({ ok: false });
    expect(checkEvidenceType('application/pdf', 'report', PDF, ALLOW)).toMatchObject({ ok: true });
  });

  it('refuses an allowed type it cannot verify', () => {
    expect(checkEvidenceType('application/x-custom', 'a.bin', Buffer.from('x'), ALLOW)).toMatchObject({ ok: false });
  });
});

describe('file names', () => {
  it('strips paths, control and reserved characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\x\\整改报告.pdf')).toBe('整改报告.pdf');
    expect(sanitizeFileName('a<b>:"c|?*\u0000.pdf')).toBe('a_b___c____.pdf');
    expect(sanitizeFileName('...')).toBe('file');
  });

  it('strips bidi controls and other format characters that disguise an extension', () => {
    expect(sanitizeFileName('整改报告\u202egpj.exe')).toBe('整改报告gpj.exe');
    expect(sanitizeFileName('\u2067说明\u2069\u202b材料\u202c.pdf')).toBe('说明材料.pdf');
    expect(sanitizeFileName('a\u200bb\ufeff\u200e.pdf')).toBe('ab.pdf');
    expect(sanitizeFileName('\u202e\u200b')).toBe('file');
  });

  it('sends Chinese names with an ASCII fallback and RFC 5987 filename*', () => {
    expect(contentDisposition('整改报告(1).pdf')).toBe(
      `attachment; filename="____(1).pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A%281%29.pdf`,
    );
  });
});
