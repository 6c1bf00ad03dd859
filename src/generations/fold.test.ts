import { describe, expect, it } from 'vitest';
import type { GenerationFile } from './file.js';
import { planCancel, planCommit } from './fold.js';
import type { SourceFile } from './model-files.js';
import { generationProgress, type UnitInventory } from './progress.js';

const files: SourceFile[] = [
  {
    path: 'bundles/openstack.yaml',
    text: 'applications:\n  keystone:\n    charm: keystone\n    channel: 2024.1/stable\n    revision: 50\n    num_units: 3\n  ceph-mon:\n    charm: ceph-mon\n    num_units: 3\n',
  },
];
const inventory: UnitInventory = {
  keystone: ['keystone/0', 'keystone/1', 'keystone/2'],
  'ceph-mon': ['ceph-mon/0', 'ceph-mon/1', 'ceph-mon/2'],
};

function generation(targets: string[]): GenerationFile {
  return {
    name: 'gen-1',
    created: '2025-01-01T00:00:00Z',
    applications: { keystone: { revision: 51, options: { debug: true } }, 'ceph-mon': { options: { loglevel: 10 } } },
    targets,
  };
}

describe('generationProgress', () => {
  it.each([
    [['keystone/0'], { keystone: '1/3', 'ceph-mon': '0/3' }],
    [['keystone'], { keystone: '3/3', 'ceph-mon': '0/3' }],
    [['keystone/2', 'ceph-mon', 'keystone/0'], { keystone: '2/3', 'ceph-mon': '3/3' }],
  ])('targets %j give %j', (targets, expected) => {
    const progress = generationProgress(generation(targets), inventory);
    expect(Object.fromEntries(progress.map((p) => [p.application, p.progress]))).toEqual(expected);
  });
});

describe('planCancel', () => {
  it('is refused while an application is partly moved, naming the units behind', () => {
    expect(() => planCancel(generation(['keystone/0']), inventory, files)).toThrow(
      'cannot cancel generation, there are units behind a generation: keystone/1, keystone/2',
    );
  });

  it('folds the changes every unit runs and drops the others', () => {
    const outcome = planCancel(generation(['keystone/0', 'keystone/1', 'keystone/2']), inventory, files);
    expect(outcome).toMatchObject({ folded: ['keystone'], dropped: ['ceph-mon'], changed: ['bundles/openstack.yaml'] });
    expect(outcome.files[0].text).toBe(
      'applications:\n  keystone:\n    charm: keystone\n    channel: 2024.1/stable\n    revision: 51\n    num_units: 3\n    options:\n      debug: true\n  ceph-mon:\n    charm: ceph-mon\n    num_units: 3\n',
    );
  });

  it('drops everything when no unit tracks it', () => {
    const outcome = planCancel(generation([]), inventory, files);
    expect(outcome).toMatchObject({ folded: [], dropped: ['keystone', 'ceph-mon'], changed: [] });
    expect(outcome.files).toEqual(files);
  });
});

describe('planCommit', () => {
  it('is refused until every unit of every changed application tracks it', () => {
    expect(() => planCommit(generation(['keystone']), inventory, files)).toThrow(
      'cannot commit generation, there are units behind a generation: ceph-mon/0, ceph-mon/1, ceph-mon/2',
    );
  });

  it('folds every change into the base files', () => {
    const outcome = planCommit(generation(['keystone', 'ceph-mon']), inventory, files);
    expect(outcome.folded).toEqual(['keystone', 'ceph-mon']);
    expect(outcome.files[0].text).toContain('    revision: 51\n    num_units: 3\n    options:\n      debug: true\n');
    expect(outcome.files[0].text).toContain('  ceph-mon:\n    charm: ceph-mon\n    num_units: 3\n    options:\n      loglevel: 10\n');
  });
});
