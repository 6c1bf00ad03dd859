import type { ModelBackend } from '../backends/backend.js';
import { newRunId } from '../apply/apply-plan.js';
import { eventFactory, type EventSink } from '../apply/events.js';
import { acquireModelLease } from '../apply/lease.js';
import { resolvePolicy } from '../apply/policy.js';
import { rollUnits, type RollResult, type UnitResult } from '../apply/roll-units.js';
import type { RepoConfig } from '../model/config.js';
import { hasErrors } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel } from '../model/live.js';
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
  const loaded = await loadDesiredBundle(opts.repo, opts.config, model);
  if (hasErrors(loaded.diagnostics)) {
    throw new GitopsError('bundle-invalid', `the desired state of model ${model} does not validate; no unit was moved`, { diagnostics: loaded.diagnostics });
  }
  for (const app of Object.keys(generation?.applications ?? {})) {
    if (!loaded.bundle.applications[app]) {
      throw new GitopsError('generation-unknown-application', `generation ${generation!.name} stages changes to ${app}, which model ${model} does not have`, {
        hint: `remove ${app} from ${generationPath(model)}: a generation changes existing applications only`,
      });
    }
  }
  let live = await backend.readModel(model);
  const result: GenerationApplyResult = { runId, generation: generation?.name ?? null, outcome: 'unchanged', units: [], moved: 0 };
  let moves = planGenerationMoves({ generation, desired: loaded.bundle, live });
  if (sameGeneration(live, generation) && moves.length === 0) return result;

  const lease = opts.holdsLease ? undefined : await acquireModelLease({ backend, model, purpose: 'generation', signal: opts.signal });
  try {
    if (generation) {
      await backend.setGeneration(model, { name: generation.name, applications: generation.applications });
      live = await backend.readModel(model);
      moves = planGenerationMoves({ generation, desired: loaded.bundle, live });
    }
    const emit = eventFactory(runId, opts.events);
    const signal = lease && opts.signal ? AbortSignal.any([opts.signal, lease.lost]) : lease?.lost ?? opts.signal;
    for (const group of consecutiveByApplication(moves)) {
      const changeId = `generation-${generation?.name ?? 'close'}-${group.application}`;
      const description = generation && group.moves[0].target.generation
        ? `move ${group.moves.map((m) => m.unit).join(', ')} to generation ${generation.name}`
        : `return ${group.moves.map((m) => m.unit).join(', ')} to application ${group.application}`;
      emit({ type: 'change-start', changeId, description, classification: 'restart', units: group.moves.map((m) => m.unit) });
      const rolled = await rollUnits({
        backend, model, moves: group.moves, runId, changeId, events: opts.events, signal,
        // Target order is the order the operator chose; a canary is what the generation already is.
        policy: { ...resolvePolicy(opts.config.models[model], group.application), order: group.moves.map((m) => m.unit), canary: 0 },
        secrets: opts.config.models[model]?.secrets,
      });
      result.units.push(...rolled.units);
      result.moved += rolled.moved;
      if (rolled.outcome !== 'done') {
        result.outcome = rolled.outcome;
        result.failure = rolled.failure;
        emit({ type: 'change-failed', changeId, message: rolled.failure ? `unit ${rolled.failure.unit} failed its ${rolled.failure.check} check` : 'interrupted' });
        return result;
      }
      emit({ type: 'change-done', changeId });
    }
    if (!generation && live.generation) await backend.setGeneration(model, null);
    result.outcome = 'done';
    return result;
  } finally {
    await lease?.release().catch(() => undefined);
  }
}

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
