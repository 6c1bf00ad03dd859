import { describe, expect, it } from 'vitest';
import type { UnitStaging } from '../model/capabilities.js';
import { defaultRolloutPolicy, type RolloutPolicy } from '../model/config.js';
import { capabilitiesWith, webBundle, webLive } from '../../test/plan/fixtures.js';
import { buildPlan } from './build-plan.js';

const now = new Date('2024-05-01T12:00:00Z');
const restart: UnitStaging = { kind: 'action', actions: [{ name: 'restart' }] };
const dataPlatform: UnitStaging = { kind: 'action', preset: 'data-platform-refresh', actions: [{ name: 'resume-refresh', onNextUnit: true }] };

/** A new build label for appserver and a new port for haproxy. */
function planOn(staging: UnitStaging, opts: { appserver?: UnitStaging; policy?: Partial<RolloutPolicy>; perApp?: Partial<RolloutPolicy> } = {}) {
  const desired = webBundle();
  desired.applications.appserver.options = { ...desired.applications.appserver.options, build_label: 'v2' };
  desired.applications.haproxy.options = { port: 8081 };
  return buildPlan({
    desired, live: webLive(), model: 'web', controller: 'prod', prune: false, now,
    capabilities: capabilitiesWith(staging, opts.appserver ? { appserver: opts.appserver } : {}),
    rollout: { rollout: { ...defaultRolloutPolicy, ...opts.policy }, applications: opts.perApp ? { appserver: opts.perApp } : {} },
  });
}

const restartChanges = (plan: ReturnType<typeof planOn>) =>
  plan.changes.filter((c) => c.kind === 'config' || c.kind === 'refresh').map((c) => [c.id, c.classification, c.description, c.staging]);

describe('restart changes by how the backend stages units', () => {
  it.each<[string, UnitStaging, UnitStaging | undefined, Array<[string, string, string, unknown]>]>([
    ['native: the controller moves each unit', { kind: 'native' }, undefined, [
      ['config-appserver', 'restart', 'set application options for appserver', undefined],
      ['config-haproxy', 'restart', 'set application options for haproxy', undefined],
    ]],
    ['action: the plan names the action that moves each unit', restart, undefined, [
      ['config-appserver', 'restart', 'set application options for appserver (each unit moved by action restart)', restart],
      ['config-haproxy', 'restart', 'set application options for haproxy (each unit moved by action restart)', restart],
    ]],
    ['none: the change reaches all units at once', { kind: 'none' }, undefined, [
      ['config-appserver', 'all-at-once', 'set application options for appserver (reaches all units at once)', { kind: 'none' }],
      ['config-haproxy', 'all-at-once', 'set application options for haproxy (reaches all units at once)', { kind: 'none' }],
    ]],
    ['per application: a preset for one, none for the rest', { kind: 'none' }, dataPlatform, [
      ['config-appserver', 'restart', 'set application options for appserver (each unit moved by data-platform-refresh action resume-refresh (on the next unit))', dataPlatform],
      ['config-haproxy', 'all-at-once', 'set application options for haproxy (reaches all units at once)', { kind: 'none' }],
    ]],
  ])('%s', (_case, staging, appserver, expected) => {
    const plan = planOn(staging, { appserver });
    expect(restartChanges(plan).sort()).toEqual(expected.sort());
    const allAtOnce = expected.filter(([, c]) => c === 'all-at-once').length;
    expect(plan.summary).toMatchObject({ restart: expected.length - allAtOnce, ...(allAtOnce ? { allAtOnce } : {}) });
    if (!allAtOnce) expect(plan.summary).not.toHaveProperty('allAtOnce');
  });

  it('leaves in-place changes alone on a backend without unit staging', () => {
    const desired = webBundle();
    desired.applications.appserver.num_units = 6;
    const plan = buildPlan({ desired, live: webLive(), model: 'web', controller: 'prod', prune: false, now, capabilities: capabilitiesWith({ kind: 'none' }) });
    expect(plan.changes.map((c) => [c.id, c.classification, c.staging])).toEqual([['scale-appserver', 'in-place', undefined]]);
  });
});

