import type { ModelBackend } from '../backends/backend.js';
import type { JournalEntry, RunStore } from '../backends/run-store.js';
import type { Plan } from '../model/change.js';
import type { RepoConfig, RolloutPolicy } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel } from '../model/live.js';
import { fingerprintLiveModel, type DigestKey } from '../plan/index.js';
import { loadDesiredBundle, repositoryIdentity, type Repo } from '../repo/index.js';
import { applyPlan, planDigest, type ApplyResult } from '../apply/apply-plan.js';
import type { EventSink } from '../apply/events.js';
import { acquireModelLease, throwIfLost } from '../apply/lease.js';
import { computePlan, ensureModel, modelTypeOf, readLiveOrEmpty } from './compute-plan.js';
import { readRecentJournal } from '../apply/read-journal.js';
import { claimOwnership, refuseForeignOwner } from './ownership.js';
import { changesDoneByPlan, findUnfinishedRun, summariseRuns, type RunPurpose } from '../apply/runs.js';
import { markingReads, markUnitsOffBuild, unitsOffBuild, type OffBuildRecord } from '../apply/units-off-build.js';

export interface ReconcileOptions {
  backend: ModelBackend;
  /** Where the model's lease and journal are. */
  runs: RunStore;
  repo: Repo;
  config: RepoConfig;
  model: string;
  purpose: RunPurpose;
  events: EventSink;
  /** Overrides the model's `prune` setting. */
  prune?: boolean;
  /** Needed to apply destructive changes (removals, scale-down). */
  yes?: boolean;
  /** Needed to remove an offer that consumers are related to (their relations go with it). */
  force?: boolean;
  dryRun?: boolean;
  /** A reviewed plan to apply exactly instead of computing one. */
  savedPlan?: Plan;
  /** Key for the secrets in the desired-state digest the run records. */
  digestKey?: DigestKey;
  waitMs?: number;
  leaseTtlMs?: number;
  policyOverride?: Partial<RolloutPolicy>;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Take the model over from the repository that manages it (recorded, and said). */
  adopt?: boolean;
  /** Called with the plan about to be applied (or shown, on a dry run). */
  onPlan?: (plan: Plan, live: LiveModel) => void;
}

export interface ReconcileOutcome {
  plan: Plan;
  /** Absent on a dry run. */
  result?: ApplyResult;
}

function isEmpty(plan: Plan): boolean {
  return plan.changes.length === 0 && plan.removals.length === 0;
}

/**
 * One reconcile of one model: plan (or check a saved plan still fits), take the model's lease,
 * re-check the plan under the lease (another run may have moved the model while we waited),
 * then apply. Everything that decides what to do is in the plan and the journal.
 */
