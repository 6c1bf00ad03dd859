import { describe, expect, it } from 'vitest';
import { fixedSnapshot, secretValue, webLive } from '../../test/watch/fixed-snapshot.js';
import { describeModel } from './status-snapshot.js';
import { WatchState } from './watch-state.js';

const activity = new WatchState(['web']).snapshot().models.web;
const describe_ = (over: Partial<Parameters<typeof describeModel>[0]> = {}) =>
  describeModel({ name: 'web', live: webLive, state: 'deployed', runs: [], activity, secrets: [], historyLimit: 10, ...over });

describe('describeModel', () => {
  it('masks secret options by name in what each unit runs', () => {
    const unit = describe_().applications[0].units[0];
    expect(unit.applied.options).toEqual({ label: 'v3', api_token: '***' });
    expect(JSON.stringify(fixedSnapshot())).not.toContain(secretValue);
  });

  it('masks options the model declares secret and options the charm types as secret', () => {
    const live = structuredClone(webLive);
    live.applications.app.charmInfo = { name: 'sim', subordinate: false, endpoints: {}, hasWorkload: false, config: { label: { type: 'secret' } } };
    expect(describe_({ live }).applications[0].units[1].applied.options).toEqual({ label: '***', api_token: '***' });
    expect(describe_({ secrets: ['label'] }).applications[0].units[1].applied.options.label).toBe('***');
  });

  it('marks units behind the open generation of their application [old], not the ones tracking it', () => {
    const units = describe_().applications[0].units;
    expect(units.map((u) => [u.name, u.generation, u.old])).toEqual([
      ['app/0', 'canary', false],
      ['app/1', null, true],
      ['app/2', null, true],
    ]);
  });

  it('marks nobody [old] when the generation stages nothing for the application', () => {
    const live = structuredClone(webLive);
    live.generation = { name: 'canary', createdAt: '', applications: {} };
    expect(describe_({ live }).applications[0].units.some((u) => u.old)).toBe(false);
  });

  it('lists history newest first, at most the limit', () => {
    const snapshot = fixedSnapshot();
    const runs = snapshot.models[0].history;
    expect(runs.map((r) => r.outcome)).toEqual(['running or killed', 'failed']);
    expect(runs[1]).toMatchObject({ unitsMoved: 1, failure: 'app/2: status: workload error', commit: '0123456789abcdef0123' });
  });

  it('shows a model not deployed yet with no applications', () => {
    expect(describe_({ live: undefined, state: 'not-deployed' })).toMatchObject({ state: 'not-deployed', applications: [], generation: null });
  });
});
