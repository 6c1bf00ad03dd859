import { describe, expect, it } from 'vitest';
import { applyBaseEdits, editsForChanges, type BaseEdit } from './base-edit.js';
import { listDocuments, mergedField, type SourceFile } from './model-files.js';

const base: SourceFile = {
  path: 'bundles/openstack.yaml',
  text: `applications:
  keystone:
    charm: keystone
    channel: 2024.1/stable
    revision: 50
    num_units: 3
    options:
      debug: false
  ceph-mon:
    charm: ceph-mon
    num_units: 3
    options:
      loglevel: 1
`,
};
const overlay: SourceFile = {
  path: 'overlays/openstack/production.yaml',
  text: `# production
applications:
  keystone:
    options:
      region: RegionTwo   # second region
  glance:
    charm: glance
    num_units: 1
`,
};

function effective(files: SourceFile[], app: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(mergedField(listDocuments(files), app, 'options')).map(([k, v]) => [k, v.value]));
}

describe('applyBaseEdits', () => {
  it.each<[string, BaseEdit, string]>([
    ['an option the base sets goes to the base', { application: 'keystone', field: 'options', key: 'debug', value: true }, base.path],
    ['an option an overlay sets goes to that overlay', { application: 'keystone', field: 'options', key: 'region', value: 'RegionThree' }, overlay.path],
    ['a new option goes to the base bundle', { application: 'keystone', field: 'options', key: 'workers', value: 4 }, base.path],
    ['a revision goes where the revision is', { application: 'keystone', field: 'revision', value: 51 }, base.path],
    ['an application an overlay adds is edited in that overlay', { application: 'glance', field: 'options', key: 'debug', value: true }, overlay.path],
  ])('%s', (_, edit, file) => {
    const result = applyBaseEdits([base, overlay], [edit]);
    expect(result.changed).toEqual([file]);
  });

  it('changes the composed value and nothing else', () => {
    const result = applyBaseEdits([base, overlay], [{ application: 'keystone', field: 'options', key: 'region', value: 'RegionThree' }]);
    expect(effective(result.files, 'keystone')).toEqual({ debug: false, region: 'RegionThree' });
    expect(result.files[1].text).toBe(overlay.text.replace('RegionTwo', 'RegionThree'));
  });

  it('resets an option by removing it wherever it is set, without leaving an overlay that clears options', () => {
    const both: SourceFile = { path: overlay.path, text: overlay.text.replace('region: RegionTwo', 'debug: true') };
    const result = applyBaseEdits([base, both], [{ application: 'keystone', field: 'options', key: 'debug', value: null }]);
    expect(result.changed).toEqual([base.path, overlay.path]);
    expect(effective(result.files, 'keystone')).toEqual({});
    expect(result.files[1].text).not.toMatch(/keystone/);
    expect(result.files[1].text).toContain('glance:');
  });

  it('writes into the overlay document of a multi-document base file when it decides the value', () => {
    const multi: SourceFile = { path: base.path, text: `${base.text}---\napplications:\n  keystone:\n    revision: 52\n` };
    const result = applyBaseEdits([multi], [{ application: 'keystone', field: 'revision', value: 53 }]);
    expect(result.files[0].text).toBe(multi.text.replace('revision: 52', 'revision: 53'));
  });

  it('refuses an application no file defines', () => {
    expect(() => applyBaseEdits([base], [{ application: 'nova', field: 'revision', value: 1 }])).toThrow(/nova is not in the model/);
  });
});

describe('editsForChanges', () => {
  it('turns staged changes into one edit per value', () => {
    expect(editsForChanges('keystone', { revision: 51, options: { debug: true, workers: null }, resources: { policyd: 3 } })).toEqual([
      { application: 'keystone', field: 'revision', value: 51 },
      { application: 'keystone', field: 'options', key: 'debug', value: true },
      { application: 'keystone', field: 'options', key: 'workers', value: null },
      { application: 'keystone', field: 'resources', key: 'policyd', value: 3 },
    ]);
  });
});
