import { describe, expect, it } from 'vitest';
import type { Change } from '../model/change.js';
import type { LiveModel, LiveUnit } from '../model/live.js';
import { executionSteps, unitMovesFor } from './unit-moves.js';

const base = { requires: [] as string[] };
const config: Change = { ...base, id: 'config-app', kind: 'config', classification: 'restart', description: 'set options of app', application: 'app', set: { label: 'v2' }, unset: ['old'], from: { label: 'v1', old: 'x' } };
const refresh: Change = { ...base, id: 'refresh-app', kind: 'refresh', classification: 'restart', description: 'upgrade app', application: 'app', to: { revision: 8 }, from: { charm: 'app', revision: 7 } };
const relate: Change = { ...base, id: 'relate', kind: 'relate', classification: 'in-place', description: 'relate', endpoints: ['app:db', 'db:db'] };
const expose: Change = { ...base, id: 'expose-db', kind: 'expose', classification: 'in-place', description: 'expose db', application: 'db', expose: true };

function unit(name: string, generation: string | null = null): LiveUnit {
  return {
    name, application: 'app', address: '127.0.0.1', ports: [], leader: false, generation,
    workload: { current: 'active' }, agent: { current: 'idle' },
    applied: { options: { label: 'v1', old: 'x', keep: 1 }, charm: 'app', revision: 7 },
  };
}

function live(units: LiveUnit[], staged?: Record<string, unknown>): LiveModel {
  return {
    name: 'm', uuid: 'u', type: 'iaas', controller: 'local', machines: {}, relations: [], offers: {}, saas: {},
    generation: staged ? { name: 'next', createdAt: '', applications: { app: { options: staged } } } : null,
    applications: {
      app: {
        name: 'app', charm: 'app', revision: 7, subordinate: false, scale: units.length, expose: false, annotations: {}, storage: {},
        devices: {}, bindings: {}, resources: {}, trust: false, status: { current: 'active' },
        options: { label: { value: 'v1', source: 'user' }, old: { value: 'x', source: 'user' }, keep: { value: 1, source: 'user' }, port: { value: 80, source: 'default' } },
        units: Object.fromEntries(units.map((u) => [u.name, u])),
      },
    },
  };
}

describe('executionSteps', () => {
  it('rolls the restart changes of one application together, at the first one', () => {
    const steps = executionSteps([config, relate, refresh, expose]);
    expect(steps.map((s) => (s.kind === 'roll' ? `roll ${s.changes.map((c) => c.id).join('+')}` : s.change.id))).toEqual([
      'roll config-app+refresh-app',
      'relate',
      'expose-db',
    ]);
  });

  it('rolls apart what reaches every unit at once and what moves unit by unit (a charm family moving only refreshes)', () => {
    const steps = executionSteps([{ ...config, classification: 'all-at-once' }, relate, refresh]);
    expect(steps.map((s) => (s.kind === 'roll' ? `roll ${s.changes.map((c) => c.id).join('+')}` : s.change.id))).toEqual(['roll config-app', 'relate', 'roll refresh-app']);
  });

  it('applies everything at once without rolling', () => {
    expect(executionSteps([config, refresh], { rolling: false }).map((s) => s.kind)).toEqual(['at-once', 'at-once']);
  });
});

describe('unitMovesFor', () => {
  it('targets the user options with the change applied, and remembers what each unit ran', () => {
    const [move] = unitMovesFor(live([unit('app/0')]), 'app', [config as Extract<Change, { kind: 'config' }>]);
    expect(move.target).toEqual({ options: { label: 'v2', keep: 1 } });
    expect(move.previous).toEqual({ options: { label: 'v1', old: 'x', keep: 1 } });
  });

  it('remembers what the application ran for a unit a killed run already moved, so it can still be rolled back', () => {
    const moved = unit('app/0');
    moved.applied = { ...moved.applied, options: { label: 'v2', keep: 1 } };
    const [move] = unitMovesFor(live([moved]), 'app', [config as Extract<Change, { kind: 'config' }>]);
    expect(move.target).toEqual({ options: { label: 'v2', keep: 1 } });
    expect(move.previous).toEqual({ options: { label: 'v1', old: 'x', keep: 1 } });
  });

  it('keeps the staged options of a unit that tracks the generation', () => {
    const moves = unitMovesFor(live([unit('app/0'), unit('app/1', 'next')], { keep: 2 }), 'app', [config as Extract<Change, { kind: 'config' }>]);
    expect(moves.map((m) => m.target.options)).toEqual([{ label: 'v2', keep: 1 }, { label: 'v2', keep: 2 }]);
  });

  it('moves only the charm revision for a refresh', () => {
    const [move] = unitMovesFor(live([unit('app/0')]), 'app', [refresh as Extract<Change, { kind: 'refresh' }>]);
    expect(move.target).toEqual({ revision: 8 });
    expect(move.previous).toEqual({ revision: 7 });
  });
});
