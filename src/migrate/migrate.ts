import type { ModelBackend } from '../backends/backend.js';
import type { ModelTransfer } from '../backends/transfer.js';
import { errorSummary } from '../model/errors.js';
import type { ModelExport } from '../model/export.js';
import type { MigrationStatus } from '../model/live.js';
import { compareExports } from './compare-exports.js';
import { abortedResult, abortReason, exportForValidation, holdModelLease, MigrationRefused, targetClashes, unfinishedRunProblems, type HeldLease, type MigrateResult, type MigrationPhase, type MigrationRunOptions } from './migration-guard.js';
import { connectionLines, findConsumers, linkControllers, precheckConsumers, repointConsumers, type MovedSaas } from './offer-consumers.js';
import { precheckModel } from './precheck.js';

export type { MigrateResult, MigrationPhase } from './migration-guard.js';

export type TransferBackend = ModelBackend & ModelTransfer;

export interface MigrateOptions extends MigrationRunOptions {
  source: TransferBackend;
  target: TransferBackend;
  /** Runs in SUCCESS, after the target took over: points the repository at the target (and the consumers' saas URLs that moved). */
  onSuccess?: (moved: MovedSaas[]) => Promise<string | undefined>;
  /** Test hook: called as each phase starts, so faults can be injected at every phase. */
  beforePhase?: (phase: MigrationPhase) => Promise<void> | void;
  /**
   * Every embedded controller consumers of the model's offers may live on, the source and
   * target among them (the same objects): their saas entries follow the offers to the target.
   */
  consumerControllers?: readonly TransferBackend[];
}

/**
 * Moves a model's control from one controller to another without touching its workloads.
 * Every failure before SUCCESS is an ABORT that removes the target's copy and leaves the
 * source as it was (still supervising every process); from SUCCESS on there is no way back,
 * as in Juju.
 */
export async function migrateModel(opts: MigrateOptions): Promise<MigrateResult> {
  const result = abortedResult();
  const phase = async (name: MigrationPhase, message: string) => {
    await opts.beforePhase?.(name);
    result.phases.push({ phase: name, at: opts.now().toISOString(), message });
    opts.onPhase(name, message);
    // `status` on the source shows where the migration is; a model that has left shows nothing.
    if (name !== 'DONE' && name !== 'REAP') await showPhase(opts, { phase: name, message, target: opts.target.controllerName });
  };
  let lease: HeldLease | undefined;
  let imported = false;
  try {
    await phase('PRECHECK', `checking model ${opts.model} and the target controller`);
    const live = await opts.source.readModel(opts.model);
    const onTarget = await opts.target.listModels();
    const copy = onTarget.find((m) => m.name === opts.model && m.uuid === live.uuid);
    if (copy && (await opts.target.heldModels()).includes(opts.model)) {
      // A migration that died between IMPORT and SUCCESS: its copy was never activated.
      opts.onPhase('PRECHECK', 'removing the partial copy an interrupted migration left on the target');
      await opts.target.removeModel(opts.model, { keepWorkloads: true });
    } else if (copy) {
      // An interrupted migration passed SUCCESS: the target runs the model; finish the move.
      opts.onPhase('PRECHECK', 'an interrupted migration already handed the model to the target: finishing it');
      return await finish(opts, result, phase, undefined);
    } else result.problems.push(...targetClashes(onTarget, opts.model, live.uuid));
    result.problems.push(...precheckModel(live));
    const consumers = await findConsumers(opts.consumerControllers ?? [opts.source, opts.target], await opts.source.controllerDir(), opts.model);
    result.problems.push(...precheckConsumers(live, consumers));
    result.problems.push(...(await unfinishedRunProblems(opts.runs, opts.model)));
    if (result.problems.length) throw new MigrationRefused(result.problems);
    if (opts.dryRun) {
      await showPhase(opts, null);
      result.outcome = 'prechecked';
      return result;
    }

    await phase('QUIESCE', 'taking the model lease: no reconcile may change it now');
    lease = await holdModelLease(opts.runs, opts.model, opts.holder, opts.leaseTtlMs);

    await phase('EXPORT', 'exporting the model and its workload handles');
    const exported = await exportFrom(opts.source, opts);
    const handles = await opts.source.readWorkloadHandles(opts.model);

    await phase('IMPORT', `importing into controller ${opts.target.controllerName}`);
    imported = true;
    await opts.target.importModel(exported, handles);
    if (consumers.length) await linkControllers(opts.target, consumers);

    await phase('VALIDATION', 'comparing the target export with the source, field by field');
    // Offer connections are the consumers' word, and they still name the source: they are compared once the consumers follow.
    result.differences = compareExports(withoutConnections(exported), withoutConnections(await exportFrom(opts.target, opts)));
    if (result.differences.length) throw new Error(`the target differs from the source in ${result.differences.length} field(s): ${result.differences.slice(0, 3).join('; ')}`);
  } catch (error) {
    lease?.stopRenewing();
    result.reason = abortReason(error);
    opts.onPhase('ABORT', result.reason);
    result.phases.push({ phase: 'ABORT', at: opts.now().toISOString(), message: result.reason });
    if (imported) await opts.target.removeModel(opts.model, { keepWorkloads: true }).catch(() => undefined);
    await showPhase(opts, null);
    await lease?.release();
    result.phases.push({ phase: 'ABORTDONE', at: opts.now().toISOString(), message: 'the source model is unchanged' });
    opts.onPhase('ABORTDONE', 'the source model is unchanged');
    return result;
  }

  lease?.stopRenewing();
  return finish(opts, result, phase, lease);
}

