import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { appendYamlItems, deleteYamlValue, setYamlValue } from './yaml-edit.js';

const bundle = `# OpenStack control plane
applications:
  keystone:   # identity
    charm: keystone
    channel: 2024.1/stable
    revision: 50
    num_units: 3
    options:
      debug: false  # quiet by default
      "admin-role": Admin
    to: [lxd:0, lxd:1, lxd:2]

  ceph-mon:
    charm: ceph-mon
    num_units: 3
relations:
- [keystone:shared-db, percona-cluster:shared-db]
--- # production tweaks
applications:
  keystone:
    options:
      region: RegionTwo
`;

/** Lines of `after` that are not in `before` and vice versa: the edit's whole footprint. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)), added: b.filter((l) => !a.includes(l)) };
}

describe('setYamlValue', () => {
  it.each([
    ['replaces a scalar and keeps its comment', ['applications', 'keystone', 'options', 'debug'], true, 0,
      ['      debug: false  # quiet by default'], ['      debug: true  # quiet by default']],
    ['keeps the quoting of a quoted string', ['applications', 'keystone', 'options', 'admin-role'], 'Member', 0,
      ['      "admin-role": Admin'], ['      "admin-role": Member']],
    ['adds a key at the end of an existing map', ['applications', 'keystone', 'options', 'loglevel'], 10, 0,
      [], ['      loglevel: 10']],
    ['creates a missing map under the application', ['applications', 'ceph-mon', 'options', 'loglevel'], 10, 0,
      [], ['    options:', '      loglevel: 10']],
    ['edits a later document of a multi-document file', ['applications', 'keystone', 'revision'], 51, 1,
      [], ['    revision: 51']],
    ['quotes strings YAML 1.1 would read as something else', ['applications', 'keystone', 'options', 'flag'], 'yes', 0,
      [], ['      flag: "yes"']],
  ])('%s', (_, path, value, doc, removed, added) => {
    const after = setYamlValue(bundle, { doc, path, value });
    expect(lineDiff(bundle, after).removed).toEqual(removed);
    expect(after).toContain(`${added.join('\n')}\n`);
    expect(after.split('\n').length - bundle.split('\n').length).toBe(added.length - removed.length);
    expect(parseAllDocuments(after, { version: '1.1' })[doc].getIn(path)).toEqual(value);
  });

  it('keeps every other byte of the file', () => {
    const after = setYamlValue(bundle, { path: ['applications', 'keystone', 'options', 'debug'], value: true });
    expect(after).toBe(bundle.replace('debug: false', 'debug: true'));
  });

  it('turns an empty flow map into a block', () => {
    const text = 'name: g\napplications: {}\ntargets: []\n';
    expect(setYamlValue(text, { path: ['applications', 'keystone', 'options', 'debug'], value: true })).toBe(
      'name: g\napplications:\n  keystone:\n    options:\n      debug: true\ntargets: []\n',
    );
  });

  it('fills a key that has no value, after its comment', () => {
    const text = 'applications:\n  keystone:\n    options:   # none yet\n    charm: keystone\n';
    expect(setYamlValue(text, { path: ['applications', 'keystone', 'options', 'debug'], value: true })).toBe(
      'applications:\n  keystone:\n    options:   # none yet\n      debug: true\n    charm: keystone\n',
    );
  });

  it('follows the indentation the file uses', () => {
    const text = 'applications:\n    keystone:\n        charm: keystone\n';
    expect(setYamlValue(text, { path: ['applications', 'keystone', 'options', 'debug'], value: true })).toBe(
      'applications:\n    keystone:\n        charm: keystone\n        options:\n            debug: true\n',
    );
  });

  it('falls back to the Document API for flow maps', () => {
    const text = '# kept\napplications: {keystone: {charm: keystone}}\n';
    const after = setYamlValue(text, { path: ['applications', 'keystone', 'revision'], value: 3 });
    expect(after).toContain('# kept');
    expect(parseAllDocuments(after)[0].toJS()).toEqual({ applications: { keystone: { charm: keystone(), revision: 3 } } });
  });

  it('refuses to write through an alias', () => {
    const text = 'x: &opts\n  debug: false\napplications:\n  keystone:\n    charm: keystone\n    options: *opts\n';
    expect(() => setYamlValue(text, { path: ['applications', 'keystone', 'options', 'debug'], value: true })).toThrow(/alias/);
  });
});

function keystone(): string {
  return 'keystone';
}

describe('deleteYamlValue', () => {
  it('removes the key line and nothing else', () => {
    const after = deleteYamlValue(bundle, { path: ['applications', 'keystone', 'options', 'debug'] });
    expect(lineDiff(bundle, after)).toEqual({ removed: ['      debug: false  # quiet by default'], added: [] });
  });

  it('removes maps the deletion empties, so an overlay does not clear or delete anything', () => {
    const after = deleteYamlValue(bundle, { doc: 1, path: ['applications', 'keystone', 'options', 'region'] });
    expect(after.endsWith('--- # production tweaks\napplications: {}\n')).toBe(true);
  });

  it('keeps sibling keys of an emptied map', () => {
    const text = 'applications:\n  keystone:\n    options:\n      debug: true\n    revision: 3\n';
    expect(deleteYamlValue(text, { path: ['applications', 'keystone', 'options', 'debug'] })).toBe('applications:\n  keystone:\n    revision: 3\n');
  });

  it('leaves the file alone when the key is absent', () => {
    expect(deleteYamlValue(bundle, { path: ['applications', 'nova', 'options', 'x'] })).toBe(bundle);
  });
});

describe('appendYamlItems', () => {
  it.each([
    ['an empty flow sequence', 'targets: []\n', 'targets:\n  - keystone/0\n  - ceph-mon\n'],
    ['a missing key', 'name: g\n', 'name: g\ntargets:\n  - keystone/0\n  - ceph-mon\n'],
    ['a block sequence, at its indentation', 'targets:\n- keystone/0   # canary\nname: g\n', 'targets:\n- keystone/0   # canary\n- keystone/0\n- ceph-mon\nname: g\n'],
  ])('appends to %s', (_, text, expected) => {
    expect(appendYamlItems(text, { path: ['targets'], items: ['keystone/0', 'ceph-mon'] })).toBe(expected);
  });
});