export async function reconcileModel(opts: ReconcileOptions): Promise<ReconcileOutcome> {
  const modelConfig = opts.config.models[opts.model];
  if (!modelConfig) {
    throw new GitopsError('model-unknown', `model ${opts.model} is not in juju-gitops.yaml`, {
      hint: `known models: ${Object.keys(opts.config.models).join(', ') || '(none)'}`,
    });
  }
  // Another repository's model is refused before anything is planned against it.
  const ownership = { backend: opts.backend, model: opts.model, owner: await repositoryIdentity(opts.config.root), adopt: opts.adopt };
  await refuseForeignOwner(ownership);
  const journal = await readRecentJournal(opts.runs, opts.model);
  // What the journal knows of units Juju cannot show, kept current by the run as it moves them.
  const offBuild = unitsOffBuild(journal);
  let { plan, live } = await planFor(opts, journal, offBuild);
  opts.onPlan?.(plan, live);
  if (opts.dryRun) return { plan };
  refuseUnconfirmedDestruction(plan, opts);
  const note = (message: string | undefined) => message && opts.events({ type: 'note', at: new Date().toISOString(), runId: '', message });

  const unfinished = findUnfinishedRun(summariseRuns(journal));
  if (isEmpty(plan) && !unfinished) {
    if (live.uuid) note(await claimOwnership(ownership));
    return { plan, result: await applyPlan({ backend: opts.backend, runs: opts.runs, plan, config: modelConfig, events: () => undefined }) };
  }
  const lease = await acquireModelLease({
    runs: opts.runs, backend: opts.backend, model: opts.model, purpose: opts.purpose, commit: plan.sourceCommit,
    waitMs: opts.waitMs, ttlMs: opts.leaseTtlMs, signal: opts.signal,
    onWait: (what, timeoutMs) => opts.events({ type: 'wait', at: new Date().toISOString(), runId: '', what, timeoutMs }),
    onTakeover: (message) => opts.events({ type: 'note', at: new Date().toISOString(), runId: '', message }),
  });
  try {
    // The lease is the run store's, not the model's: a first reconcile creates the model under it.
    let now = await readLiveOrEmpty(opts.backend, opts.model, opts.config);
    const created = !now.uuid;
    if (created) await ensureModel(opts.backend, opts.model, modelTypeOf((await loadDesiredBundle(opts.repo, opts.config, opts.model)).bundle));
    // Claimed under the lease, so a run refused for the lease changes no owner. A model this
    // run created is its own: nothing to announce.
    const claimed = await claimOwnership(ownership);
    if (created) now = await readLiveOrEmpty(opts.backend, opts.model, opts.config);
    else note(claimed);
    // A model created just now differs from "no model" only by its uuid: the plan still fits.
    if (fingerprintLiveModel(created ? { ...now, uuid: '' } : now) !== plan.liveFingerprint) {
      // The model moved while we waited for the lease (or was just created): plan again; a
      // saved plan must still fit. The new plan is shown only when it says something new.
      const shown = planDigest(plan);
      ({ plan, live } = await planFor(opts, await readRecentJournal(opts.runs, opts.model), offBuild));
      if (!opts.savedPlan && planDigest(plan) !== shown) opts.onPlan?.(plan, live);
      refuseUnconfirmedDestruction(plan, opts);
    }
    const completedSteps = opts.savedPlan ? await savedPlanProgress(opts, opts.savedPlan) : undefined;
    const signal = opts.signal ? AbortSignal.any([opts.signal, lease.lost]) : lease.lost;
    // Every write of the run carries the lease's fence: a run paused past its TTL is refused by
    // the store at its next write, and says it lost the lease instead of "stopped on request".
    const result = await applyPlan({
      backend: markingReads(lease.backend, offBuild, { promote: opts.purpose === 'promote' }), runs: lease.runs, plan, config: modelConfig, events: opts.events, signal, purpose: opts.purpose,
      policyOverride: opts.policyOverride, completedSteps, env: opts.env, cwd: opts.config.root, offBuild,
    });
    await throwIfLost(lease, result);
    return { plan, result };
  } finally {
    await lease.release().catch(() => undefined);
  }
}

async function planFor(opts: ReconcileOptions, journal: JournalEntry[], offBuild: ReadonlyMap<string, OffBuildRecord>): Promise<{ plan: Plan; live: LiveModel }> {
  const live = await readLiveOrEmpty(opts.backend, opts.model, opts.config);
  const waiting = markUnitsOffBuild(live, offBuild, { promote: opts.purpose === 'promote' });
  if (!opts.savedPlan) {
    const plan = await computePlan({ ...opts, live });
    return { plan: waiting.length ? { ...plan, notes: [...(plan.notes ?? []), ...waiting] } : plan, live };
  }
  const plan = opts.savedPlan;
  if (plan.model !== opts.model) {
    throw new GitopsError('plan-model-mismatch', `the plan is for model ${plan.model}, not ${opts.model}`);
  }
  if (fingerprintLiveModel(live) !== plan.liveFingerprint) {
    const unfinished = findUnfinishedRun(summariseRuns(journal));
    if (!unfinished || unfinished.start.planDigest !== planDigest(plan)) {
      throw new GitopsError('plan-stale', `model ${opts.model} has changed since this plan was made`, {
        hint: 'make a new plan with `juju-gitops plan -o FILE`, review it, and apply that',
      });
    }
  }
  return { plan, live };
}

/** For a saved plan picked up after a crash: the changes its interrupted runs finished. */
async function savedPlanProgress(opts: ReconcileOptions, plan: Plan): Promise<Set<string> | undefined> {
  const runs = summariseRuns(await readRecentJournal(opts.runs, opts.model));
  const unfinished = findUnfinishedRun(runs);
  return unfinished ? changesDoneByPlan(runs, unfinished, planDigest(plan)) : undefined;
}

function refuseUnconfirmedDestruction(plan: Plan, opts: ReconcileOptions): void {
  const forced = [...plan.changes, ...plan.removals].filter((c) => c.kind === 'remove-offer' && c.force);
  if (forced.length && !opts.force && !opts.dryRun) {
    throw new GitopsError('force-required', `the plan for model ${opts.model} removes offers with connected consumers: ${forced.map((c) => c.description).join('; ')}`, {
      hint: 'their consumers lose the relation; rerun with --force (and --yes) to remove them anyway',
    });
  }
  const destructive = [...plan.changes, ...plan.removals].filter((c) => c.classification === 'destructive');
  if (destructive.length === 0 || opts.yes) return;
  throw new GitopsError('confirmation-required', `the plan for model ${opts.model} removes things: ${destructive.map((c) => c.description).join('; ')}`, {
    hint: 'review it with `juju-gitops plan`, then rerun with --yes to apply it',
  });
}
