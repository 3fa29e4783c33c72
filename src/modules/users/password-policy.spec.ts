import { describe, expect, it } from '@jest/globals';
import { passwordProblems } from './password-policy.js';

describe('password policy', () => {
  it('accepts 10+ characters of 3 classes that are not the username', () => {
    for (const ok of ['Rectify@2026', 'admin-password-1', 'office1-pass-123', 'ABCDEFGH1!', 'abc def 123x']) {
      expect(passwordProblems(ok, 'someone')).toEqual([]);
    }
  });

  it('names a short password with its length', () => {
    expect(passwordProblems('Ab1!', 'u')).toEqual(['长度至少 10 位（当前 4 位）']);
    expect(passwordProblems('Demo@2026', 'u')).toEqual(['长度至少 10 位（当前 9 位）']);
  });

  it('names the classes that are missing and how many more are needed', () => {
    expect(passwordProblems('abcdefghijk', 'u')).toEqual([
      '须包含小写字母、大写字母、数字、符号中的至少 3 类，还需从 大写字母、数字、符号 中再加 2 类',
    ]);
    expect(passwordProblems('abcdefghij1', 'u')).toEqual([
      '须包含小写字母、大写字母、数字、符号中的至少 3 类，还需从 大写字母、符号 中再加 1 类',
    ]);
    // Chinese characters are letters of no case: they count for length, not for a class.
    expect(passwordProblems('整改督办系统整改督办系统', 'u')[0]).toMatch(/再加 3 类/);
  });

  it('refuses the username itself, whatever the case', () => {
    expect(passwordProblems('Zhang.San-01', 'zhang.san-01')).toEqual(['不能与用户名相同']);
  });

  it('lists every broken rule at once', () => {
    expect(passwordProblems('aaaa', 'aaaa')).toHaveLength(3);
  });
});
