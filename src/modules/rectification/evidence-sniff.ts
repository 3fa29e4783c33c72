import { stripFormatChars } from '../../common/text.js';

/**
 * Is an upload what it says it is? The declared content type must be on the allow-list AND the
 * first bytes must match that type's signature, and the file name's extension (if any) must fit,
 * so a renamed .exe (bytes "MZ…") declared as PDF is refused. Pure; unit-tested.
 */
export type EvidenceFamily = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'ole' | 'text';

const MIME_FAMILY: Record<string, EvidenceFamily> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'zip',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'zip',
  'application/wps-office.docx': 'zip',
  'application/wps-office.xlsx': 'zip',
  'application/msword': 'ole',
  'application/vnd.ms-excel': 'ole',
  'application/vnd.ms-powerpoint': 'ole',
  'text/plain': 'text',
};

const FAMILY_EXTENSIONS: Record<EvidenceFamily, string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe'],
  gif: ['gif'],
  webp: ['webp'],
  zip: ['zip', 'docx', 'xlsx', 'pptx', 'wps', 'et', 'dps', 'ofd'],
  ole: ['doc', 'xls', 'ppt', 'wps', 'et', 'dps'],
  text: ['txt', 'csv', 'log', 'md'],
};

const startsWith = (buf: Buffer, bytes: number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function matches(family: EvidenceFamily, buf: Buffer): boolean {
  switch (family) {
    case 'pdf':
      return startsWith(buf, ascii('%PDF-'));
    case 'png':
      return startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'jpeg':
      return startsWith(buf, [0xff, 0xd8, 0xff]);
    case 'gif':
      return startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'));
    case 'webp':
      return startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8);
    case 'zip':
      return startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06]);
    case 'ole':
      return startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    case 'text': {
      if (buf.includes(0)) return false;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(buf);
        return true;
      } catch {
        return false;
      }
    }
  }
}

export type SniffResult = { ok: true; family: EvidenceFamily } | { ok: false; message: string };

export function checkEvidenceType(declared: string, originalName: string, buf: Buffer, allowList: readonly string[]): SniffResult {
  const mime = declared.split(';')[0].trim().toLowerCase();
  if (!allowList.includes(mime)) return { ok: false, message: `不支持的文件类型：${mime || '未知'}` };
  const family = MIME_FAMILY[mime];
  if (!family) return { ok: false, message: `无法校验该类型的文件内容：${mime}` };
  const dot = originalName.lastIndexOf('.');
  const ext = dot > 0 ? originalName.slice(dot + 1).toLowerCase() : '';
  if (ext && !FAMILY_EXTENSIONS[family].includes(ext)) return { ok: false, message: `文件扩展名 .${ext} 与文件类型 ${mime} 不符` };
  if (!matches(family, buf)) return { ok: false, message: `文件内容与声明的类型 ${mime} 不符` };
  return { ok: true, family };
}

/**
 * A display name safe to store and send back: no path, no control or reserved characters, and no
 * format characters (\p{Cf}): a right-to-left override (U+202E) or isolate would make
 * "报告\u202Egpj.pdf" read as "报告fdp.jpg", and zero-width characters make two names look alike.
 */
export function sanitizeFileName(name: string): string {
  const base = stripFormatChars(name).split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  const limited = [...cleaned].slice(0, 200).join('');
  return limited || 'file';
}

/** `Content-Disposition` with an ASCII fallback and the RFC 5987 `filename*` for Chinese names. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
