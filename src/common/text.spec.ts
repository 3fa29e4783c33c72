import { describe, expect, it } from '@jest/globals';
import { isBlankText, stripFormatChars, trimInvisible } from './text.js';

const INVISIBLES = [
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u202e',
  '\u2066',
  '\u3164',
  '\u2800',
];

describe('blank text', () => {
  it.each(INVISIBLES.map((c) => [JSON.stringify(c), c]))('%s alone, or repeated, is blank', (_name, c) => {
    expect(isBlankText(c)).toBe(true);
    expect(isBlankText(c.repeat(5))).toBe(true);
    expect(trimInvisible(`${c}整改${c}`)).toBe('整改');
  });

  it('a mix of every invisible character is blank; one visible character is not', () => {
    const all = INVISIBLES.join('');
    expect(isBlankText(all)).toBe(true);
    expect(isBlankText(`${all}。${all}`)).toBe(false);
    expect(isBlankText('')).toBe(true);
    expect(isBlankText(null)).toBe(true);
    expect(isBlankText(undefined)).toBe(true);
  });

  it('keeps what is inside the text: a joined emoji survives trimming', () => {
    expect(trimInvisible('\u200b👩\u200d💻 已整改\u3000')).toBe('👩\u200d💻 已整改');
  });

  it('strips format characters anywhere, e.g. a right-to-left override inside a file name', () => {
    expect(stripFormatChars('报告\u202efdp.exe')).toBe('报告fdp.exe');
    expect(stripFormatChars('a\u200bb\u2066c\u2069')).toBe('abc');
  });
});
