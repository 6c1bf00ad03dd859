import type { ModelBackend, UnitTarget } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import type { RolloutPolicy } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel, LiveUnit } from '../model/live.js';
import { eventFactory, type EventSink, type RolloutFailure, type UnitPhase } from './events.js';
import { JournalWriter } from './journal.js';
import { describeMove, unitAtTarget } from './labels.js';
import { orderUnits, scheduleRollout } from './order.js';
import { rollBatch, type BatchUnit } from './roll-batch.js';
import { offBuildEntry } from './units-off-build.js';

/** One unit to move: where it goes, and where it was (for rollback). */
export interface UnitMove {
  unit: string;
  target: UnitTarget;
  previous: UnitTarget;
}

export type UnitStatus = 'done' | 'skipped' | 'failed' | 'rolled-back' | 'held' | 'untouched' | 'interrupted';

export interface UnitResult {
  unit: string;
  changeId: string;
  status: UnitStatus;
  durationMs: number;
}

export interface RollResult {
  outcome: 'done' | 'failed' | 'canary' | 'aborted';
  units: UnitResult[];
  /** Units whose workload was actually changed (not skipped, not rolled back). */
  moved: number;
  failure?: RolloutFailure;
  /** A journal write failed before a batch: the batch was not started (outcome `failed`). */
  error?: unknown;
  canary?: { moved: string[]; remaining: string[] };
}

