import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import type { Plan } from '../model/change.js';
import type { RepoConfig } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import { openRepo, loadRepoConfig } from '../repo/index.js';
import { planDigest, type ApplyResult } from '../apply/apply-plan.js';
import { computePlan, readLiveOrEmpty } from '../reconcile/compute-plan.js';
import { unitsOffBuild, withUnitsOffBuild } from '../apply/units-off-build.js';
import { readRecentJournal } from '../apply/read-journal.js';
import type { EventSink } from '../apply/events.js';
import { reconcileModel } from '../reconcile/reconcile-model.js';
import { orderRepoModels, recordAfterReconcile } from '../offers/index.js';
import { applyGenerationAfterPlan, describeGenerationRun } from '../generations/index.js';
import { runWatchLoop } from './watch-loop.js';
import type { TriggerKind } from './serial.js';

export interface WatchModelsOptions {
  backend: ModelBackend;
  /** Where the models' leases and journals are. */
  runs: RunStore;
  cwd: string;
  /** Only these models; default every model in juju-gitops.yaml. */
  models?: string[];
  intervalMs: number;
  selfHeal: boolean;
  yes?: boolean;
  signal: AbortSignal;
  events: EventSink;
  env?: NodeJS.ProcessEnv;
  leaseTtlMs?: number;
  /** How long a run waits for a lease another reconcile holds. */
  waitMs?: number;
  debounceMs?: number;
  log: (line: string) => void;
  onResult: (result: ApplyResult) => void;
  onError: (error: unknown, model?: string) => void;
  onReady?: () => void;
  /** What each drift check found: the plan that would bring the model back to the repository. */
  onDrift?: (model: string, plan: Plan) => void;
  /** Every failed run, also the repeats `onError` is spared. */
  onRunFailed?: (error: unknown, model?: string) => void;
}

/**
 * Keeps models reconciled with the repository: a reconcile after every change, and a drift
 * check on the interval that reports drift or, with self-heal, corrects it. A plan that has
 * already failed is not retried by the drift check; the next commit is.
 */
export async function watchModels(opts: WatchModelsOptions): Promise<void> {
  const repo = await openRepo({ cwd: opts.cwd });
  const failed = new Map<string, string>();
  const reported = new Map<string, string>();
  const lastError = new Map<string, string>();

  const modelsOf = (config: RepoConfig) => (opts.models?.length ? opts.models : Object.keys(config.models));
  const reconcile = async (config: RepoConfig, model: string) => {
    const { plan, result } = await reconcileModel({
      backend: opts.backend, runs: opts.runs, repo, config, model, purpose: 'watch', events: opts.events, yes: opts.yes,
      waitMs: opts.waitMs ?? 60_000, leaseTtlMs: opts.leaseTtlMs, signal: opts.signal, env: opts.env,
      onPlan: (planned) => {
        if (planned.changes.length + planned.removals.length > 0) opts.log(`model ${model}: plan of ${describeDrift(planned)}`);
      },
    });
    if (!result) return;
    opts.onResult(result);
    // Units tracking an open generation move after the plan, as `apply` moves them.
    const generation = await applyGenerationAfterPlan(result.outcome, {
      backend: opts.backend, runs: opts.runs, model, repo, config, events: opts.events, signal: opts.signal,
    });
    const line = describeGenerationRun(generation).trim();
    if (line) opts.log(`model ${model}: ${line}`);
    // Watch commits the offers records it writes, so the repository keeps the truth it acts on.
    for (const recorded of await recordAfterReconcile({ repo, config, model, backend: opts.backend, commit: true })) {
      opts.log(`model ${model}: recorded ${recorded.path}${recorded.commit ? ` (commit ${recorded.commit.slice(0, 12)})` : ''}`);
    }
    if (result.outcome === 'failed') failed.set(model, planDigest(plan));
    else failed.delete(model);
  };
  const driftCheck = async (config: RepoConfig, model: string) => {
    // Units Juju shows as their application while the journal knows they wait for their charm actions are drift too, as `plan` finds.
    const live = withUnitsOffBuild(await readLiveOrEmpty(opts.backend, model, config), unitsOffBuild(await readRecentJournal(opts.runs, model)));
    const plan = await computePlan({ backend: opts.backend, repo, config, model, live });
    opts.onDrift?.(model, plan);
    if (plan.changes.length + plan.removals.length === 0) {
      if (reported.delete(model)) opts.log(`model ${model}: back in line with the repository`);
      return;
    }
    const digest = planDigest(plan);
    if (opts.selfHeal && failed.get(model) !== digest) {
      opts.log(`model ${model}: drift found (${describeDrift(plan)}); healing`);
      return reconcile(config, model);
    }
    if (reported.get(model) === `${digest}:${plan.liveFingerprint}`) return;
    reported.set(model, `${digest}:${plan.liveFingerprint}`);
    opts.log(
      opts.selfHeal
        ? `model ${model}: drift (${describeDrift(plan)}) left alone: this plan already failed; commit a fix`
        : `model ${model}: drift from the repository: ${describeDrift(plan)} (run with --self-heal to correct it)`,
    );
  };

  // A broken repository fails every drift check the same way: say so once, not each tick.
  const report = (kind: TriggerKind, error: unknown, model?: string) => {
    opts.onRunFailed?.(error, model);
    const text = error instanceof Error ? error.message : String(error);
    // The same broken file fails a drift check and a reconcile with different words: compare
    // what is wrong (code and diagnostics), not how it was said.
    const signature =
      error instanceof GitopsError && error.diagnostics.length ? `${error.code}:${JSON.stringify(error.diagnostics)}` : text;
    if (lastError.get(model ?? '') === signature) {
      if (kind === 'change') opts.log(`${model ? `model ${model}: ` : ''}still failing as before: ${text}`);
      return;
    }
    lastError.set(model ?? '', signature);
    opts.onError(error, model);
  };
  const run = async (kind: TriggerKind) => {
    let config: RepoConfig;
    try {
      config = await loadRepoConfig(repo);
      lastError.delete('');
    } catch (error) {
      return report(kind, error);
    }
    let models: string[];
    try {
      models = await orderRepoModels(repo, config, modelsOf(config));
    } catch (error) {
      return report(kind, error);
    }
    for (const model of models) {
      if (opts.signal.aborted) return;
      try {
        if (kind === 'change') {
          const commit = await repo.headCommit();
          opts.log(`repository changed${commit ? ` (HEAD ${commit.slice(0, 12)})` : ''}: reconciling model ${model}`);
          await reconcile(config, model);
        } else {
          await driftCheck(config, model);
        }
        lastError.delete(model);
      } catch (error) {
        report(kind, error, model);
      }
    }
  };

  await runWatchLoop({
    root: repo.root,
    intervalMs: opts.intervalMs,
    debounceMs: opts.debounceMs,
    signal: opts.signal,
    run,
    onError: (error) => opts.onError(error),
    onReady: () => {
      opts.onReady?.();
    },
  });
}

function describeDrift(plan: Plan): string {
  const all = [...plan.changes, ...plan.removals];
  const shown = all.slice(0, 3).map((c) => c.description);
  return `${all.length} change${all.length === 1 ? '' : 's'}: ${shown.join('; ')}${all.length > 3 ? '; …' : ''}`;
}
