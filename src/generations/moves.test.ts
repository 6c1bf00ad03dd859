import { describe, expect, it } from 'vitest';
import type { Bundle } from '../model/bundle.js';
import type { LiveApplication, LiveModel, LiveUnit } from '../model/live.js';
import type { GenerationFile } from './file.js';
import { planGenerationMoves } from './moves.js';

function app(name: string, opts: { revision: number; options: Record<string, unknown>; units: Partial<LiveUnit>[] }): LiveApplication {
  const units: Record<string, LiveUnit> = {};
  opts.units.forEach((u, i) => {
    const unit: LiveUnit = {
      name: `${name}/${i}`, application: name, address: '127.0.0.1', ports: [], leader: i === 0,
      workload: { current: 'active' }, agent: { current: 'idle' },
      applied: { options: { ...opts.options }, charm: name, channel: 'latest/stable', revision: opts.revision },
      generation: null,
      ...u,
    };
    units[unit.name] = unit;
  });
  return {
    name, charm: name, channel: 'latest/stable', revision: opts.revision, subordinate: false, scale: opts.units.length, expose: false,
    options: Object.fromEntries(Object.entries(opts.options).map(([k, value]) => [k, { value, source: 'user' as const }])),
    annotations: {}, storage: {}, devices: {}, bindings: {}, resources: {}, trust: false, status: { current: 'active' }, units,
  };
}

function model(apps: LiveApplication[]): LiveModel {
  return {
    name: 'openstack', uuid: 'u', type: 'iaas', controller: 'local', machines: {}, relations: [], offers: {}, saas: {}, generation: null,
    applications: Object.fromEntries(apps.map((a) => [a.name, a])),
  };
}

const desired: Bundle = { applications: { keystone: { charm: 'keystone', num_units: 3 }, 'ceph-mon': { charm: 'ceph-mon', num_units: 3 } } };
const gen = (targets: string[], applications: GenerationFile['applications'] = { keystone: { revision: 51, options: { debug: true } } }): GenerationFile => ({
  name: 'gen-1', created: '2025-01-01T00:00:00Z', applications, targets,
});
const three = [{}, {}, {}];

describe('planGenerationMoves', () => {
  it('moves target units, in target order, to the application state with the staged changes on top', () => {
    const live = model([app('keystone', { revision: 50, options: { region: 'One' }, units: three }), app('ceph-mon', { revision: 9, options: {}, units: three })]);
    const moves = planGenerationMoves({ generation: gen(['keystone/2', 'ceph-mon/1', 'keystone/0']), desired, live });
    expect(moves.map((m) => m.unit)).toEqual(['keystone/2', 'ceph-mon/1', 'keystone/0']);
    expect(moves[0].target).toEqual({ options: { region: 'One', debug: true }, charm: 'keystone', channel: 'latest/stable', revision: 51, generation: 'gen-1' });
    expect(moves[0].previous).toMatchObject({ options: { region: 'One' }, revision: 50, generation: null });
    expect(moves[1].target).toMatchObject({ options: {}, revision: 9, generation: 'gen-1' });
  });

  it('expands a whole application into its units and leaves every other unit alone', () => {
    const live = model([app('keystone', { revision: 50, options: {}, units: three }), app('ceph-mon', { revision: 9, options: {}, units: three })]);
    const moves = planGenerationMoves({ generation: gen(['keystone']), desired, live });
    expect(moves.map((m) => m.unit)).toEqual(['keystone/0', 'keystone/1', 'keystone/2']);
  });

  it('moves nothing once the units run the generation, and a later staged change only reaches tracking units', () => {
    const moved = { applied: { options: { debug: true }, charm: 'keystone', channel: 'latest/stable', revision: 51 }, generation: 'gen-1' };
    const live = model([app('keystone', { revision: 50, options: {}, units: [moved, {}, {}] })]);
    expect(planGenerationMoves({ generation: gen(['keystone/0']), desired, live })).toEqual([]);
    const later = gen(['keystone/0'], { keystone: { revision: 51, options: { debug: true, workers: 4 } } });
    const moves = planGenerationMoves({ generation: later, desired, live });
    expect(moves.map((m) => [m.unit, m.target.options])).toEqual([['keystone/0', { debug: true, workers: 4 }]]);
  });

  it('returns units that no longer track a generation to their application', () => {
    const moved = { applied: { options: { debug: true }, charm: 'keystone', channel: 'latest/stable', revision: 51 }, generation: 'gen-1' };
    const live = model([app('keystone', { revision: 50, options: {}, units: [moved, {}, {}] })]);
    const moves = planGenerationMoves({ generation: null, desired, live });
    expect(moves).toEqual([
      { unit: 'keystone/0', previous: { ...moved.applied, generation: 'gen-1' }, target: { options: {}, charm: 'keystone', channel: 'latest/stable', revision: 50, generation: null } },
    ]);
  });

  it('types hand-written values as the charm declares them, so a move is not repeated forever', () => {
    const keystone = app('keystone', { revision: 50, options: {}, units: [{ applied: { options: { debug: true }, charm: 'keystone', channel: 'latest/stable', revision: 50 }, generation: 'gen-1' }] });
    keystone.charmInfo = { name: 'keystone', subordinate: false, endpoints: {}, hasWorkload: false, config: { debug: { type: 'boolean' } } };
    const moves = planGenerationMoves({ generation: gen(['keystone/0'], { keystone: { options: { debug: 'true' } } }), desired, live: model([keystone]) });
    expect(moves).toEqual([]);
  });
});
