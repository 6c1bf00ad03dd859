import { describe, expect, it } from 'vitest';
import { GitopsError } from '../model/errors.js';
import { durationMs, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['10', 10_000],
    ['0.5', 500],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each([['soon'], ['5 minutes'], ['-1s'], ['']])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('durationMs', () => {
  it.each([
    ['30s', 30_000],
    ['2m', 120_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    [45, 45_000],
  ] as const)('reads the duration %j', (text, ms) => expect(durationMs(text)).toBe(ms));

  it('refuses text that is not a duration, with a hint', () => {
    expect(() => durationMs('soon')).toThrow(GitopsError);
    expect(() => durationMs('soon')).toThrow(/invalid duration "soon"/);
  });
});
