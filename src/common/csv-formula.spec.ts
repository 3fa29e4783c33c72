import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { escapeCsvText, unescapeCsvText } from './csv-formula.js';

describe('CSV formula escaping', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('text starting with %j gets a leading apostrophe', (lead) => {
    expect(escapeCsvText(`${lead}1+1`)).toBe(`'${lead}1+1`);
  });

  it('leaves other text alone, including a lone apostrophe and inner formula characters', () => {
    for (const s of ['整改', "'整改", '1-1', 'a=b', '', "'"]) expect(escapeCsvText(s)).toBe(s);
  });

  it('escapes text that already starts with apostrophes before a formula character once more', () => {
    expect(escapeCsvText("'=1+1")).toBe("''=1+1");
    expect(unescapeCsvText("''=1+1")).toBe("'=1+1");
  });

  it('unescaping gives back exactly what was escaped, for any text', () => {
    fc.assert(fc.property(fc.string(), (s) => unescapeCsvText(escapeCsvText(s)) === s));
    fc.assert(
      fc.property(
        fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'"),
        fc.string(),
        (c, s) => unescapeCsvText(escapeCsvText(c + s)) === c + s,
      ),
    );
  });
});
