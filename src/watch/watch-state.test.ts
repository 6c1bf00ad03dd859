import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../apply/apply-plan.js';
import type { RolloutEvent } from '../apply/events.js';
import type { Change } from '../model/change.js';
import { WatchState } from './watch-state.js';

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, s)).toISOString();
const clock = () => new Date(Date.UTC(2025, 0, 1, 13, 0, 0));
const move = { changeId: 'config-app', from: 'label=v1', to: 'label=v2' };
const result = (outcome: ApplyResult['outcome'], model = 'm'): ApplyResult => ({
  runId: 'r', model, outcome, durationMs: 1, unitsMoved: 0, changes: [], units: [], journalWrites: 0, journalClosed: true,
});

function started(runId = 'r1'): RolloutEvent[] {
  return [
    { type: 'run-start', at: at(0), runId, model: 'm', changes: 1 },
    { type: 'change-start', at: at(0), runId, changeId: 'config-app', description: 'set options of app', classification: 'restart', units: ['app/0', 'app/1'] },
    { type: 'unit', at: at(1), runId, ...move, unit: 'app/1', phase: 'applying', elapsedMs: 0 },
    { type: 'wait', at: at(1), runId, what: 'app/1 to settle', unit: 'app/1' },
  ];
}

describe('WatchState', () => {
  it('follows a rollout in progress: changes, each unit\'s phase, what it waits for', () => {
    const state = new WatchState(['m'], clock);
    started().forEach((e) => state.event(e));
    const rollout = state.snapshot().models.m.rollout!;
    expect(rollout.outcome).toBeUndefined();
    expect(rollout.changes).toEqual([{ id: 'config-app', description: 'set options of app', classification: 'restart', state: 'running', units: ['app/0', 'app/1'] }]);
    expect(rollout.units['app/1']).toMatchObject({ phase: 'applying', from: 'label=v1', to: 'label=v2' });
    expect(rollout.waiting).toBe('app/1 to settle');
  });

  it('keeps a unit\'s failing check output and the run\'s failure', () => {
    const state = new WatchState(['m'], clock);
    started().forEach((e) => state.event(e));
    const failure = { unit: 'app/1', changeId: 'config-app', check: 'exec' as const, output: 'health: build broken\nexit 1', rolledBack: true };
    state.event({ type: 'check', at: at(2), runId: 'r1', unit: 'app/1', check: 'exec', ok: false, output: failure.output });
    state.event({ type: 'unit', at: at(3), runId: 'r1', ...move, unit: 'app/1', phase: 'failed', elapsedMs: 2000 });
    state.event({ type: 'run-end', at: at(3), runId: 'r1', model: 'm', outcome: 'failed', durationMs: 3000, unitsMoved: 0, failure });
    const rollout = state.snapshot().models.m.rollout!;
    expect(rollout.units['app/1'].check).toEqual({ kind: 'exec', ok: false, output: failure.output });
    expect(rollout.failure).toEqual(failure);
    expect(state.snapshot().models.m.lastReconcile).toEqual({ at: at(3), outcome: 'failed', runId: 'r1' });
  });

  it('tells its subscribers after every change, until they unsubscribe', () => {
    const state = new WatchState(['m'], clock);
    let calls = 0;
    const unsubscribe = state.subscribe(() => (calls += 1));
    started().forEach((e) => state.event(e));
    state.drift('m', { changes: [], removals: [] });
    expect(calls).toBe(5);
    unsubscribe();
    state.error(new Error('x'));
    expect(calls).toBe(5);
  });

  it('keeps the last drift check\'s plan as pending, emptied by a reconcile that applied it', () => {
    const state = new WatchState(['m'], clock);
    const change: Change = { kind: 'scale', id: 'scale-app', classification: 'in-place', description: 'add 1 unit of app', requires: [], application: 'app', units: 1, from: 3 };
    state.drift('m', { changes: [change], removals: [] });
    expect(state.snapshot().models.m.pending).toEqual({ at: clock().toISOString(), changes: [change], removals: [] });
    state.result(result('done'));
    expect(state.snapshot().models.m.pending).toEqual({ at: clock().toISOString(), changes: [], removals: [] });
  });

  it('counts units moved and failed rollouts when a run ends, generation runs included', () => {
    const state = new WatchState(['m'], clock);
    started('r1').forEach((e) => state.event(e));
    state.event({ type: 'change-failed', at: at(5), runId: 'r1', changeId: 'config-app', message: 'unit app/1 failed' });
    state.event({ type: 'run-end', at: at(5), runId: 'r1', model: 'm', outcome: 'failed', durationMs: 5000, unitsMoved: 1 });
    state.event({ type: 'run-start', at: at(6), runId: 'g1', model: 'm', changes: 1 });
    state.event({ type: 'run-end', at: at(7), runId: 'g1', model: 'm', outcome: 'done', durationMs: 1000, unitsMoved: 2 });
    const m = state.snapshot().models.m;
    expect(m.unitsMoved).toBe(3);
    expect(m.rolloutFailures).toBe(1);
    expect(m.rollout).toMatchObject({ runId: 'g1', outcome: 'done', unitsMoved: 2 });
  });

  it('ignores events of a run it did not see start, and late events of an ended run', () => {
    const state = new WatchState(['m'], clock);
    state.event({ type: 'unit', at: at(0), runId: 'unknown', ...move, unit: 'app/0', phase: 'done', elapsedMs: 0 });
    started('r1').forEach((e) => state.event(e));
    state.event({ type: 'run-end', at: at(5), runId: 'r1', model: 'm', outcome: 'done', durationMs: 5000, unitsMoved: 2 });
    state.event({ type: 'unit', at: at(6), runId: 'r1', ...move, unit: 'app/0', phase: 'failed', elapsedMs: 0 });
    const m = state.snapshot().models.m;
    expect(m.rollout?.units['app/0']).toBeUndefined();
    expect(m.unitsMoved).toBe(2);
  });

  it('counts reconciles by outcome from results, with the time of the last one', () => {
    const state = new WatchState(['m'], clock);
    for (const outcome of ['done', 'unchanged', 'unchanged', 'failed'] as const) state.result(result(outcome));
    const m = state.snapshot().models.m;
    expect(m.reconciles).toEqual({ done: 1, unchanged: 2, failed: 1, canary: 0, aborted: 0 });
    expect(m.lastReconcile).toEqual({ at: clock().toISOString(), outcome: 'failed', runId: 'r' });
  });

  it('keeps the last failure per model until a run of that model goes through', () => {
    const state = new WatchState(['m'], clock);
    state.error(new Error('broken bundle'), 'm');
    state.error(new Error('config unreadable'));
    expect(state.snapshot()).toMatchObject({ errors: 2, lastError: { message: 'config unreadable' }, models: { m: { lastError: { message: 'broken bundle' } } } });
    state.drift('m', { changes: [], removals: [] });
    const after = state.snapshot();
    expect(after.errors).toBe(2);
    expect(after.lastError).toBeUndefined();
    expect(after.models.m.lastError).toBeUndefined();
    expect(after.models.m.drift).toEqual({ at: clock().toISOString(), changes: 0 });
  });

  it('hands out copies that later events do not change', () => {
    const state = new WatchState(['m'], clock);
    const before = state.snapshot();
    state.result(result('done'));
    expect(before.models.m.reconciles.done).toBe(0);
  });
});
