import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, type ApplyResult } from '../../src/apply/apply-plan.js';
import { summariseRuns } from '../../src/apply/runs.js';
import type { JournalEntry, ModelBackend } from '../../src/backends/backend.js';
import { openScratchController, type ScratchController } from '../../src/backends/local/scratch.js';
import type { Bundle } from '../../src/model/bundle.js';
import type { Plan } from '../../src/model/change.js';
import { defaultRolloutPolicy, type ModelConfig } from '../../src/model/config.js';
import { ExitCode, GitopsError } from '../../src/model/errors.js';
import { buildPlan } from '../../src/plan/index.js';
import { faultyBackend, type Fault, type RolloutMethod } from './faulty-backend.js';

/**
 * Every backend and run-store call of a small rollout (two applications, three units, one change rolled unit
 * by unit and one applied at once) made to fail at every call index it sees: the executor must
 * answer with a result, leave the journal closed (or closable by the next run), and a next run
 * without faults must converge.
 */
const sim = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/charms/sim');
const now = new Date('2026-01-01T00:00:00Z');

const desired = (label: string, exposed: boolean): Bundle => ({
  applications: {
    web: { charm: sim, num_units: 2, options: { label } },
    db: { charm: sim, num_units: 1, expose: exposed },
  },
});

type Policy = 'no rollback' | 'rollback' | 'hooks on the unit';

const config = (model: string, policy: Policy = 'no rollback'): ModelConfig => ({
  name: model, controller: 'local', bundle: 'bundles/m.yaml', overlays: [], prune: false, secrets: [], applications: {},
  rollout: {
    ...defaultRolloutPolicy, healthTimeoutMs: 5000, rollback: policy === 'rollback',
    ...(policy === 'hooks on the unit' ? { drain: { command: 'true', runOn: 'unit' as const }, undrain: { command: 'true', runOn: 'unit' as const } } : {}),
  },
});

let scratch: ScratchController;
beforeAll(() => {
  scratch = openScratchController({
    restartMs: 5,
    live: { name: 'm', uuid: '', type: 'iaas', controller: 'local', applications: {}, machines: {}, relations: [], offers: {}, saas: {}, generation: null },
  });
});
afterAll(() => scratch?.close());

async function planFor(backend: ModelBackend, model: string, bundle: Bundle): Promise<Plan> {
  return buildPlan({ capabilities: backend.capabilities, desired: bundle, live: await backend.readModel(model), model, controller: 'local', prune: false, now });
}

/** Applies what the model lacks without faults; returns the run's result. */
async function converge(model: string, bundle: Bundle): Promise<ApplyResult> {
  const plan = await planFor(scratch.backend, model, bundle);
  return applyPlan({ backend: scratch.backend, runs: scratch.backend.runs, plan, config: config(model), events: () => undefined });
}

type Row = [RolloutMethod, Fault['mode'], boolean, Policy];
const reads: RolloutMethod[] = ['readJournal', 'readModel', 'waitForSettled'];
const writes: RolloutMethod[] = ['appendJournal', 'applyChange', 'applyUnitChange'];
const faults: [RolloutMethod, Fault['mode'], boolean][] = [
  ...reads.flatMap((m): [RolloutMethod, Fault['mode'], boolean][] => [[m, 'once', false], [m, 'from-then-on', false]]),
  ...writes.flatMap((m): [RolloutMethod, Fault['mode'], boolean][] => [[m, 'once', false], [m, 'once', true], [m, 'from-then-on', false], [m, 'from-then-on', true]]),
];
const rows: Row[] = [
  ...faults.flatMap(([m, mode, landed]): Row[] => [[m, mode, landed, 'no rollback'], [m, mode, landed, 'rollback']]),
  // Drain and undrain hooks run on the unit through the backend: a command that cannot be run
  // there fails the unit like a failed hook (and is not run twice).
  ['exec', 'once', false, 'hooks on the unit'],
  ['exec', 'once', true, 'hooks on the unit'],
  ['exec', 'from-then-on', false, 'hooks on the unit'],
];

/** Units this run's journal says it began to move (a `step-start` for a unit not already at its target). */
function startedUnits(entries: readonly JournalEntry[], runId: string): string[] {
  return entries.filter((e) => e.runId === runId && e.kind === 'step-start' && e.unit && !e.data?.atTarget).map((e) => e.unit!);
}

let models = 0;

