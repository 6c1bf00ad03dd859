import { describe, expect, it } from 'vitest';
import type { CharmOption } from '../model/live.js';
import { checkOptions, withDefaults } from './charm-options.js';

const schema: Record<string, CharmOption> = {
  label: { type: 'string', default: 'v1' },
  port: { type: 'int', default: 0 },
  ratio: { type: 'float' },
  debug: { type: 'boolean', default: false },
};

describe('checkOptions', () => {
  it.each([
    ['an int from a number', { port: 8080 }, { port: 8080 }],
    ['an int from a numeric string', { port: '8080' }, { port: 8080 }],
    ['a float from a string', { ratio: '0.5' }, { ratio: 0.5 }],
    ['a boolean from "True"', { debug: 'True' }, { debug: true }],
    ['a string as given', { label: 'v2' }, { label: 'v2' }],
  ])('accepts %s', (_name, options, expected) => {
    expect(checkOptions('app', options, schema)).toEqual(expected);
  });

  it.each([
    ['a string for an int', { port: 'eighty' }, 'option-type'],
    ['a fraction for an int', { port: 1.5 }, 'option-type'],
    ['a number for a string', { label: 2 }, 'option-type'],
    ['an option the charm lacks', { colour: 'red' }, 'option-unknown'],
  ])('refuses %s', (_name, options, code) => {
    expect(() => checkOptions('app', options, schema)).toThrow(
      expect.objectContaining({ code: 'option-invalid', diagnostics: [expect.objectContaining({ code })] }),
    );
  });

  it('names the option and the kind of value it got, never the value, which may be a secret', () => {
    const error = (() => {
      try {
        checkOptions('app', { label: 123456 }, schema);
      } catch (e) {
        return e as { diagnostics: { summary: string }[] };
      }
    })();
    expect(error?.diagnostics[0].summary).toBe('option label of app must be a string, got an integer');
  });

  it('passes options of an opaque charm unchanged', () => {
    expect(checkOptions('app', { anything: [1, 2] }, undefined)).toEqual({ anything: [1, 2] });
  });

  it('fills in charm defaults under the user options', () => {
    expect(withDefaults({ port: 9000 }, schema)).toEqual({ label: 'v1', port: 9000, debug: false });
  });
});
