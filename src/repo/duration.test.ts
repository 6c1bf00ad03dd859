import { describe, expect, it } from 'vitest';
import { GitopsError } from '../model/errors.js';
import { durationMs, formatDuration, parseDuration } from './duration.js';

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

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [420, '0.4s'],
    [2000, '2s'],
    [12_345, '12.3s'],
    [59_940, '59.9s'],
    [59_960, '1m00s'],
    [65_000, '1m05s'],
    [3_599_000, '59m59s'],
    [3_720_000, '1h02m'],
  ])('prints %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([400, 2000, 12_300, 65_000, 3_720_000])('prints %d ms in a form parseDuration reads back', (ms) => {
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
