import { describe, expect, it } from 'vitest';
import { takeNoColorFlag, useColor } from './color.js';

describe('useColor', () => {
  it.each([
    ['a terminal', {}, true, false, true],
    ['a pipe', {}, false, false, false],
    ['--no-color on a terminal', {}, true, true, false],
    ['--no-color beats FORCE_COLOR', { FORCE_COLOR: '1' }, false, true, false],
    ['NO_COLOR on a terminal', { NO_COLOR: '1' }, true, false, false],
    ['an empty NO_COLOR', { NO_COLOR: '' }, true, false, true],
    ['NO_COLOR beats FORCE_COLOR', { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false, false],
    ['FORCE_COLOR on a pipe', { FORCE_COLOR: '1' }, false, false, true],
    ['an empty FORCE_COLOR on a pipe', { FORCE_COLOR: '' }, false, false, true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, true, false, false],
    ['FORCE_COLOR=false on a terminal', { FORCE_COLOR: 'false' }, true, false, false],
    ['TERM=dumb', { TERM: 'dumb' }, true, false, false],
  ])('%s', (_name, env, tty, noColorFlag, expected) => {
    expect(useColor(env, { tty, noColorFlag })).toBe(expected);
  });
});

describe('takeNoColorFlag', () => {
  it.each([
    [['plan', '--no-color'], ['plan'], true],
    [['--no-color', 'apply', '--model', 'web'], ['apply', '--model', 'web'], true],
    [['apply'], ['apply'], false],
    [['config', 'app', '--', '--no-color'], ['config', 'app', '--', '--no-color'], false],
  ])('%j → %j', (argv, rest, noColor) => {
    expect(takeNoColorFlag(argv)).toEqual({ argv: rest, noColor });
  });
});
