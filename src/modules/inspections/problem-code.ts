/**
 * Text normalisation shared by the plan and ledger importers and the feedback-problem API:
 * full-width digits and punctuation as typed in Chinese office documents.
 */

/** `１２` → `12`, `．` → `.`, `－` → `-`, full-width space → space. */
export function normalizeWidth(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/．/g, '.')
    .replace(/[－—–]/g, '-')
    .replace(/\u3000/g, ' ');
}

/** A feedback-problem code as stored: `1.1`, `1-1`, `１．１` → `1-1`. Null when it is no code. */
export function normalizeProblemCode(raw: string): string | null {
  const text = normalizeWidth(raw).trim();
  const m = /^(\d{1,3})(?:\s*[.-]\s*(\d{1,3}))?(?:\s*[.-]\s*(\d{1,3}))?$/.exec(text);
  if (!m) return null;
  return [m[1], m[2], m[3]]
    .filter((p) => p !== undefined)
    .map((p) => String(Number(p)))
    .join('-');
}
