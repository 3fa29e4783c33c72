/** Longer than any page address the pages build; a longer `next` is not theirs. */
const MAX_NEXT_LENGTH = 2048;

/**
 * Where to go after signing in: `next` resolved against this origin as a browser would resolve it
 * (backslashes as slashes, tabs and newlines dropped), kept only when it stays on this origin and
 * is a path starting with a single "/". `/\evil.example`, `/%09/evil`, `//evil`, `/.//evil`,
 * `javascript:…` and absolute URLs all give null. The login page (web/src/views/login/index.vue)
 * applies the same rule in the browser.
 */
export function safeNextPath(next: unknown, origin: string): string | null {
  if (typeof next !== 'string' || next === '' || next.length > MAX_NEXT_LENGTH) return null;
  // Backslashes and control characters (which browsers drop or read as "/") have no place in a path.
  // eslint-disable-next-line no-control-regex
  if (!next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : null;
}
