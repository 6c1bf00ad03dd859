import { describe, expect, it } from 'vitest';
import { memoised } from './memo.js';

describe('memoised', () => {
  it('asks once per string, undefined answers included, and forgets all when full', () => {
    const asked: string[] = [];
    const lookup = memoised((value: string) => {
      asked.push(value);
      return value === 'none' ? undefined : value.toUpperCase();
    }, 2);
    expect([lookup('a'), lookup('a'), lookup('none'), lookup('none')]).toEqual(['A', 'A', undefined, undefined]);
    expect(asked).toEqual(['a', 'none']);
    lookup('b');
    lookup('a');
    expect(asked).toEqual(['a', 'none', 'b', 'a']);
  });
});
