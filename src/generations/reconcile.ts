import { hostname } from 'node:os';
import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import {
  acquireModelLease,
  throwIfLost,
  newRunId,
  resolvePolicy,
  rollUnits,
  type EventSink,
  type RollResult,
  type RolloutEvent,
  type UnitResult,
} from '../apply/index.js';
import type { Bundle } from '../model/bundle.js';
import type { RepoConfig } from '../model/config.js';
import { hasErrors } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel } from '../model/live.js';
import { secretOptionNames } from '../plan/index.js';
import { loadDesiredBundle, type Repo } from '../repo/index.js';
import { generationPath, parseGeneration, type GenerationFile } from './file.js';
import { planGenerationMoves, type GenerationMove } from './moves.js';
import { applicationOf } from './progress.js';

/**
 * The reconcile side of generations, run after the plan is applied: the controller learns the
 * open generation (`setGeneration`), then the target units move to it in target order through
 * the same health-gated executor as any rollout. Units that no longer track it return to their
 * application. Running it again moves nothing unless the file changed.
 */
export interface ApplyGenerationOptions {
  backend: ModelBackend;
  /** Where the model's lease and journal are. */
  runs: RunStore;
  model: string;
  repo: Repo;
  config: RepoConfig;
  events: EventSink;
  signal?: AbortSignal;
  runId?: string;
  /** Reuse a lease the caller holds; otherwise the model's lease is taken for the moves. */
  holdsLease?: boolean;
}

export interface GenerationApplyResult {
  runId: string;
  generation: string | null;
  outcome: RollResult['outcome'] | 'unchanged';
  units: UnitResult[];
  moved: number;
  failure?: RollResult['failure'];
}

export async function readGenerationFile(repo: Repo, model: string): Promise<GenerationFile | null> {
  const file = generationPath(model);
  if (!(await repo.exists(file))) return null;
  const { generation, diagnostics } = parseGeneration(await repo.readFile(file), file);
  if (!generation || hasErrors(diagnostics)) {
    throw new GitopsError('generation-invalid', `${file} is not a valid generation; no unit was moved to it`, {
      diagnostics,
      hint: 'fix the file (`juju-gitops generation status` shows the same problems), then reconcile again',
    });
  }
  return generation;
}

function sameGeneration(live: LiveModel, generation: GenerationFile | null): boolean {
  if (!generation) return live.generation === null;
  return live.generation?.name === generation.name && JSON.stringify(live.generation.applications) === JSON.stringify(generation.applications);
}

export async function applyGeneration(opts: ApplyGenerationOptions): Promise<GenerationApplyResult> {
  const { backend, model } = opts;
  const runId = opts.runId ?? newRunId();
  const generation = await readGenerationFile(opts.repo, model);
  const desired = await desiredBundle(opts, generation);
  let live = await backend.readModel(model);
  const result: GenerationApplyResult = { runId, generation: generation?.name ?? null, outcome: 'unchanged', units: [], moved: 0 };
  let moves = planGenerationMoves({ generation, desired, live });
  if (sameGeneration(live, generation) && moves.length === 0) return result;

  const lease = opts.holdsLease ? undefined : await acquireModelLease({ runs: opts.runs, backend, model, purpose: 'generation', signal: opts.signal });
  // Every write below is fenced by the lease: once another run takes it, the store refuses them.
  const writer = lease?.backend ?? backend;
  const runs = lease?.runs ?? opts.runs;
  try {
    if (generation) {
      await writer.setGeneration(model, { name: generation.name, applications: generation.applications });
      live = await backend.readModel(model);
      moves = planGenerationMoves({ generation, desired, live });
    }
    const signal = lease && opts.signal ? AbortSignal.any([opts.signal, lease.lost]) : lease?.lost ?? opts.signal;
    if (moves.length) await rollMoves({ ...opts, backend: writer, runs, runId, signal }, generation, moves, result);
    if (lease) await throwIfLost(lease);
    if (result.outcome !== 'unchanged') return result;
    if (!generation && live.generation) await writer.setGeneration(model, null);
    result.outcome = 'done';
    return result;
  } finally {
    await lease?.release().catch(() => undefined);
  }
}

async function desiredBundle(opts: ApplyGenerationOptions, generation: GenerationFile | null): Promise<Bundle> {
  const loaded = await loadDesiredBundle(opts.repo, opts.config, opts.model);
  if (hasErrors(loaded.diagnostics)) {
    throw new GitopsError('bundle-invalid', `the desired state of model ${opts.model} does not validate; no unit was moved`, { diagnostics: loaded.diagnostics });
  }
  for (const app of Object.keys(generation?.applications ?? {})) {
    if (!loaded.bundle.applications[app]) {
      throw new GitopsError('generation-unknown-application', `generation ${generation!.name} stages changes to ${app}, which model ${opts.model} does not have`, {
        hint: `remove ${app} from ${generationPath(opts.model)}: a generation changes existing applications only`,
      });
    }
  }
  return loaded.bundle;
}