describe('rollout policies a controller cannot honour', () => {
  it.each<[string, UnitStaging, { policy?: Partial<RolloutPolicy>; perApp?: Partial<RolloutPolicy> }, string[]]>([
    ['batches of the model on none', { kind: 'none' }, { policy: { batch: 3 } }, [
      'appserver: the rollout policy asks for batches of 3',
      'haproxy: the rollout policy asks for batches of 3',
    ]],
    ['a canary of one application on none', { kind: 'none' }, { perApp: { canary: 1 } }, ['appserver: the rollout policy asks for a canary of 1']],
    ['the default policy (one unit at a time) on none', { kind: 'none' }, {}, []],
    ['batches and a canary where actions stage units', restart, { policy: { batch: 2, canary: 1 } }, []],
    ['batches and a canary on the embedded controller', { kind: 'native' }, { policy: { batch: 2, canary: 1 } }, []],
  ])('%s', (_case, staging, policies, expected) => {
    const notes = planOn(staging, policies).notes ?? [];
    expect(notes.map((n) => n.slice(0, n.indexOf(', but')))).toEqual(expected);
    for (const note of notes) expect(note).toContain('on controller prod its changes reach all units at once, so the health gate waits for every unit instead');
  });
});

describe("restart changes a charm family's actions move only in part", () => {
  const family = (moves: { kinds: Array<'config' | 'refresh'>; options?: string[] }): UnitStaging => ({ kind: 'action', preset: 'openstack-upgrade', actions: [{ name: 'openstack-upgrade' }], moves });
  it.each<[string, UnitStaging, string, string]>([
    ['an option the actions move', family({ kinds: ['config'], options: ['build_label'] }), 'restart', 'set application options for appserver (each unit moved by openstack-upgrade action openstack-upgrade)'],
    ['an option they do not move', family({ kinds: ['config'], options: ['openstack-origin'] }), 'all-at-once', 'set application options for appserver (reaches all units at once: the openstack-upgrade actions move only openstack-origin)'],
    ['config, where they move only a refresh', family({ kinds: ['refresh'] }), 'all-at-once', 'set application options for appserver (reaches all units at once: the openstack-upgrade actions move only a charm refresh)'],
    ['the data-platform refresh: leader check, highest unit first, the first by the charm', { kind: 'action', preset: 'data-platform-refresh', actions: [{ name: 'resume-refresh' }], firstUnitByCharm: true, unitOrder: 'highest-first', beforeChange: 'pre-refresh-check' }, 'restart',
      'set application options for appserver (pre-refresh-check on the leader, then highest unit first, the first by the charm itself, each next unit moved by data-platform-refresh action resume-refresh)'],
  ])('%s', (_case, appserver, classification, description) => {
    const change = planOn({ kind: 'none' }, { appserver }).changes.find((c) => c.id === 'config-appserver')!;
    expect([change.classification, change.description]).toEqual([classification, description]);
    if (classification === 'all-at-once') expect(change.staging).toEqual({ kind: 'none' });
  });

  it('says which options of a staged change reach every unit at once', () => {
    const desired = webBundle();
    desired.applications.appserver.options = { ...desired.applications.appserver.options, build_label: 'v2', 'admin-password': 'swordfish' };
    const plan = buildPlan({
      desired, live: webLive(), model: 'web', controller: 'prod', prune: false, now,
      capabilities: capabilitiesWith({ kind: 'none' }, { appserver: family({ kinds: ['config'], options: ['build_label'] }) }),
    });
    expect(plan.changes.find((c) => c.id === 'config-appserver')?.description).toBe('set application options for appserver (each unit moved by openstack-upgrade action openstack-upgrade; admin-password reaches all units at once)');
  });
});
