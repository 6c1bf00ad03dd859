import type { LeaseFence, LeaseHolder, RunStore } from '../backends/run-store.js';
import type { ModelSummary } from '../model/backend-data.js';
import { errorSummary } from '../model/errors.js';
import type { ModelExport } from '../model/export.js';
import type { LiveModel } from '../model/live.js';
import { exportModel } from './export-model.js';
import type { MovedSaas } from './offer-consumers.js';

// What both migrations — an embedded controller's and Juju's own `juju migrate` — share before
// the model moves: the result they fill, the PRECHECK problems that are not the model's own,
// and the model's lease, held and renewed while the model moves so no reconcile can change it.

/** Juju's migration phases (`core/migration/phase.go`), the ones an embedded migration passes. */
export type MigrationPhase = 'PRECHECK' | 'QUIESCE' | 'EXPORT' | 'IMPORT' | 'VALIDATION' | 'SUCCESS' | 'REAP' | 'DONE' | 'ABORT' | 'ABORTDONE';

export interface MigrateResult {
  outcome: 'done' | 'aborted' | 'prechecked';
  phases: { phase: MigrationPhase; at: string; message: string }[];
  problems: string[];
  differences: string[];
  reason?: string;
  /** Set when the model moved but removing it from the source failed (Juju's REAPFAILED). */
  reapFailed?: string;
  /** The saas entries pointed at the target. */
  consumersMoved: MovedSaas[];
  /** Offer connections the target lacks, or has that the source did not (empty when the consumers followed). */
  consumersLost: string[];
}

/** What every migration is told, whichever controller moves the model. */
export interface MigrationRunOptions {
  model: string;
  /** Where the model's lease and journal live (the source controller's run store). */
  runs: RunStore;
  holder: LeaseHolder;
  /** Run PRECHECK only. */
  dryRun: boolean;
  isSecret: (application: string, option: string) => boolean;
  now: () => Date;
  onPhase: (phase: MigrationPhase, message: string) => void;
  leaseTtlMs?: number;
}

/** A result that says the migration aborted until a later phase says otherwise. */
export function abortedResult(): MigrateResult {
  return { outcome: 'aborted', phases: [], problems: [], differences: [], consumersMoved: [], consumersLost: [] };
}

/** The models on the target that stand in the way: one of the same name, or one with the same UUID. */
export function targetClashes(onTarget: readonly ModelSummary[], model: string, uuid: string): string[] {
  const problems: string[] = [];
  if (onTarget.some((m) => m.name === model)) problems.push(`model named "${model}" already exists on the target controller`);
  if (onTarget.some((m) => m.uuid === uuid)) problems.push('model with same UUID already exists on the target controller');
  return problems;
}

/** A reconcile of the model that started and did not finish blocks its migration: it must be resumed first. */
export async function unfinishedRunProblems(runs: RunStore, model: string): Promise<string[]> {
  const open = unfinishedRun(await runs.readJournal(model, { limit: 200 }));
  return open ? [`reconcile ${open} did not finish: run \`juju-gitops apply\` to resume it first`] : [];
}

/** The id of the newest run that started and has no end, if any. */
export function unfinishedRun(journal: { runId: string; kind: string }[]): string | undefined {
  const ended = new Set(journal.filter((e) => e.kind === 'run-end').map((e) => e.runId));
  return [...journal].reverse().find((e) => e.kind === 'run-start' && !ended.has(e.runId))?.runId;
}

/** PRECHECK found problems: the migration stops before anything is held or moved. */
export class MigrationRefused extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** The model as VALIDATION compares it on both controllers: exported with secrets revealed, so a changed secret counts. */
export function exportForValidation(live: LiveModel, kind: ModelExport['source']['kind'], opts: Pick<MigrationRunOptions, 'now' | 'isSecret'>): ModelExport {
  return exportModel(live, { exportedAt: opts.now().toISOString(), kind, isSecret: opts.isSecret, revealSecrets: true });
}

/** Why a migration aborted, as its ABORT phase and result say it. */
export function abortReason(error: unknown): string {
  return error instanceof MigrationRefused ? `precheck failed: ${error.problems.join('; ')}` : errorSummary(error);
}

export interface HeldLease {
  fence: LeaseFence;
  /** Stops renewing; the lease then lapses within one TTL unless released. */
  stopRenewing(): void;
  /** Stops renewing and lets go of the lease; best effort (the store may be gone with the model). */
  release(): Promise<void>;
}

/**
 * Takes the model's lease for a migration, or throws naming who holds it. It is renewed every
 * third of its TTL while the migration runs; a killed migration lets it lapse within one TTL.
 */
export async function holdModelLease(runs: RunStore, model: string, holder: LeaseHolder, ttlMs = 30_000): Promise<HeldLease> {
  const lease = await runs.acquireLease(model, holder, ttlMs);
  if (!lease.acquired) throw new Error(`the model's lease is held by ${lease.holder.host} pid ${lease.holder.pid} (${lease.holder.purpose})`);
  const fence = lease.fence;
  const heartbeat = setInterval(() => void runs.renewLease(model, fence, ttlMs).catch(() => undefined), Math.max(100, ttlMs / 3));
  heartbeat.unref();
  const stopRenewing = () => clearInterval(heartbeat);
  return {
    fence,
    stopRenewing,
    async release() {
      stopRenewing();
      await runs.releaseLease(model, fence).catch(() => undefined);
    },
  };
}
