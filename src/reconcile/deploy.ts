import path from 'node:path';
import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import type { Plan } from '../model/change.js';
import { defaultRolloutPolicy, type ModelConfig } from '../model/config.js';
import { hasErrors } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import { loadBundleFiles } from '../bundle/index.js';
import { buildPlan, secretOptionNames } from '../plan/index.js';
import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import type { EventSink } from '../apply/events.js';
import { ensureModel, modelTypeOf, readLiveOrEmpty, refuseModelTypeMismatch } from './compute-plan.js';
import { acquireModelLease, throwIfLost } from '../apply/lease.js';
import { claimOwnership } from './ownership.js';

export interface DeployOptions {
  backend: ModelBackend;
  /** Where the model's lease and journal are. */
  runs: RunStore;
  /** The bundle, then overlays in order. */
  files: string[];
  model: string;
  cwd: string;
  events: EventSink;
  signal?: AbortSignal;
  leaseTtlMs?: number;
  /** How long to wait for another run's lease on the model; 0 gives up at once. */
  waitMs?: number;
  /** Deploy into a model a repository manages, which then has no owner until one applies it. */
  adopt?: boolean;
  /** Called with the plan before it is applied, and the option names to mask when showing it. */
  onPlan?: (plan: Plan, secrets: string[]) => void;
}

/**
 * `juju deploy BUNDLE --overlay …`: adds what the bundle has and the model lacks, never removes
 * anything, and applies every change at once in plan order (no rolling, no health gates).
 * It still takes the model's lease and writes the journal, so history shows it.
 */
export async function deployBundle(opts: DeployOptions): Promise<{ plan: Plan; result: ApplyResult }> {
  const files = opts.files.map((f) => path.resolve(opts.cwd, f));
  const loaded = await loadBundleFiles(files, { root: path.dirname(files[0]), confine: false });
  if (hasErrors(loaded.diagnostics)) {
    throw new GitopsError('bundle-invalid', 'the bundle does not validate; nothing was deployed', { diagnostics: loaded.diagnostics });
  }
  const controller = opts.backend.controllerName;
  const config = { root: opts.cwd, controllers: {}, models: {} };
  const before = await readLiveOrEmpty(opts.backend, opts.model, config);
  refuseModelTypeMismatch(loaded.bundle, before);
  const lease = await acquireModelLease({
    runs: opts.runs, backend: opts.backend, model: opts.model, purpose: 'deploy', ttlMs: opts.leaseTtlMs, waitMs: opts.waitMs, signal: opts.signal,
    onWait: (what, timeoutMs) => opts.events({ type: 'wait', at: new Date().toISOString(), runId: '', what, timeoutMs }),
    onTakeover: (message) => opts.events({ type: 'note', at: new Date().toISOString(), runId: '', message }),
  });
  try {
    // The lease is the run store's, not the model's: a new model is created under it.
    if (!before.uuid) await ensureModel(opts.backend, opts.model, modelTypeOf(loaded.bundle));
    // A deploy manages nothing: a model a repository manages is refused unless --adopt releases it.
    const released = await claimOwnership({ backend: opts.backend, model: opts.model, owner: null, adopt: opts.adopt });
    if (released) opts.events({ type: 'note', at: new Date().toISOString(), runId: '', message: released });
    const live = await readLiveOrEmpty(opts.backend, opts.model, config);
    const full = buildPlan({ desired: loaded.bundle, live, model: opts.model, controller, capabilities: opts.backend.capabilities, prune: false, now: new Date() });
    // Like `juju deploy`, a deploy only adds: scale-downs and removals are left to `apply --prune`.
    const plan: Plan = { ...full, changes: full.changes.filter((c) => c.classification !== 'destructive'), removals: [], summary: { ...full.summary, destructive: 0, removals: 0 } };
    // No juju-gitops.yaml declares secrets here: the name rule and the charms' `type: secret` do.
    const secrets = [...secretOptionNames(live), ...(loaded.secretOptions ?? [])];
    opts.onPlan?.(plan, secrets);
    const modelConfig: ModelConfig = {
      name: opts.model, controller, bundle: files[0], overlays: files.slice(1), prune: false, secrets,
      rollout: defaultRolloutPolicy, applications: {},
    };
    const result = await applyPlan({
      backend: lease.backend, runs: lease.runs, plan, config: modelConfig, events: opts.events, purpose: 'deploy', rolling: false,
      signal: opts.signal ? AbortSignal.any([opts.signal, lease.lost]) : lease.lost,
    });
    await throwIfLost(lease, result);
    return { plan, result };
  } finally {
    await lease.release().catch(() => undefined);
  }
}
