import { describe, expect, it } from 'vitest';
import type { Change } from '../model/change.js';
import type { LiveModel } from '../model/live.js';
import { capabilitiesWith, webBundle, webLive } from '../../test/plan/fixtures.js';
import { buildPlan } from './build-plan.js';
import { renderPlan } from './render.js';

const now = new Date('2024-05-01T12:00:00Z');

function heal(live: LiveModel, desired = webBundle()): Extract<Change, { kind: 'heal-units' }> | undefined {
  const plan = buildPlan({ capabilities: capabilitiesWith(), desired, live, model: 'web', controller: 'local', prune: false, now });
  return plan.changes.find((c): c is Extract<Change, { kind: 'heal-units' }> => c.kind === 'heal-units');
}

function withUnit(edit: (live: LiveModel) => void): LiveModel {
  const live = webLive();
  edit(live);
  return live;
}

const appserver = (live: LiveModel) => live.applications.appserver;

describe('unit drift', () => {
  it.each([
    ['a unit on another build', withUnit((l) => void (appserver(l).units['appserver/2'].applied.options.build_label = 'v0')), ['appserver/2']],
    ['a unit on another charm revision', withUnit((l) => {
      appserver(l).revision = 7;
      for (const u of Object.values(appserver(l).units)) u.applied.revision = 7;
      appserver(l).units['appserver/1'].applied.revision = 6;
    }), ['appserver/1']],
    ['a unit whose workload is in error', withUnit((l) => void (appserver(l).units['appserver/0'].workload = { current: 'error', message: 'workload exited with code 1: boom' })), ['appserver/0']],
  ])('finds %s', (_name, live, units) => {
    expect(heal(live)?.units.map((u) => u.unit)).toEqual(units);
  });

  it.each([
    ['every unit runs what its application says', webLive()],
    ['a unit is blocked or restarting, not in error', withUnit((l) => void (appserver(l).units['appserver/0'].workload = { current: 'maintenance', message: 'restarting' }))],
    ['the charm is spelled as the bundle spells it', withUnit((l) => void (appserver(l).units['appserver/0'].applied.charm = '/repo/charms/appserver'))],
    ['a unit tracks the open generation and runs its staged changes', withUnit((l) => {
      l.generation = { name: 'next', createdAt: '2024-05-01T00:00:00Z', applications: { appserver: { options: { build_label: 'v9' } } } };
      Object.assign(appserver(l).units['appserver/0'], { generation: 'next' });
      appserver(l).units['appserver/0'].applied.options.build_label = 'v9';
    })],
    ['a unit still tracks a closed generation (the generation reconcile returns it)', withUnit((l) => {
      Object.assign(appserver(l).units['appserver/0'], { generation: 'gone' });
      appserver(l).units['appserver/0'].applied.options.build_label = 'v9';
    })],
  ])('finds nothing when %s', (_name, live) => {
    expect(heal(live)).toBeUndefined();
  });

  it('leaves a unit tracking a generation to the generation reconcile, even in error', () => {
    const live = withUnit((l) => {
      l.generation = { name: 'next', createdAt: '2024-05-01T00:00:00Z', applications: { appserver: { options: { build_label: 'v9' } } } };
      Object.assign(appserver(l).units['appserver/0'], { generation: 'next', workload: { current: 'error', message: 'dead' } });
    });
    expect(heal(live)).toBeUndefined();
  });

  it('leaves a unit already moved by the plan\'s own change alone, and moves a drifted one to the new build', () => {
    const desired = webBundle();
    desired.applications.appserver.options!.build_label = 'v2';
    const live = withUnit((l) => {
      appserver(l).units['appserver/0'].applied.options.build_label = 'v2';
      appserver(l).units['appserver/1'].applied.options.build_label = 'v0';
    });
    expect(heal(live, desired)?.units).toEqual([{ unit: 'appserver/1', from: { options: { build_label: 'v0' } }, to: { options: { build_label: 'v2' } } }]);
  });

  it('leaves the units of applications the bundle does not have to prune', () => {
    const desired = webBundle();
    delete desired.applications.haproxy;
    const live = withUnit((l) => void (l.applications.haproxy.units['haproxy/0'].workload = { current: 'error', message: 'dead' }));
    expect(heal(live, desired)).toBeUndefined();
  });

  it('says so where the backend cannot move one unit alone', () => {
    const live = withUnit((l) => void (appserver(l).units['appserver/0'].workload = { current: 'error', message: 'dead' }));
    const plan = buildPlan({ capabilities: capabilitiesWith({ kind: 'none' }), desired: webBundle(), live, model: 'web', controller: 'prod', prune: false, now });
    expect(plan.changes).toMatchObject([{ kind: 'heal-units', classification: 'all-at-once', description: 'heal a unit of appserver: appserver/0 is in error (reaches all units at once)' }]);
  });

  it.each(['text', 'json', 'markdown', 'yaml'] as const)('never shows a drifted secret value in %s', (format) => {
    const live = withUnit((l) => void (appserver(l).units['appserver/2'].applied.options['admin-password'] = 'old-horse'));
    const out = renderPlan(buildPlan({ capabilities: capabilitiesWith(), desired: webBundle(), live, model: 'web', controller: 'local', prune: false, now }), { format });
    expect(out).not.toContain('old-horse');
    expect(out).not.toContain('hunter2');
    if (format !== 'yaml') expect(out).toContain('admin-password');
  });
});
