import { describe, expect, it } from '@jest/globals';
import { missingHandlers } from './job-registry.js';

describe('missingHandlers', () => {
  it('names the jobs nobody handles', () => {
    expect(missingHandlers(['a', 'b', 'c'], ['a', 'c'])).toEqual(['b']);
  });
  it('is empty when every job has a handler, whatever the duplicates', () => {
    expect(missingHandlers(['a', 'b'], ['b', 'a', 'a'])).toEqual([]);
  });
});