/**
 * Rolls the moves, one application's consecutive targets at a time under that application's
 * policy, as a run of its own in the journal (so history lists it and a crash is seen as one).
 * Leaves `result.outcome` unchanged when every move went through.
 */
async function rollMoves(
  opts: ApplyGenerationOptions & { runId: string },
  generation: GenerationFile | null,
  moves: readonly GenerationMove[],
  result: GenerationApplyResult,
): Promise<void> {
  const { backend, runs, model, runId } = opts;
  const emit = (event: DistributiveOmit<RolloutEvent, 'at' | 'runId'>) => opts.events({ ...event, at: new Date().toISOString(), runId } as RolloutEvent);
  const groups = consecutiveByApplication(moves);
  const begun = Date.now();
  const secrets = [...(opts.config.models[model]?.secrets ?? []), ...secretOptionNames(await backend.readModel(model))];
  const commit = await opts.repo.headCommit();
  await runs.appendJournal(model, [{ runId, kind: 'run-start', data: { purpose: 'generation', generation: generation?.name ?? null, commit, host: hostname(), pid: process.pid } }]);
  emit({ type: 'run-start', model, commit, changes: groups.length });
  for (const group of groups) {
    const units = group.moves.map((m) => m.unit);
    const changeId = `generation-${generation?.name ?? 'close'}-${group.application}`;
    const description = generation && group.moves[0].target.generation
      ? `move ${units.join(', ')} to generation ${generation.name}`
      : `return ${units.join(', ')} to application ${group.application}`;
    emit({ type: 'change-start', changeId, description, classification: 'restart', units });
    const rolled = await rollUnits({
      backend, runs, model, moves: group.moves, runId, changeId, events: opts.events, signal: opts.signal,
      // The targets' order is the operator's; and the generation is already the canary.
      policy: { ...resolvePolicy(opts.config.models[model], group.application), order: units, canary: 0 },
      secrets,
    });
    result.units.push(...rolled.units);
    result.moved += rolled.moved;
    if (rolled.outcome !== 'done') {
      result.outcome = rolled.outcome;
      result.failure = rolled.failure;
      emit({ type: 'change-failed', changeId, message: rolled.failure ? `unit ${rolled.failure.unit} failed its ${rolled.failure.check} check` : 'interrupted' });
      break;
    }
    emit({ type: 'change-done', changeId });
  }
  const outcome = result.outcome === 'unchanged' ? 'done' : result.outcome;
  const durationMs = Date.now() - begun;
  const end = { outcome, durationMs, unitsMoved: result.moved, ...(result.failure ? { failure: result.failure } : {}) };
  await runs.appendJournal(model, [{ runId, kind: 'run-end', data: end }]);
  emit({ type: 'run-end', model, ...end });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Runs of consecutive moves of one application, so each rolls under its application's policy. */
function consecutiveByApplication(moves: readonly GenerationMove[]): { application: string; moves: GenerationMove[] }[] {
  const groups: { application: string; moves: GenerationMove[] }[] = [];
  for (const move of moves) {
    const application = applicationOf(move.unit);
    const last = groups[groups.length - 1];
    if (last?.application === application) last.moves.push(move);
    else groups.push({ application, moves: [move] });
  }
  return groups;
}

/**
 * Called by `apply` once a model's plan has run: the generation's units move only when the
 * plan went through (not after a failure or while a canary waits for promotion).
 */
export async function applyGenerationAfterPlan(
  planOutcome: string | undefined,
  opts: ApplyGenerationOptions,
): Promise<GenerationApplyResult | undefined> {
  if (planOutcome !== 'done' && planOutcome !== 'unchanged') return undefined;
  return applyGeneration(opts);
}

/** One line for the apply report. */
export function describeGenerationRun(result: GenerationApplyResult | undefined): string {
  if (!result || result.outcome === 'unchanged') return '';
  const moved = result.units.filter((u) => u.status === 'done').map((u) => u.unit);
  const what = result.generation ? `generation ${result.generation}` : 'closed generation';
  if (result.outcome === 'failed') return `${what}: stopped, unit ${result.failure?.unit} failed its ${result.failure?.check} check\n`;
  if (result.outcome === 'aborted') return `${what}: interrupted; the next reconcile continues it\n`;
  const verb = result.generation ? 'moved to it' : 'returned to their applications';
  return `${what}: ${moved.length ? `${moved.join(', ')} ${verb}` : 'recorded on the controller, no unit needed to move'}\n`;
}
