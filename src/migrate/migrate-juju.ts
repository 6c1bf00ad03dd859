import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelBackend } from '../backends/backend.js';
import type { ControllerMigration } from '../backends/transfer.js';
import type { ModelExport } from '../model/export.js';
import { compareExports } from './compare-exports.js';
import { abortedResult, abortReason, exportForValidation, holdModelLease, MigrationRefused, targetClashes, unfinishedRunProblems, type HeldLease, type MigrateResult, type MigrationPhase, type MigrationRunOptions } from './migration-guard.js';
import { precheckModel } from './precheck.js';

export interface JujuMigrateOptions extends MigrationRunOptions {
  /** The model's controller, which migrates it itself (`juju migrate`). */
  source: ModelBackend & ControllerMigration;
  /** The target controller as the same client reaches it. */
  target: ModelBackend;
  onSuccess?: () => Promise<string | undefined>;
  /** The source and target Juju versions' dialects, for Juju's "same or newer" rule. */
  versions: { source: string; target: string };
  /** How often `show-model` is asked (default 2 s) and how long a migration may take (default 30 min). */
  pollMs?: number;
  timeoutMs?: number;
}

/**
 * Drives Juju's own migration with juju-gitops' checks around it: PRECHECK as for embedded
 * controllers (settled units, no unfinished reconcile, no model of that name on the target,
 * Juju's cross-model breakers, the target no older than the source), the model's lease held
 * so no reconcile touches it, the model exported, then `juju migrate` and Juju's phases
 * followed through `show-model` until the model has left the source (done) or Juju aborted
 * (the model stays where it was, as Juju guarantees). Juju has no hook between its own
 * VALIDATION and SUCCESS, so juju-gitops' VALIDATION — the target exported and compared field
 * by field with the source's export — runs once Juju is done, and a difference fails the run.
 */
export async function migrateJujuModel(opts: JujuMigrateOptions): Promise<MigrateResult> {
  const result = abortedResult();
  const phase = (name: MigrationPhase, message: string) => {
    result.phases.push({ phase: name, at: opts.now().toISOString(), message });
    opts.onPhase(name, message);
  };
  let lease: HeldLease | undefined;
  let exported: ModelExport | undefined;
  try {
    phase('PRECHECK', `checking model ${opts.model} and controller ${opts.target.controllerName}`);
    const live = await opts.source.readModel(opts.model);
    const onTarget = await opts.target.listModels();
    result.problems.push(...targetClashes(onTarget, opts.model, live.uuid));
    if (olderThan(opts.versions.target, opts.versions.source)) result.problems.push(`the target controller runs Juju ${opts.versions.target}, older than the source's ${opts.versions.source}`);
    result.problems.push(...precheckModel(live));
    result.problems.push(...(await unfinishedRunProblems(opts.runs, opts.model)));
    if (result.problems.length) throw new MigrationRefused(result.problems);
    if (opts.dryRun) {
      result.outcome = 'prechecked';
      return result;
    }

    phase('QUIESCE', 'taking the model lease: no reconcile may change it now');
    lease = await holdModelLease(opts.runs, opts.model, opts.holder, opts.leaseTtlMs);

    phase('EXPORT', 'exporting the model as the source runs it');
    exported = exportForValidation(live, 'juju', opts);

    const id = await opts.source.startMigration(opts.model, opts.target.controllerName);
    phase('IMPORT', `juju migrate started migration ${id} to controller ${opts.target.controllerName}`);
    const ended = await followJuju(opts, phase);
    if (ended.aborted) throw new Error(`Juju aborted the migration: ${ended.reason}`);
  } catch (error) {
    lease?.stopRenewing();
    result.reason = abortReason(error);
    phase('ABORT', result.reason);
    await lease?.release();
    const intact = await opts.source.readModel(opts.model).then(() => true, () => false);
    phase('ABORTDONE', intact ? 'the model is still on the source controller' : 'the source controller no longer answers for the model: check `juju show-model`');
    return result;
  }
  // The model has left the source: its lease there has nothing left to guard.
  await lease?.release();

  phase('VALIDATION', 'comparing the target export with the source, field by field');
  result.differences = compareExports(exported!, exportForValidation(await opts.target.readModel(opts.model), 'juju', opts));
  phase('SUCCESS', `the model lives on controller ${opts.target.controllerName}`);
  const note = await opts.onSuccess?.();
  if (note) opts.onPhase('SUCCESS', note);
  phase('DONE', result.differences.length ? `model ${opts.model} moved, but the target differs from the source in ${result.differences.length} field(s)` : `model ${opts.model} now lives on controller ${opts.target.controllerName}`);
  result.outcome = 'done';
  return result;
}

/**
 * Follows Juju's migration through `show-model` on the source, printing each new status
 * message under the phase it belongs to, until the model has left the source (done) or is no
 * longer `busy` there (Juju aborted it; its last message says why).
 */
async function followJuju(opts: JujuMigrateOptions, phase: (name: MigrationPhase, message: string) => void): Promise<{ aborted: false } | { aborted: true; reason: string }> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let last = '';
  for (;;) {
    const progress = await opts.source.migrationProgress(opts.model);
    if (!progress.present) return { aborted: false };
    const message = progress.migration ?? '';
    if (message && message !== last) {
      last = message;
      // An abort is reported once, as the ABORT that follows.
      if (!/^aborted/.test(message)) phase(phaseOfJujuMessage(message), `juju: ${message}`);
    }
    // A model on the source that is no longer busy has come back from its migration: Juju aborted it.
    if (progress.status !== 'busy') return { aborted: true, reason: last.replace(/^aborted, removing model from target controller:?\s*/, '') || 'the migration ended with the model still on the source controller' };
    if (Date.now() > deadline) throw new Error(`the migration did not finish within ${Math.round((opts.timeoutMs ?? 1_800_000) / 60_000)} min; it may still be running: follow it with \`juju show-model\``);
    await sleep(opts.pollMs ?? 2000);
  }
}

/** Juju's migration master status messages (`internal/worker/migrationmaster/worker.go`) by the phase that sets them. */
export function phaseOfJujuMessage(message: string): MigrationPhase {
  if (/^aborted/.test(message)) return 'ABORT';
  if (/removing model from source controller/.test(message)) return 'REAP';
  if (/^successful|transferring ownership/.test(message)) return 'SUCCESS';
  if (/^validating|checking machines|activating model/.test(message)) return 'VALIDATION';
  if (/exporting model|importing model|uploading model binaries|processing relations|model data transfer/.test(message)) return 'IMPORT';
  if (/^quiescing/.test(message)) return 'QUIESCE';
  return 'PRECHECK';
}

/** Juju migrates to the same version or newer only (compared on major.minor). */
function olderThan(a: string, b: string): boolean {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am < bm || (am === bm && an < bn);
}
