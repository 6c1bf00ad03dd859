import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../backends/run-store.js';
import { liveApp, liveModel } from '../../test/plan/fixtures.js';
import { markUnitsOffBuild, offBuildAfterRoll, unitsOffBuild, withUnitsOffBuild, type OffBuildRecord } from './units-off-build.js';

const units = (statuses: Record<string, string>) => Object.entries(statuses).map(([unit, status]) => ({ unit, status }));

describe('units a rollout by charm actions leaves off their application', () => {
  it.each<[string, 'done' | 'failed' | 'canary' | 'aborted', Record<string, string>, OffBuildRecord]>([
    ['a finished rollout leaves none', 'done', { 'a/0': 'done', 'a/1': 'skipped' }, { application: 'a', units: [], reason: 'stopped' }],
    ['a failed unit and those after it', 'failed', { 'a/1': 'done', 'a/2': 'failed', 'a/0': 'untouched' }, { application: 'a', units: ['a/2', 'a/0'], reason: 'stopped' }],
    ['the units a canary holds', 'canary', { 'a/1': 'done', 'a/2': 'held', 'a/0': 'held' }, { application: 'a', units: ['a/2', 'a/0'], reason: 'canary' }],
    ['after a rollback returned the application: the units moved before', 'failed', { 'a/1': 'done', 'a/2': 'rolled-back', 'a/0': 'untouched' }, { application: 'a', units: ['a/1'], reason: 'stopped' }],
    ['an interrupted run', 'aborted', { 'a/1': 'done', 'a/2': 'interrupted', 'a/0': 'untouched' }, { application: 'a', units: ['a/2', 'a/0'], reason: 'stopped' }],
  ])('%s', (_case, outcome, statuses, expected) => {
    expect(offBuildAfterRoll('a', outcome, units(statuses))).toEqual(expected);
  });

  it('reads the latest record of each application from the journal, whatever order it comes in', () => {
    const note = (seq: number, record: OffBuildRecord): JournalEntry => ({ seq, runId: 'r', at: '', kind: 'note', model: 'm', data: { offBuild: record } } as unknown as JournalEntry);
    const records = unitsOffBuild([
      note(3, { application: 'a', units: [], reason: 'stopped' }),
      note(1, { application: 'a', units: ['a/0'], reason: 'stopped' }),
      note(2, { application: 'b', units: ['b/1'], reason: 'canary' }),
    ]);
    expect(Object.fromEntries(records)).toEqual({ a: { application: 'a', units: [], reason: 'stopped' }, b: { application: 'b', units: ['b/1'], reason: 'canary' } });
  });

  it('marks stopped units always, canary-held units only for promote (saying who waits otherwise)', () => {
    const live = () => liveModel({ applications: { a: liveApp('a', 'a', { scale: 2 }), b: liveApp('b', 'b', { scale: 2 }) } });
    const records = new Map<string, OffBuildRecord>([
      ['a', { application: 'a', units: ['a/1', 'a/9'], reason: 'stopped' }],
      ['b', { application: 'b', units: ['b/1'], reason: 'canary' }],
    ]);
    const applied = live();
    const notes = markUnitsOffBuild(applied, records, { promote: false });
    expect([applied.applications.a.units['a/1'].offBuild, applied.applications.a.units['a/0'].offBuild, applied.applications.b.units['b/1'].offBuild]).toEqual(['stopped', undefined, undefined]);
    expect(notes).toEqual(['b: b/1 still run what they ran before the canary, though Juju shows them as their application; `juju-gitops promote` moves them through their charm actions']);
    const promoted = live();
    expect(markUnitsOffBuild(promoted, records, { promote: true })).toEqual([]);
    expect(promoted.applications.b.units['b/1'].offBuild).toBe('canary');
  });

  it('marks a copy for a reader that only looks, leaving the model as read', () => {
    const live = liveModel({ applications: { a: liveApp('a', 'a', { scale: 2 }), b: liveApp('b', 'b', { scale: 1 }) } });
    const before = structuredClone(live);
    const records = new Map<string, OffBuildRecord>([
      ['a', { application: 'a', units: ['a/1'], reason: 'stopped' }],
      ['b', { application: 'b', units: ['b/0'], reason: 'canary' }],
    ]);
    const marked = withUnitsOffBuild(live, records);
    expect(live).toEqual(before);
    expect([marked.applications.a.units['a/1'].offBuild, marked.applications.a.units['a/0'].offBuild, marked.applications.b.units['b/0'].offBuild]).toEqual(['stopped', undefined, undefined]);
    // What is not marked is shared, not copied.
    expect(marked.applications.b).toBe(live.applications.b);
    expect(marked.applications.a.units['a/0']).toBe(live.applications.a.units['a/0']);
    expect(withUnitsOffBuild(live, new Map())).toBe(live);
  });
});