describe('a rollout meeting a failing backend call', () => {
  it.each(rows)('%s failing %s (landed: %s, %s) at every call index still gives a result, a closed journal and convergence', async (method, mode, landed, policy) => {
    models += 1;
    const model = `f${models}`;
    await scratch.backend.addModel(model);
    expect((await converge(model, desired('v0', false))).outcome).toBe('done');
    let at = 0;
    for (; at < 400; at++) {
      const label = `v${at + 1}`;
      const exposed = at % 2 === 0;
      const plan = await planFor(scratch.backend, model, desired(label, exposed));
      expect(plan.changes.map((c) => c.classification).sort()).toEqual(['in-place', 'restart']);
      const faulty = faultyBackend(scratch.backend, scratch.backend.runs, { method, at, mode, landed });
      const result = await applyPlan({ backend: faulty.backend, runs: faulty.runs, plan, config: config(model, policy), events: () => undefined });
      const where = `${method} call ${at}: ${result.outcome} ${result.error?.message ?? ''}`;
      if (faulty.fired === 0) {
        // Past the last call of this method: the run went through untouched, and the table is done.
        expect(result.outcome, where).toBe('done');
        break;
      }
      expect(['done', 'failed', 'aborted'], where).toContain(result.outcome);
      // A read that fails once is retried and the run carries on.
      if (mode === 'once' && reads.includes(method)) expect(result.outcome, where).toBe('done');
      if (result.outcome !== 'done') expect(result.error ?? result.failure, where).toBeDefined();

      // The journal tells the same story as the result, unless the result says it could not.
      const journal = await scratch.backend.runs.readJournal(model);
      const run = summariseRuns(journal).find((r) => r.runId === result.runId);
      // Write-ahead: no unit is touched before the journal says so, and (unless a journal write
      // was lost on its way back) the journal names no unit that was not touched.
      const started = startedUnits(journal, result.runId);
      for (const unit of faulty.touched) if (method !== 'appendJournal' || result.journalClosed) expect(started, where).toContain(unit);
      if (method !== 'appendJournal') expect([...new Set(faulty.touched)].sort(), where).toEqual([...started].sort());
      if (result.journalClosed) expect(run?.end?.outcome, where).toBe(result.outcome);
      else expect(method, where).toBe('appendJournal');
      if (method !== 'appendJournal') expect(result.journalError, where).toBeUndefined();

      const next = await converge(model, desired(label, exposed));
      expect(next.outcome, where).toMatch(/^(done|unchanged)$/);
      expect(next.journalClosed, where).toBe(true);
      const after = await planFor(scratch.backend, model, desired(label, exposed));
      expect([...after.changes, ...after.removals], where).toEqual([]);
      const runs = summariseRuns(await scratch.backend.runs.readJournal(model));
      expect(runs.filter((r) => !r.end).map((r) => r.runId), where).toEqual([]);
      if (run && !run.end) expect(runs.find((r) => r.runId === result.runId)?.end).toMatchObject({ outcome: 'interrupted', resumedBy: next.runId });
    }
    expect(at, 'the method was never called').toBeGreaterThan(0);
  }, 60_000);
});

describe('a rollout whose lease is taken by another run', () => {
  it('stops as aborted with the lease-lost error, and is closed by the next run', async () => {
    models += 1;
    const model = `f${models}`;
    await scratch.backend.addModel(model);
    await converge(model, desired('v0', false));
    const plan = await planFor(scratch.backend, model, desired('v1', true));
    // The store refuses every write once the lease is gone, the journal's first.
    const lost = (call: string) => new GitopsError('lease-lost', `lost the lease on model ${model} to apply on host h, pid 1 (${call})`, { exitCode: ExitCode.leaseLost });
    const faulty = faultyBackend(scratch.backend, scratch.backend.runs, { method: 'appendJournal', at: 1, mode: 'from-then-on', error: lost });
    const result = await applyPlan({ backend: faulty.backend, runs: faulty.runs, plan, config: config(model), events: () => undefined });
    expect(result).toMatchObject({ outcome: 'aborted', error: { code: 'lease-lost' }, journalClosed: false });
    expect(faulty.touched).toEqual([]);
    const next = await converge(model, desired('v1', true));
    expect(next.resumed?.runId).toBe(result.runId);
    expect(summariseRuns(await scratch.backend.runs.readJournal(model)).find((r) => r.runId === result.runId)?.end).toMatchObject({ outcome: 'interrupted', resumedBy: next.runId });
  });
});
