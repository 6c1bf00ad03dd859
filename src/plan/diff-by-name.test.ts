import { describe, expect, it } from 'vitest';
import { diffByName } from './diff-by-name.js';

type Diff = { missing?: 'bundle' | 'model'; value?: { bundle: number; model: number } };
const compare = (want: number, have: number): Diff | undefined => (want === have ? undefined : { value: { bundle: want, model: have } });

describe('diffByName', () => {
  it.each([
    ['nothing on either side', {}, {}, {}],
    ['equal entities', { a: 1, b: 2 }, { b: 2, a: 1 }, {}],
    ['one only in the bundle', { a: 1 }, {}, { a: { missing: 'model' } }],
    ['one only in the model', {}, { a: 1 }, { a: { missing: 'bundle' } }],
    ['one on both sides that differs', { a: 1 }, { a: 3 }, { a: { value: { bundle: 1, model: 3 } } }],
  ])('reports %s', (_, bundle: Record<string, number>, model: Record<string, number>, expected) => {
    expect(diffByName(bundle, model, compare)).toEqual(expected);
  });

  it('lists the differences by name, whichever side they come from', () => {
    expect(Object.keys(diffByName({ web: 1, db: 1, cache: 1 }, { db: 2, api: 1, web: 1 }, compare))).toEqual(['api', 'cache', 'db']);
  });
});
