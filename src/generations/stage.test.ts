import { describe, expect, it } from 'vitest';
import type { Bundle } from '../model/bundle.js';
import type { CharmOption } from '../model/live.js';
import { parseGeneration } from './file.js';
import { addTargets, stageChanges } from './stage.js';
import { parseAssignments } from './values.js';

const text = '# canary first\nname: gen-1\ncreated: "2025-01-01T00:00:00Z"\napplications: {}\ntargets: []\n';
const generation = parseGeneration(text, 'g.yaml').generation!;
const desired: Bundle = { applications: { keystone: { charm: 'keystone', num_units: 3 }, 'ceph-mon': { charm: 'ceph-mon' } } };
const inventory = { keystone: ['keystone/0', 'keystone/1', 'keystone/2'] };

describe('stageChanges', () => {
  it('writes the changes as an overlay and keeps the header', () => {
    const after = stageChanges(text, 'keystone', [
      { field: 'revision', value: 51 },
      { field: 'options', key: 'debug', value: true },
    ]);
    expect(after).toBe('# canary first\nname: gen-1\ncreated: "2025-01-01T00:00:00Z"\napplications:\n  keystone:\n    revision: 51\n    options:\n      debug: true\ntargets: []\n');
    expect(parseGeneration(after, 'g.yaml').generation?.applications).toEqual({ keystone: { revision: 51, options: { debug: true } } });
  });
});

describe('addTargets', () => {
  it('appends units and applications in order, skipping those already tracking', () => {
    const first = addTargets(text, generation, ['keystone/0'], { desired, inventory });
    const again = addTargets(first.text, parseGeneration(first.text, 'g.yaml').generation!, ['keystone/0', 'ceph-mon', 'keystone/2'], { desired, inventory });
    expect(again).toMatchObject({ added: ['ceph-mon', 'keystone/2'], already: ['keystone/0'] });
    expect(parseGeneration(again.text, 'g.yaml').generation?.targets).toEqual(['keystone/0', 'ceph-mon', 'keystone/2']);
  });

  it('refuses unknown units and applications, naming them all', () => {
    expect(() => addTargets(text, generation, ['keystone/7', 'nova', 'keystone/1'], { desired, inventory })).toThrow('unknown units or applications: keystone/7, nova');
  });
});

describe('parseAssignments', () => {
  const schema: Record<string, CharmOption> = { workers: { type: 'int' }, region: { type: 'string' }, debug: { type: 'boolean' }, ratio: { type: 'float' } };

  it.each([
    [['workers=4', 'region=10', 'debug=True', 'ratio=0.5'], schema, { workers: 4, region: '10', debug: true, ratio: 0.5 }],
    [['debug=true', 'loglevel=10', 'name=ceph', 'empty=', 'eq=a=b'], undefined, { debug: true, loglevel: 10, name: 'ceph', empty: '', eq: 'a=b' }],
  ])('reads %j', (pairs, types, expected) => {
    expect(parseAssignments(pairs, types)).toEqual(expected);
  });

  it.each([
    [['workers=many'], /option workers is an integer, got "many"/],
    [['debug=maybe'], /option debug is a boolean/],
    [['novalue'], /expected key=value, got "novalue"/],
  ])('refuses %j', (pairs, message) => {
    expect(() => parseAssignments(pairs, schema)).toThrow(message);
  });
});
