/**
 * What counts as "nothing written" in free text. Pure, shared by the DTO rules (validators.ts) and
 * the pure lifecycle, so a required text means the same everywhere.
 *
 * Invisible: white space (JavaScript's \s: ASCII, NBSP, the full-width space U+3000, line and
 * paragraph separators, BOM), every format character (\p{Cf}: zero-width space and joiners, word
 * joiner, soft hyphen, bidi embeddings/overrides/isolates such as U+202E) and the filler letters
 * that render as blank (Hangul fillers U+115F, U+1160, U+3164, U+FFA0; braille blank U+2800).
 */
const INVISIBLE = '[\\s\\p{Cf}\\u115F\\u1160\\u3164\\uFFA0\\u2800]';
const EDGES = new RegExp(`^${INVISIBLE}+|${INVISIBLE}+$`, 'gu');
const ONLY_INVISIBLE = new RegExp(`^${INVISIBLE}*$`, 'u');
const FORMAT_CHARS = /\p{Cf}/gu;

/** `s` without invisible characters at either end (inside the text they stay: a ZWJ joins an emoji). */
export function trimInvisible(s: string): string {
  return s.replace(EDGES, '');
}

/** True when `s` is missing or shows nothing: only white space, format characters and blank fillers. */
export function isBlankText(s: string | null | undefined): boolean {
  return s === null || s === undefined || ONLY_INVISIBLE.test(s);
}

/** `s` without any format character (\p{Cf}), e.g. the bidi override U+202E that can reverse how a file name reads. */
export function stripFormatChars(s: string): string {
  return s.replace(FORMAT_CHARS, '');
}
