/**
 * Text a spreadsheet would take for a formula (CSV injection, OWASP): a cell starting with = + - @,
 * a tab or a carriage return — also after apostrophes, so that escaping stays reversible.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * A text cell made inert for the CSV ledger: a leading `'` (OWASP's advice; Excel and WPS show the
 * text as typed). Text that already starts with apostrophes before such a character gets one more,
 * so `unescapeCsvText` gives back exactly what was written. The xlsx ledger writes typed strings
 * and needs none of this.
 */
export function escapeCsvText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The inverse of `escapeCsvText`, for the ledger import reading a CSV. */
export function unescapeCsvText(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}
