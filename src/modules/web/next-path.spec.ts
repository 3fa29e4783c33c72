import { describe, expect, it } from '@jest/globals';
import { safeNextPath } from './next-path.js';

const ORIGIN = 'http://rectify.local:3000';

describe('safeNextPath (issue 10, defect 6)', () => {
  it('keeps a path of this origin, with its query and fragment', () => {
    expect(safeNextPath('/items', ORIGIN)).toBe('/items');
    expect(safeNextPath('/items?status=pending&q=%E6%95%B4', ORIGIN)).toBe('/items?status=pending&q=%E6%95%B4');
    expect(safeNextPath('/items/abc#history', ORIGIN)).toBe('/items/abc#history');
  });

  it('refuses everything that leaves the origin or is not a plain path', () => {
    const hostile = [
      '/\\evil.example/x',
      '/\\/evil.example',
      '\\\\evil.example',
      '//evil.example/x',
      '/\t/evil.example/x',
      '/\n/evil.example',
      '/\r\n/evil.example',
      ' //evil.example',
      '/.//evil.example',
      '/..//evil.example',
      'https://evil.example/',
      'http://rectify.local:3000.evil.example/',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'evil.example',
      '',
      '/' + 'a'.repeat(3000),
    ];
    for (const next of hostile) expect([next, safeNextPath(next, ORIGIN)]).toEqual([next, null]);
    expect(safeNextPath(undefined, ORIGIN)).toBeNull();
    expect(safeNextPath(['/items'], ORIGIN)).toBeNull();
  });

  it('what URLSearchParams makes of encoded variants is refused too', () => {
    for (const query of [
      'next=/%5Cevil.example/x',
      'next=/%09/evil.example',
      'next=%2F%2Fevil.example',
      'next=/%0A/evil.example',
      'next=%2F.%2F%2Fevil.example',
    ]) {
      const next = new URLSearchParams(query).get('next');
      expect([query, safeNextPath(next, ORIGIN)]).toEqual([query, null]);
    }
  });

  it('a malformed origin (a forged Host header) gives null, not an exception', () => {
    expect(safeNextPath('/items', 'http://exa mple')).toBeNull();
  });
});