/**
 * From SUCCESS on there is no turning back: the source lets go of the processes, the target
 * adopts them, the repository names the target, and the source forgets the model. Each step
 * may run again, so a migration interrupted here is finished by running it again.
 */
async function finish(
  opts: MigrateOptions,
  result: MigrateResult,
  phase: (name: MigrationPhase, message: string) => Promise<void>,
  lease: HeldLease | undefined,
): Promise<MigrateResult> {
  await phase('SUCCESS', `controller ${opts.target.controllerName} takes over the unit processes`);
  const before = connectionLines(await opts.source.readModel(opts.model));
  const consumers = await findConsumers(opts.consumerControllers ?? [opts.source, opts.target], await opts.source.controllerDir(), opts.model);
  // The target's relation data stays as imported until the consumers point at it.
  await opts.target.setMigrationStatus(opts.model, { phase: 'SUCCESS', message: 'consumers follow the offers', target: opts.target.controllerName });
  await opts.source.releaseModel(opts.model);
  await opts.target.activateModel(opts.model);
  if (consumers.length) {
    await linkControllers(opts.target, consumers);
    result.consumersMoved = await repointConsumers(opts.target, opts.model, consumers);
    for (const m of result.consumersMoved) opts.onPhase('SUCCESS', `saas ${m.saas} of ${m.controller}:${m.model} now consumes ${m.url}`);
  }
  await opts.target.setMigrationStatus(opts.model, null);
  const after = connectionLines(await opts.target.readModel(opts.model));
  result.consumersLost = [...before.filter((l) => !after.includes(l)).map((l) => `lost: ${l}`), ...after.filter((l) => !before.includes(l)).map((l) => `new: ${l}`)];
  if (before.length) opts.onPhase('SUCCESS', result.consumersLost.length ? `offer connections differ on the target: ${result.consumersLost.join('; ')}` : `offers checked: ${before.length} consumer relation(s) connected on the target as on the source`);
  const note = await opts.onSuccess?.(result.consumersMoved);
  if (note) opts.onPhase('SUCCESS', note);
  try {
    await phase('REAP', `removing model ${opts.model} from controller ${opts.source.controllerName}`);
    await opts.source.removeModel(opts.model, { keepWorkloads: true });
  } catch (error) {
    result.reapFailed = errorSummary(error);
  }
  // The lease is the run store's, not the model's: it outlives the model's removal until let go.
  await lease?.release();
  await phase('DONE', `model ${opts.model} now lives on controller ${opts.target.controllerName}`);
  result.outcome = 'done';
  return result;
}

/** Best effort: a status note must never stop a migration (the model may be gone already). */
async function showPhase(opts: MigrateOptions, status: MigrationStatus | null): Promise<void> {
  await opts.source.setMigrationStatus(opts.model, status).catch(() => undefined);
}

async function exportFrom(backend: TransferBackend, opts: MigrateOptions): Promise<ModelExport> {
  return exportForValidation(await backend.readModel(opts.model), backend.kind, opts);
}

function withoutConnections(doc: ModelExport): ModelExport {
  return { ...doc, offers: Object.fromEntries(Object.entries(doc.offers).map(([name, o]) => [name, { ...o, connections: [] }])) };
}
