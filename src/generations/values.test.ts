import { describe, expect, it } from 'vitest';
import type { CharmOption } from '../model/live.js';
import { parseAssignments } from './values.js';

const schema: Record<string, CharmOption> = {
  build_label: { type: 'string', default: 'v1' },
  port: { type: 'int', default: 0 },
};

describe('config key=value arguments', () => {
  it('reads each value as the type the charm declares', () => {
    expect(parseAssignments(['build_label=10', 'port=8080'], schema)).toEqual({ build_label: '10', port: 8080 });
  });

  it.each([
    ['buildlabel=v2', 'the charm has no option buildlabel', 'did you mean `build_label`?'],
    ['workers=4', 'the charm has no option workers', 'its options: build_label, port'],
  ])('refuses %s, an option the charm does not have, as juju config does', (pair, message, hint) => {
    expect(() => parseAssignments([pair], schema)).toThrow(expect.objectContaining({ code: 'config-unknown-option', message, hint }));
  });

  it('accepts any option of an opaque charm, whose options are not known', () => {
    expect(parseAssignments(['workers=4', 'debug=true'])).toEqual({ workers: 4, debug: true });
  });
});
