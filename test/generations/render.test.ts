import { describe, expect, it } from 'vitest';
import {
  effectiveOptions,
  generationProgress,
  listDocuments,
  renderEffective,
  renderGenerationDiff,
  renderGenerationStatus,
  renderStaged,
  type GenerationFile,
} from '../../src/generations/index.js';
import type { LiveModel } from '../../src/model/live.js';
import { expectGolden } from './golden.js';

const secret = 'hunter2-do-not-print';

const head: GenerationFile = {
  name: 'gen-1',
  created: '2025-03-01T10:00:00Z',
  applications: {
    keystone: { revision: 51, options: { debug: true, 'admin-password': secret } },
    'percona-cluster': { options: { 'max-connections': 2000, 'innodb-buffer-pool-size': null } },
  },
  targets: ['keystone/0', 'percona-cluster/0'],
};
const base: GenerationFile = {
  ...head,
  applications: { keystone: { revision: 51, options: { debug: true, 'admin-password': 'old-secret' } }, 'percona-cluster': { options: { 'max-connections': 1000 } } },
  targets: ['keystone/0'],
};
const inventory = { keystone: ['keystone/0', 'keystone/1', 'keystone/2'], 'percona-cluster': ['percona-cluster/0', 'percona-cluster/1', 'percona-cluster/2'] };

function noSecret(text: string): string {
  expect(text).not.toContain(secret);
  expect(text).not.toContain('old-secret');
  return text;
}

describe('generation diff (the staged changes as an overlay)', () => {
  it.each(['yaml', 'json', 'markdown'] as const)('renders %s', async (format) => {
    await expectGolden(`staged.${format === "markdown" ? "md" : format}`, noSecret(renderStaged(head, { model: 'openstack', format })));
  });
});

describe('PR view of a generation', () => {
  it.each([
    ['pr-added.md', undefined, head, 'markdown'],
    ['pr-targets.md', base, head, 'markdown'],
    ['pr-targets.txt', base, head, 'text'],
    ['pr-targets.json', base, head, 'json'],
    ['pr-closed.md', head, undefined, 'markdown'],
  ] as const)('renders %s', async (golden, before, after, format) => {
    await expectGolden(golden, noSecret(renderGenerationDiff(before, after, format, { model: 'openstack' })));
  });

  it('says "staged for" with every target', () => {
    expect(renderGenerationDiff(base, head, 'markdown')).toContain('staged for keystone/0, percona-cluster/0');
  });

  it('is empty when the generation did not change, or when there is none', () => {
    expect(renderGenerationDiff(head, head, 'markdown')).toBe('');
    expect(renderGenerationDiff(undefined, undefined, 'text')).toBe('');
  });
});

describe('generation status', () => {
  const live = {
    applications: {
      keystone: { units: { 'keystone/0': { generation: 'gen-1' } } },
      'percona-cluster': { units: { 'percona-cluster/0': { generation: null } } },
    },
  } as unknown as LiveModel;

  it.each(['text', 'yaml'] as const)('renders %s', async (format) => {
    const progress = generationProgress(head, inventory, live);
    await expectGolden(`status.${format === 'text' ? 'txt' : format}`, noSecret(renderGenerationStatus(head, progress, { model: 'openstack', format })));
  });
});

describe('config APP (effective values)', () => {
  const refs = listDocuments([
    { path: 'bundles/openstack.yaml', text: 'applications:\n  keystone:\n    charm: keystone\n    options:\n      debug: false\n      admin-password: old-secret\n' },
    { path: 'overlays/openstack/prod.yaml', text: 'applications:\n  keystone:\n    options:\n      region: RegionTwo\n' },
  ]);
  const options = effectiveOptions({
    refs,
    application: 'keystone',
    generation: head,
    charmConfig: { workers: { type: 'int', default: 4, description: 'API workers' }, debug: { type: 'boolean', default: false } },
  });

  it.each([
    ['config-both.txt', 'both', 'text'],
    ['config-next.txt', 'next', 'text'],
    ['config-current.yaml', 'current', 'yaml'],
  ] as const)('renders %s', async (golden, view, format) => {
    await expectGolden(golden, noSecret(renderEffective(options, { application: 'keystone', generation: 'gen-1', view, format })));
  });
});
