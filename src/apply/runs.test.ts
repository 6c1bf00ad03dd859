import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../backends/backend.js';
import { changesDoneByPlan, findUnfinishedRun, pendingPromotion, summariseRuns } from './runs.js';

let seq = 0;
function entry(runId: string, kind: JournalEntry['kind'], extra: Partial<JournalEntry> = {}): JournalEntry {
  seq += 1;
  return { seq, at: `2025-01-01T00:00:${String(seq).padStart(2, '0')}Z`, runId, kind, ...extra };
}
const start = (runId: string, data: Record<string, unknown> = {}) => entry(runId, 'run-start', { data: { purpose: 'apply', host: 'h', pid: 1, ...data } });

describe('summariseRuns', () => {
  it('tells which units finished and which were caught mid-change', () => {
    const runs = summariseRuns([
      start('r1'),
      entry('r1', 'step-start', { changeId: 'c', unit: 'a/0' }),
      entry('r1', 'step-done', { changeId: 'c', unit: 'a/0' }),
      entry('r1', 'step-start', { changeId: 'c', unit: 'a/1' }),
    ]);
    expect(runs).toHaveLength(1);
    expect(runs[0].unitsDone).toEqual(['a/0']);
    expect(runs[0].inFlight).toEqual([{ changeId: 'c', unit: 'a/1' }]);
    expect(findUnfinishedRun(runs)?.runId).toBe('r1');
  });

  it('keeps units announced for the next batch apart from units caught mid-change', () => {
    const [run] = summariseRuns([
      start('r1'),
      entry('r1', 'step-start', { changeId: 'c', unit: 'a/0', data: { planned: [{ changeId: 'c', unit: 'a/1' }] } }),
      entry('r1', 'step-planned', { changeId: 'c', unit: 'a/2' }),
      entry('r1', 'step-start', { changeId: 'c', unit: 'a/1', data: { completed: [{ changeId: 'c', unit: 'a/0' }] } }),
    ]);
    expect(run.unitsDone).toEqual(['a/0']);
    expect(run.inFlight).toEqual([{ changeId: 'c', unit: 'a/1' }]);
    expect(run.planned).toEqual([{ changeId: 'c', unit: 'a/2' }]);
  });

  it('does not count a unit skipped at its target as moved', () => {
    const [run] = summariseRuns([start('r1'), entry('r1', 'step-start', { unit: 'a/0' }), entry('r1', 'step-done', { unit: 'a/0', data: { skipped: true } })]);
    expect(run.unitsDone).toEqual([]);
    expect(run.inFlight).toEqual([]);
  });

  it('sees no unfinished run once every run has ended', () => {
    const runs = summariseRuns([start('r1'), entry('r1', 'run-end', { data: { outcome: 'interrupted', resumedBy: 'r2' } }), start('r2'), entry('r2', 'run-end', { data: { outcome: 'done' } })]);
    expect(findUnfinishedRun(runs)).toBeUndefined();
  });
});

describe('pendingPromotion', () => {
  const waiting = { changeId: 'c', moved: ['a/0'], remaining: ['a/1'] };
  it.each([
    ['the latest run stopped for a canary', [start('r1'), entry('r1', 'run-end', { data: { outcome: 'canary', waitingForPromotion: waiting } })], waiting],
    [
      'a later run finished the rollout',
      [start('r1'), entry('r1', 'run-end', { data: { outcome: 'canary', waitingForPromotion: waiting } }), start('r2'), entry('r2', 'run-end', { data: { outcome: 'done' } })],
      undefined,
    ],
    ['no canary ever ran', [start('r1'), entry('r1', 'run-end', { data: { outcome: 'done' } })], undefined],
  ])('%s', (_, entries, expected) => {
    expect(pendingPromotion(summariseRuns(entries))).toEqual(expected);
  });
});

describe('changesDoneByPlan', () => {
  it('follows resumptions of the same plan back, and stops at another plan', () => {
    const runs = summariseRuns([
      start('r0', { planDigest: 'other' }),
      entry('r0', 'step-done', { changeId: 'x' }),
      start('r1', { planDigest: 'p', resumes: 'r0' }),
      entry('r1', 'step-done', { changeId: 'deploy-a' }),
      start('r2', { planDigest: 'p', resumes: 'r1' }),
      entry('r2', 'step-done', { changeId: 'relate-a-b' }),
      entry('r2', 'step-done', { changeId: 'c', unit: 'a/0' }),
    ]);
    expect([...changesDoneByPlan(runs, runs[2], 'p')].sort()).toEqual(['deploy-a', 'relate-a-b']);
  });
});

describe('folded journal entries', () => {
  it('count finished steps carried in a later entry as finished', () => {
    const runs = summariseRuns([
      start('r9'),
      entry('r9', 'step-start', { changeId: 'c', unit: 'a/0' }),
      entry('r9', 'step-start', { changeId: 'c', unit: 'a/1', data: { completed: [{ changeId: 'c', unit: 'a/0' }] } }),
    ]);
    expect(runs[0].unitsDone).toEqual(['a/0']);
    expect(runs[0].inFlight).toEqual([{ changeId: 'c', unit: 'a/1' }]);
  });
});
