import { SMTPServer } from 'smtp-server';
import { freePort } from './process.js';

export interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free local port that keeps every message it receives, for e-mail tests. */
export async function startSmtpServer(): Promise<{ url: string; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (d) => (raw += d));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The decoded text/plain and text/html parts of a raw message (base64, quoted-printable or 7bit). */
export function mailParts(raw: string): { text: string | null; html: string | null; multipartType: string | null } {
  const crlf = raw.replace(/\r\n/g, '\n');
  const boundary = /boundary="?([^";\n]+)"?/i.exec(crlf)?.[1];
  const multipartType = /Content-Type:\s*multipart\/(\w+)/i.exec(crlf)?.[1] ?? null;
  const chunks = boundary ? crlf.split(`--${boundary}`).slice(1) : [crlf];
  const out: { text: string | null; html: string | null; multipartType: string | null } = { text: null, html: null, multipartType };
  for (const chunk of chunks) {
    const split = chunk.indexOf('\n\n');
    if (split < 0) continue;
    const headers = chunk.slice(0, split);
    const body = chunk.slice(split + 2);
    const type = /Content-Type:\s*text\/(plain|html)/i.exec(headers)?.[1];
    if (!type) continue;
    const encoding = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
    let decoded: string;
    if (encoding === 'base64') decoded = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    else if (encoding === 'quoted-printable') {
      const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
      decoded = decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
    } else decoded = body;
    if (type === 'plain') out.text = decoded;
    else out.html = decoded;
  }
  return out;
}
