/**
 * `next` resolved against this origin as the browser resolves it (backslashes, tabs and newlines
 * included), kept only when it stays on this origin as a path starting with a single "/". The
 * server applies the same rule (src/modules/web/next-path.ts).
 */
export function safeNext(next: string | null): string | null {
  // eslint-disable-next-line no-control-regex
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2048 || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, location.origin);
  } catch {
    return null;
  }
  if (url.origin !== location.origin || url.pathname.startsWith('//')) return null;
  return url.pathname + url.search + url.hash;
}