export interface RollUnitsOptions {
  backend: ModelBackend;
  /** Where the journal goes when no `journal` is shared. */
  runs: RunStore;
  model: string;
  moves: UnitMove[];
  policy: RolloutPolicy;
  events: EventSink;
  signal?: AbortSignal;
  runId: string;
  changeId: string;
  /** The model as the caller just read it; read again when absent. */
  live?: LiveModel;
  /** Shared with the caller so journal entries of neighbouring steps share store writes. */
  journal?: JournalWriter;
  secrets?: readonly string[];
  /** Environment and folder for hooks and exec checks. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * The application, when its units are moved by charm actions after one application-level
   * change: each batch is announced with the units still to move (see units-off-build.ts), so
   * a run killed mid-way leaves the journal saying which units its actions had not reached.
   */
  offBuild?: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Moves units batch by batch behind health gates, in the policy's order. The first batch with
 * a failed unit ends the rollout: later units are never touched. Units already at their target
 * are only health-checked, which is what makes a rerun after a crash safe.
 */
export async function rollUnits(opts: RollUnitsOptions): Promise<RollResult> {
  if (opts.journal) return rollWith(opts, opts.journal);
  const journal = new JournalWriter(opts.runs, opts.model, opts.runId);
  const result = await rollWith(opts, journal);
  // The last entries (units done or failed) have no later write to ride along with.
  return journal.flush().then(
    () => result,
    (error: unknown) => ({ ...result, outcome: 'failed' as const, error }),
  );
}

async function rollWith(opts: RollUnitsOptions, journal: JournalWriter): Promise<RollResult> {
  const { backend, model, policy, changeId } = opts;
  const emit = eventFactory(opts.runId, opts.events);
  const secrets = opts.secrets ?? [];
  const live = opts.live ?? (await backend.readModel(model));
  const liveUnits = new Map<string, LiveUnit>();
  for (const app of Object.values(live.applications)) for (const u of Object.values(app.units)) liveUnits.set(u.name, u);

  const moves = new Map(opts.moves.map((m) => [m.unit, m]));
  const ordered = orderUnits(
    opts.moves.map((m) => ({ name: m.unit, leader: liveUnits.get(m.unit)?.leader ?? false })),
    policy.order,
  );
  const units: BatchUnit[] = ordered.map((name) => {
    const move = moves.get(name)!;
    const lu = liveUnits.get(name);
    if (!lu) throw new GitopsError('unit-not-found', `unit ${name} is not in model ${model}`, { hint: 'check the unit names the rollout was asked to move' });
    const applied: UnitTarget = { ...lu.applied, generation: lu.generation };
    // A workload in error is never where it should be: moving it again restarts it. Nor is a
    // unit the journal says its charm actions never reached (Juju shows it as its application).
    const atTarget = unitAtTarget(applied, move.target) && lu.workload.current !== 'error' && !lu.offBuild;
    return { unit: name, target: move.target, previous: move.previous, live: lu, atTarget };
  });
  const labels = new Map(units.map((u) => [u.unit, describeMove(u.previous, u.target, secrets)]));
  const started = new Map<string, number>();
  const phase = (u: BatchUnit, p: UnitPhase, detail?: string) => {
    const { from, to } = labels.get(u.unit)!;
    const elapsedMs = started.has(u.unit) ? Date.now() - started.get(u.unit)! : 0;
    emit({ type: 'unit', changeId, unit: u.unit, phase: p, from, to, elapsedMs, ...(detail ? { detail } : {}) });
  };
  for (const u of units) phase(u, 'queued');

  const { batches, held } = scheduleRollout(units, policy);
  const results: UnitResult[] = [];
  let moved = 0;
  const finish = (status: 'untouched', outcome: 'failed' | 'aborted', failure?: RolloutFailure): RollResult => {
    const rest = units.filter((u) => !results.some((r) => r.unit === u.unit));
    results.push(...rest.map((u) => ({ unit: u.unit, changeId, status, durationMs: 0 })));
    return { outcome, units: results, moved, failure };
  };
  // Write-ahead, one store write per batch: this batch's units are in flight from here (their
  // move begins right after the write is stored), and the next batch is announced as planned,
  // so a reader sees what comes next while the journal names only units actually touched.
  // (The planned entries come first so the journal writer folds them into the first start.)
  const announce = (index: number) => [
    ...(batches[index + 1] ?? []).map((u) => ({ kind: 'step-planned' as const, changeId, unit: u.unit })),
    ...batches[index].map((u) => ({ kind: 'step-start' as const, changeId, unit: u.unit, data: { ...labels.get(u.unit), atTarget: u.atTarget } })),
    ...(opts.offBuild
      ? [offBuildEntry(changeId, { application: opts.offBuild, units: [...batches.slice(index).flat(), ...held].filter((u) => !u.atTarget).map((u) => u.unit), reason: 'stopped' })]
      : []),
  ];

  let lastStarted = -1;
  for (const [index, batch] of batches.entries()) {
    if (opts.signal?.aborted) break;
    if (index > 0 && policy.pauseMs > 0) {
      emit({ type: 'wait', what: 'the bake time before the next batch', timeoutMs: policy.pauseMs });
      await sleep(policy.pauseMs, opts.signal);
      if (opts.signal?.aborted) break;
    }
    try {
      await journal.before(announce(index));
    } catch (error) {
      // Nothing of this batch was touched: the journal could not say it would be.
      return { ...finish('untouched', 'failed'), error };
    }
    for (const u of batch) started.set(u.unit, Date.now());
    lastStarted = index;
    const outcomes = await rollBatch(
      {
        backend, model, policy, secrets, signal: opts.signal, baseEnv: opts.env, cwd: opts.cwd,
        phase,
        wait: (what, unit, timeoutMs) => emit({ type: 'wait', what, ...(unit ? { unit } : {}), timeoutMs }),
      },
      batch,
    );
    const interrupted = opts.signal?.aborted ?? false;
    let failure: RolloutFailure | undefined;
    for (const [i, o] of outcomes.entries()) {
      const u = batch[i];
      if (o.moved) moved += 1;
      if (o.ok) {
        phase(u, u.atTarget ? 'skipped' : 'done');
        journal.after([{ kind: 'step-done', changeId, unit: u.unit, data: { durationMs: o.durationMs, ...(u.atTarget ? { skipped: true } : {}) } }]);
        results.push({ unit: u.unit, changeId, status: u.atTarget ? 'skipped' : 'done', durationMs: o.durationMs });
      } else if (interrupted) {
        phase(u, 'failed', 'interrupted');
        journal.after([{ kind: 'note', changeId, unit: u.unit, data: { interrupted: true } }]);
        results.push({ unit: u.unit, changeId, status: 'interrupted', durationMs: o.durationMs });
      } else {
        const output = o.output.slice(-1000);
        phase(u, 'failed', `${o.check}: ${output.split('\n')[0]}`);
        emit({ type: 'check', unit: u.unit, check: o.check, ok: false, output });
        journal.after([{ kind: 'step-failed', changeId, unit: u.unit, data: { check: o.check, output, rolledBack: o.rolledBack } }]);
        results.push({ unit: u.unit, changeId, status: o.rolledBack ? 'rolled-back' : 'failed', durationMs: o.durationMs });
        failure ??= { unit: u.unit, changeId, check: o.check, output, rolledBack: o.rolledBack };
      }
    }
    if (failure || interrupted) return finish('untouched', failure ? 'failed' : 'aborted', failure);
  }
  if (lastStarted < batches.length - 1) return finish('untouched', 'aborted');
  // Units the canary would hold that already run the target have nothing to wait for: with none
  // left to change, the rollout is done, not waiting for a promotion that would move nothing.
  const waiting = held.filter((u) => !u.atTarget);
  const canaries = results.map((r) => r.unit);
  for (const u of held.filter((h) => h.atTarget)) {
    phase(u, 'skipped');
    journal.after([{ kind: 'step-done', changeId, unit: u.unit, data: { durationMs: 0, skipped: true } }]);
    results.push({ unit: u.unit, changeId, status: 'skipped', durationMs: 0 });
  }
  if (waiting.length > 0) {
    const canary = { moved: canaries, remaining: waiting.map((u) => u.unit) };
    results.push(...waiting.map((u) => ({ unit: u.unit, changeId, status: 'held' as const, durationMs: 0 })));
    emit({ type: 'canary', changeId, ...canary });
    return { outcome: 'canary', units: results, moved, canary };
  }
  return { outcome: 'done', units: results, moved };
}
