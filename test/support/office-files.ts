import { execFileSync } from 'node:child_process';
import yauzl from 'yauzl';

/** supertest parser that keeps a binary body (xlsx, docx) as a Buffer. */
export const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * LibreOffice (headless) converts `files` into `dir` with the filter `to` (e.g. `pdf`, `txt:Text
 * (encoded):UTF8`, `csv:…`) in one run; a private profile under `dir` keeps parallel runs apart.
 * `.ci/test-env` installs LibreOffice where it is missing.
 */
export function convertWithLibreOffice(dir: string, to: string, files: string[]): void {
  execFileSync(
    'soffice',
    ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', to, '--outdir', dir, ...files],
    { stdio: 'pipe', timeout: 180_000 },
  );
}

/** One entry of a zip (an OOXML part) as text. */
export function zipEntryText(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err) return reject(err);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            file.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      file.on('end', () => reject(new Error(`${name} not in the zip`)));
      file.readEntry();
    });
  });
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** A .docx's `word/document.xml` and its text, one string per paragraph (`<w:p>`), runs joined. */
export async function docxParagraphs(docx: Buffer): Promise<{ xml: string; paragraphs: string[] }> {
  const xml = await zipEntryText(docx, 'word/document.xml');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((t) => (t[1] === undefined ? '\n' : unescape(t[1]))).join(''),
  );
  return { xml, paragraphs };
}
