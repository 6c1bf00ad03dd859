import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openRunFile } from '../controller/run-store/open-run-file.js';
import type { LeaseHolder } from '../model/backend-data.js';
import { holdModelLease, targetClashes, unfinishedRun, unfinishedRunProblems } from './migration-guard.js';

const migrator: LeaseHolder = { host: 'migrator.example', pid: 11, since: '2026-01-01T00:00:00Z', purpose: 'migrate' };
const other: LeaseHolder = { host: 'runner.example', pid: 22, since: '2026-01-01T00:00:00Z', purpose: 'apply' };

describe('targetClashes', () => {
  const model = (name: string, uuid: string) => ({ name, uuid, type: 'iaas' as const, applications: 0, units: 0 });

  it.each([
    ['nothing in the way', [model('db', 'u2')], []],
    ['a model of the same name', [model('web', 'u2')], ['model named "web" already exists on the target controller']],
    ['a model with the same UUID', [model('old-web', 'u1')], ['model with same UUID already exists on the target controller']],
    ['both, in two models', [model('web', 'u2'), model('old-web', 'u1')], ['model named "web" already exists on the target controller', 'model with same UUID already exists on the target controller']],
  ])('reports %s', (_, onTarget, problems) => {
    expect(targetClashes(onTarget, 'web', 'u1')).toEqual(problems);
  });
});

describe('unfinishedRun', () => {
  it.each([
    ['no runs', [], undefined],
    ['every run ended', [{ runId: 'r1', kind: 'run-start' }, { runId: 'r1', kind: 'run-end' }], undefined],
    ['the newest run open', [{ runId: 'r1', kind: 'run-start' }, { runId: 'r1', kind: 'run-end' }, { runId: 'r2', kind: 'run-start' }, { runId: 'r2', kind: 'unit-done' }], 'r2'],
    ['an older run open under an ended one', [{ runId: 'r1', kind: 'run-start' }, { runId: 'r2', kind: 'run-start' }, { runId: 'r2', kind: 'run-end' }], 'r1'],
  ])('finds the open run with %s', (_, journal, open) => {
    expect(unfinishedRun(journal)).toBe(open);
  });
});

describe('the migration lease', () => {
  let dir: string;
  let clock: number;
  let runs: ReturnType<typeof openRunFile>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-migration-guard-'));
    clock = Date.parse('2026-01-01T00:00:00Z');
    runs = openRunFile(path.join(dir, 'runs.db'), { now: () => new Date(clock) });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await runs.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is refused naming the holder while another run holds the model', async () => {
    expect((await runs.acquireLease('web', other, 30_000)).acquired).toBe(true);
    await expect(holdModelLease(runs, 'web', migrator)).rejects.toThrow("the model's lease is held by runner.example pid 22 (apply)");
  });

  it('is renewed while held, so a run after its first TTL is still refused, and is free once released', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const lease = await holdModelLease(runs, 'web', migrator, 3_000);
    for (let i = 0; i < 3; i++) {
      clock += 1_000;
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect((await runs.acquireLease('web', other, 3_000)).acquired).toBe(false);
    await lease.release();
    expect((await runs.acquireLease('web', other, 3_000)).acquired).toBe(true);
  });

  it('lapses within one TTL once it stops being renewed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const lease = await holdModelLease(runs, 'web', migrator, 3_000);
    lease.stopRenewing();
    clock += 3_001;
    await vi.advanceTimersByTimeAsync(3_001);
    expect((await runs.acquireLease('web', other, 3_000)).acquired).toBe(true);
  });

  it('reports a reconcile that started and did not end', async () => {
    await runs.appendJournal('web', [{ runId: 'r7', kind: 'run-start' }]);
    expect(await unfinishedRunProblems(runs, 'web')).toEqual(['reconcile r7 did not finish: run `juju-gitops apply` to resume it first']);
    expect(await unfinishedRunProblems(runs, 'db')).toEqual([]);
  });
});
