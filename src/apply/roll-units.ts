import type { ModelBackend, UnitTarget } from '../backends/backend.js';
import type { RolloutPolicy } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import type { LiveUnit } from '../model/live.js';
import { eventFactory, type EventSink, type RolloutFailure, type UnitPhase } from './events.js';
import { JournalWriter } from './journal.js';
import { describeMove, unitAtTarget } from './labels.js';
import { orderUnits, scheduleRollout } from './order.js';
import { rollBatch, type BatchUnit } from './roll-batch.js';

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
  canary?: { moved: string[]; remaining: string[] };
}

export interface RollUnitsOptions {
  backend: ModelBackend;
  model: string;
  moves: UnitMove[];
  policy: RolloutPolicy;
  events: EventSink;
  signal?: AbortSignal;
  runId: string;
  changeId: string;
  /** Shared with the caller so journal entries of neighbouring steps share store writes. */
  journal?: JournalWriter;
  secrets?: readonly string[];
  /** Environment and folder for hooks and exec checks. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
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
  const journal = new JournalWriter(opts.backend, opts.model, opts.runId);
  try {
    return await rollWith(opts, journal);
  } finally {
    await journal.flush();
  }
}

async function rollWith(opts: RollUnitsOptions, journal: JournalWriter): Promise<RollResult> {
  const { backend, model, policy, changeId } = opts;
  const emit = eventFactory(opts.runId, opts.events);
  const secrets = opts.secrets ?? [];
  const live = await backend.readModel(model);
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
    return { unit: name, target: move.target, previous: move.previous, live: lu, atTarget: unitAtTarget(applied, move.target) };
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
  const startEntries = (batch: BatchUnit[]) =>
    batch.map((u) => ({ kind: 'step-start' as const, changeId, unit: u.unit, data: { ...labels.get(u.unit), atTarget: u.atTarget } }));
  // Write-ahead: the next batch's step-start is stored while this batch settles (idle time for
  // the store), so moving the next batch never waits on a journal write. If the next batch
  // never starts, its entries are closed as cancelled.
  let ahead: { index: number; written: Promise<void> } | undefined;
  const writeAhead = (index: number) => {
    if (index >= batches.length || ahead?.index === index) return;
    ahead = { index, written: journal.before(startEntries(batches[index])) };
    ahead.written.catch(() => undefined);
  };
  const cancelAhead = async (after: number) => {
    if (!ahead || ahead.index <= after) return;
    await ahead.written.catch(() => undefined);
    journal.after(batches[ahead.index].map((u) => ({ kind: 'note' as const, changeId, unit: u.unit, data: { cancelled: true } })));
  };
  const finish = (status: 'untouched', outcome: 'failed' | 'aborted', failure?: RolloutFailure): RollResult => {
    const rest = units.filter((u) => !results.some((r) => r.unit === u.unit));
    results.push(...rest.map((u) => ({ unit: u.unit, changeId, status, durationMs: 0 })));
    return { outcome, units: results, moved, failure };
  };

  let lastStarted = -1;
  for (const [index, batch] of batches.entries()) {
    if (opts.signal?.aborted) break;
    if (index > 0 && policy.pauseMs > 0) {
      emit({ type: 'wait', what: 'the bake time before the next batch', timeoutMs: policy.pauseMs });
      await sleep(policy.pauseMs, opts.signal);
      if (opts.signal?.aborted) break;
    }
    for (const u of batch) started.set(u.unit, Date.now());
    if (ahead?.index === index) await ahead.written;
    else await journal.before(startEntries(batch));
    lastStarted = index;
    const outcomes = await rollBatch(
      {
        backend, model, policy, secrets, signal: opts.signal, baseEnv: opts.env, cwd: opts.cwd,
        phase: (u, p, detail) => {
          phase(u, p, detail);
          if (p === 'settling') writeAhead(index + 1);
        },
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
    if (failure || interrupted) {
      await cancelAhead(index);
      return finish('untouched', failure ? 'failed' : 'aborted', failure);
    }
  }
  if (lastStarted < batches.length - 1) {
    await cancelAhead(lastStarted);
    return finish('untouched', 'aborted');
  }
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
