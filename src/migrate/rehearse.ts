import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import type { ModelTransfer } from '../backends/transfer.js';
import { reconcileModel } from '../reconcile/reconcile-model.js';
import type { RolloutEvent } from '../apply/events.js';
import type { Change } from '../model/change.js';
import type { RepoConfig, RolloutPolicy } from '../model/config.js';
import type { ModelExport } from '../model/export.js';
import type { Repo } from '../repo/index.js';

export interface RehearsalReport {
  model: string;
  restartMs: number;
  outcome: string;
  steps: { id: string; description: string; classification: Change['classification'] }[];
  destructive: string[];
  unitsMoved: number;
  durationMs: number;
  /** What the real run would do differently or could not do, said plainly. */
  notes: string[];
  failure?: string;
}

/**
 * Runs the repository's plan for a model against a scratch copy of it whose units are
 * simulated, with the model's own rollout policy, and reports what the real run would do:
 * its steps, the units it would move, how long it would take with units that take
 * `restartMs` to restart, and what is destructive. Health checks become status checks and
 * drain hooks are left out (nothing real may be touched); canaries are rehearsed through.
 */
export async function rehearseModel(opts: {
  doc: ModelExport;
  scratch: ModelBackend & ModelTransfer;
  /** The scratch controller's run store. */
  runs: RunStore;
  charmDirOf: (application: string) => string;
  repo: Repo;
  config: RepoConfig;
  restartMs: number;
  signal?: AbortSignal;
}): Promise<RehearsalReport> {
  const model = opts.doc.model.name;
  await opts.scratch.importModel(opts.doc, {
    applications: Object.fromEntries(Object.keys(opts.doc.applications).map((a) => [a, { charmDir: opts.charmDirOf(a) }])),
    units: {},
  });
  await opts.scratch.activateModel(model);
  const notes = policyNotes(opts.config, model);
  const events: RolloutEvent[] = [];
  const started = Date.now();
  const outcome = await reconcileModel({
    backend: opts.scratch,
    runs: opts.runs,
    repo: opts.repo,
    config: rehearsalConfig(opts.config, model),
    model,
    purpose: 'apply',
    events: (e) => events.push(e),
    yes: true,
    signal: opts.signal,
  });
  const end = events.find((e) => e.type === 'run-end');
  const steps = [...outcome.plan.changes, ...outcome.plan.removals];
  return {
    model,
    restartMs: opts.restartMs,
    outcome: outcome.result?.outcome ?? 'unchanged',
    steps: steps.map((c) => ({ id: c.id, description: c.description, classification: c.classification })),
    destructive: steps.filter((c) => c.classification === 'destructive').map((c) => c.description),
    unitsMoved: outcome.result?.unitsMoved ?? 0,
    durationMs: end && end.type === 'run-end' ? end.durationMs : Date.now() - started,
    notes,
    ...(outcome.result?.failure ? { failure: `${outcome.result.failure.unit}: ${outcome.result.failure.output}` } : {}),
  };
}

/** The model's policy as a rehearsal can run it: status checks only, no hooks, no canary stop. */
function rehearsalConfig(config: RepoConfig, model: string): RepoConfig {
  const safe = (p: Partial<RolloutPolicy>): Partial<RolloutPolicy> => {
    const { drain: _drain, undrain: _undrain, ...rest } = p;
    return { ...rest, ...(p.healthCheck ? { healthCheck: { type: 'status' } } : {}), ...(p.canary ? { canary: 0 } : {}) };
  };
  const m = config.models[model];
  return {
    ...config,
    models: {
      ...config.models,
      [model]: { ...m, rollout: safe(m.rollout) as RolloutPolicy, applications: Object.fromEntries(Object.entries(m.applications).map(([a, p]) => [a, safe(p)])) },
    },
  };
}

function policyNotes(config: RepoConfig, model: string): string[] {
  const m = config.models[model];
  const notes: string[] = [];
  const all = [['the model', m.rollout] as const, ...Object.entries(m.applications).map(([a, p]) => [`application ${a}`, p] as const)];
  for (const [who, p] of all) {
    if (p.healthCheck && p.healthCheck.type !== 'status') notes.push(`${who}: its ${p.healthCheck.type} health check was rehearsed as a status check`);
    if (p.drain || p.undrain) notes.push(`${who}: drain/undrain hooks were not run`);
    if (p.canary) notes.push(`${who}: the real run stops after ${p.canary} unit(s) for \`promote\``);
  }
  return notes;
}
