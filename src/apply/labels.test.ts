import { describe, expect, it } from 'vitest';
import { describeMove, unitAtTarget } from './labels.js';

describe('describeMove', () => {
  it('names only the options that change', () => {
    expect(describeMove({ options: { build_label: 'v1', port: 8080 } }, { options: { build_label: 'v2', port: 8080 } })).toEqual({
      from: 'build_label=v1',
      to: 'build_label=v2',
    });
  });

  it.each([['admin-password'], ['api_token'], ['ssl_key'], ['declared']])('masks the value of %s', (name) => {
    const labels = describeMove({ options: { [name]: 'hunter2' } }, { options: { [name]: 'swordfish' } }, ['declared']);
    expect(JSON.stringify(labels)).not.toMatch(/hunter2|swordfish/);
    expect(labels.to).toBe(`${name}=***`);
  });

  it('shows an option returning to its default', () => {
    expect(describeMove({ options: { a: 1 } }, { options: {} })).toEqual({ from: 'a=1', to: 'a=(default)' });
  });

  it('shows charm revision changes', () => {
    expect(describeMove({ charm: 'mysql', revision: 12 }, { revision: 13 })).toEqual({ from: 'revision 12', to: 'revision 13' });
  });
});

describe('unitAtTarget', () => {
  it.each([
    [{ options: { a: 1, b: 2 } }, { options: { b: 2, a: 1 } }, true],
    [{ options: { a: 1, b: 2 } }, { options: { a: 1 } }, false],
    [{ options: { a: 1 }, revision: 3 }, { revision: 3 }, true],
    [{ options: { a: 1 }, revision: 3 }, { revision: 4 }, false],
    [{ options: {}, generation: null }, { generation: 'next' }, false],
  ])('%j runs %j: %s', (applied, target, expected) => {
    expect(unitAtTarget(applied, target)).toBe(expected);
  });
});
