import { describe, expect, it } from 'vitest';
import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';
import { unitStagingOf, type UnitStaging } from '../../src/model/capabilities.js';
import type { JujuModelBinding } from '../../src/model/config.js';

const models: Record<string, JujuModelBinding> = {
  web: {
    model: 'web-prod',
    unitStrategy: { actions: ['restart'] },
    applications: {
      keystone: 'openstack-upgrade',
      postgresql: 'data-platform-refresh',
      haproxy: 'none',
      custom: { actions: [{ name: 'resume-refresh', onNextUnit: true }, 'check'] },
    },
  },
  batch: { model: 'batch', applications: {} },
};

describe('juju backend capabilities', () => {
  it.each(['3.6', '4.0'] as const)('declares the same abilities on Juju %s: exec, offers and migration (through juju migrate), no per-unit generations', (version) => {
    const backend = new JujuBackend({ controller: 'prod', version, models });
    expect(backend.capabilities).toMatchObject({ exec: true, offers: true, migration: true, perUnitGenerations: false });
  });

  it.each<[string, string, string, UnitStaging]>([
    ['an action strategy of the model', 'web', 'appserver', { kind: 'action', actions: [{ name: 'restart' }] }],
    ['the openstack-upgrade preset: moves openstack-origin only', 'web', 'keystone', {
      kind: 'action', preset: 'openstack-upgrade', actions: [{ name: 'pause' }, { name: 'openstack-upgrade' }, { name: 'resume' }], moves: { kinds: ['config'], options: ['openstack-origin'] },
    }],
    ['the data-platform-refresh preset: moves a refresh, highest unit first, the first by the charm', 'web', 'postgresql', {
      kind: 'action', preset: 'data-platform-refresh', actions: [{ name: 'resume-refresh' }], moves: { kinds: ['refresh'] }, unitOrder: 'highest-first', firstUnitByCharm: true, beforeChange: 'pre-refresh-check',
    }],
    ['actions run on the next unit', 'web', 'custom', { kind: 'action', actions: [{ name: 'resume-refresh', onNextUnit: true }, { name: 'check' }] }],
    ['an application set to none under an action default', 'web', 'haproxy', { kind: 'none' }],
    ['a model without a strategy', 'batch', 'worker', { kind: 'none' }],
    ['a model the repository does not bind', 'elsewhere', 'worker', { kind: 'none' }],
  ])('stages units per application: %s', (_case, model, application, expected) => {
    const backend = new JujuBackend({ controller: 'prod', version: '4.0', models });
    expect(unitStagingOf(backend.capabilities, model, application)).toEqual(expected);
  });
});

describe('embedded controller capabilities', () => {
  it('stages every unit natively and keeps per-unit generations', () => {
    expect(unitStagingOf(embeddedControllerCapabilities, 'any', 'app')).toEqual({ kind: 'native' });
    expect(embeddedControllerCapabilities).toMatchObject({ offers: true, migration: true, perUnitGenerations: true });
  });
});
