import { describe, expect, it } from 'vitest';
import { canonicalJson, sortKeys } from './fingerprint.js';

describe('canonicalJson', () => {
  it.each([
    ['scalars', [1, 'a', true, false, null, 1.5, -0, 1e21, 1e-7, NaN, -Infinity, 'quote " and \\ and \u2028', 'tab\tnew\nline\u0001', 'pair \ud83d\ude00 lone \ud800', '']],
    ['keys that need escaping', { 'a"b': 1, 'c\\d': 2, 'e\nf': 3, 'ü': 4 }],
    ['keys out of order', { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }],
    ['array-index keys, as machines are keyed', { '10': 'x', '9': 'y', '0': 'z', b: 1, a: 2, '01': 3, '-1': 4 }],
    ['undefined, functions and symbols', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('s')] }],
    ['a Date inside', { when: new Date(0), b: 1, a: 2 }],
    ['nesting', [[{ b: [{ d: 1, c: 2 }] }]]],
    ['empty', [{}, [], '']],
    ['a bare undefined', undefined],
  ])('writes %s exactly as JSON.stringify with sorted keys would', (_, value) => {
    expect(canonicalJson(value)).toBe(JSON.stringify(value, sortKeys) ?? 'null');
  });

  it('gives equal values with differently ordered keys the same text', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });
});
