import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ModelBackend } from '../../backends/backend.js';
import { controllerCapabilities, openBackend } from '../../backends/open.js';
import type { BackendCapabilities } from '../../model/capabilities.js';
import type { LoadedBundle } from '../../bundle/index.js';
import type { Plan } from '../../model/change.js';
import type { RepoConfig } from '../../model/config.js';
import { hasErrors } from '../../model/diagnostic.js';
import { diskFullError, ExitCode, GitopsError } from '../../model/errors.js';
import type { LiveModel } from '../../model/live.js';
import { buildPlan, isEmptyPlan, liveModelFromBundle, planFormats, renderPlans, sealPlan, secretOptionNames, type PlanFormat } from '../../plan/index.js';
import { loadDesiredBundle, loadRepoConfig, modelFromJujuEnv, openRepo, repositoryIdentity, type Repo } from '../../repo/index.js';
import { refuseForeignOwner } from '../../reconcile/ownership.js';
import type { ModelOwner } from '../../model/owner.js';
import { describePendingGeneration, pendingGenerationMoves, type PendingGeneration } from '../../generations/index.js';
import type { OffersRecord } from '../../offers/index.js';
import { planDigestKey } from '../digest-key.js';
import { formatDiagnostics } from '../views/diagnostics.js';
import { openModelRuns } from '../model-backend.js';
import { readRecentJournal } from '../../apply/read-journal.js';
import { markUnitsOffBuild, unitsOffBuild } from '../../apply/units-off-build.js';
import type { CliContext, SetExit } from '../context.js';

/**
 * `juju-gitops plan`: the repository's desired models against the live ones, as ordered,
 * classified changes; `-o` saves the plan for `apply --plan`. The helpers here are shared with
 * `diff`: reading bundles (refusing invalid ones), reading live models, and printing plans.
 */
interface PlanFlags {
  model?: string;
  output?: string;
  prune?: boolean;
  format: string;
  exitCode?: boolean;
  controllerDir?: string;
  adopt?: boolean;
}

export function registerPlan(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('plan')
    .description('show the ordered changes that would bring the live models to the repository; -o saves them for apply --plan')
    .option('--model <name>', 'only this model (default: every model of juju-gitops.yaml)')
    .option('-o, --output <file>', 'save the plan as JSON (one model), to apply exactly later')
    .option('--prune', 'also plan removals of what the bundle no longer has (default: the model\'s prune setting)')
    .option('--format <format>', `output format: ${planFormats.join(', ')}`, 'text')
    .option('--exit-code', 'exit 1 when there are changes, 0 when there are none')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .option('--adopt', 'plan a model another repository manages (apply --adopt takes it over)')
    .action(async (flags: PlanFlags) => setExit(await runPlan(ctx, flags)));
}

export function parseFormat(format: string): PlanFormat {
  if (!planFormats.includes(format as PlanFormat)) {
    throw new GitopsError('usage', `--format ${format}: expected one of ${planFormats.join(', ')}`);
  }
  return format as PlanFormat;
}

/** The composed bundle, or an error listing every diagnostic; warnings go to stderr. */
export function validBundle(ctx: CliContext, loaded: LoadedBundle, what: string): LoadedBundle['bundle'] {
  if (hasErrors(loaded.diagnostics)) {
    throw new GitopsError('bundle-invalid', `${what} is not valid`, { diagnostics: loaded.diagnostics, hint: 'run `juju-gitops validate` for details' });
  }
  if (loaded.diagnostics.length) ctx.err(formatDiagnostics(loaded.diagnostics));
  return loaded.bundle;
}

/** Whether any application of the model moves its units by charm actions after one application-level change. */
function stagesByActions(capabilities: BackendCapabilities, model: string): boolean {
  const staging = capabilities.unitStaging.models[model];
  return [staging?.default, ...Object.values(staging?.applications ?? {})].some((s) => s?.kind === 'action');
}

/** Opens each controller once and closes them all when done. */
export class Backends {
  private readonly open = new Map<string, Promise<ModelBackend>>();
  constructor(private readonly ctx: CliContext, private readonly config: RepoConfig | undefined, private readonly controllerDir?: string) {}

  /**
   * The live model; a model the controller does not have yet is empty, so the plan creates
   * everything. A controller that is not running is not started (planning changes nothing): the
   * plan is then what the model would get from empty, and it says so.
   */
  async readModel(controller: string, model: string): Promise<LiveModel> {
    if (!this.open.has(controller)) {
      this.open.set(controller, openBackend({ ctx: this.ctx, controller: this.config?.controllers[controller], controllerName: controller, controllerDir: this.controllerDir }));
    }
    let backend: ModelBackend;
    try {
      backend = await this.open.get(controller)!;
    } catch (error) {
      if (!(error instanceof GitopsError && error.code === 'controller-not-running')) throw error;
      this.ctx.err(`note: ${error.message}: showing what model ${model} would get from empty (${error.hint})\n`);
      return liveModelFromBundle({ applications: {} }, { name: model, controller });
    }
    try {
      return await backend.readModel(model);
    } catch (error) {
      if (error instanceof GitopsError && error.code === 'model-not-found') return liveModelFromBundle({ applications: {} }, { name: model, controller });
      throw error;
    }
  }

  /**
   * Refuses (or with `warn`, says) when another repository manages the model. Nothing to check
   * when the controller is not running: the plan then shows what the model would get from empty.
   */
  async checkOwner(controller: string, model: string, owner: ModelOwner, opts: { adopt?: boolean; warn?: boolean }): Promise<void> {
    const backend = await this.open.get(controller)?.catch(() => undefined);
    if (!backend) return;
    try {
      await refuseForeignOwner({ backend, model, owner, adopt: opts.adopt });
    } catch (error) {
      if (!opts.warn || !(error instanceof GitopsError)) throw error;
      this.ctx.err(`note: ${error.message.replace(/; nothing was changed$/, '')}\n`);
    }
  }

  /**
   * Marks the units the model's journal says run other than their application (Juju shows a
   * unit as its application; see units-off-build.ts), as `apply` will; returns the notes on
   * canaries left waiting. Only for a controller whose charm actions stage units.
   */
  async markFromJournal(controller: string, model: string, live: LiveModel): Promise<string[]> {
    const backend = await this.open.get(controller)?.catch(() => undefined);
    if (!backend || !live.uuid || !stagesByActions(backend.capabilities, model)) return [];
    const store = openModelRuns(this.ctx, backend, this.config?.controllers[controller]);
    try {
      return markUnitsOffBuild(live, unitsOffBuild(await readRecentJournal(store, model)), { promote: false });
    } finally {
      await store.close();
    }
  }

  /** What the controller can do: its backend's word once opened, else what its config declares. */
  async capabilities(controller: string): Promise<BackendCapabilities> {
    const backend = await this.open.get(controller)?.catch(() => undefined);
    return backend?.capabilities ?? controllerCapabilities(this.config?.controllers[controller]);
  }

  async close(): Promise<void> {
    const backends = await Promise.allSettled(this.open.values());
    await Promise.all(backends.map((b) => (b.status === 'fulfilled' ? b.value.close() : undefined)));
  }
}

export interface ModelPlans {
  plans: Plan[];
  secrets: string[];
  /** Unit moves of each model's generation that the next reconcile makes after its plan. */
  generations?: PendingGeneration[];
  /** The offers records read for the plans (the pull-request view), to say who a changed offer affects. */
  offerRecords?: OffersRecord[];
  /** The repository planned from, when there is one. */
  repo?: Repo;
}

/** Whether anything would change: the plans, or a generation's unit moves. */
export function anyChanges(result: ModelPlans, planChanges: (plan: Plan) => boolean): boolean {
  return result.plans.some(planChanges) || (result.generations ?? []).some((g) => g.moves.length > 0);
}

/** Every selected model of the repository planned against its live model. */
export async function planRepository(
  ctx: CliContext,
  opts: { model?: string; prune?: boolean; controllerDir?: string; machineMap?: Record<string, string>; adopt?: boolean; /** Say, not refuse, when another repository manages a model. */ warnForeignOwner?: boolean },
): Promise<ModelPlans> {
  const repo = await openRepo({ cwd: ctx.cwd });
  const config = await loadRepoConfig(repo);
  const only = opts.model ?? modelFromJujuEnv(config, ctx.env);
  const models = only ? [only] : Object.keys(config.models);
  const sourceCommit = await repo.headCommit();
  const owner = await repositoryIdentity(repo.root);
  const backends = new Backends(ctx, config, opts.controllerDir);
  const result: ModelPlans = { plans: [], secrets: [], generations: [], repo };
  try {
    for (const model of models) {
      const loaded = await loadDesiredBundle(repo, config, model);
      const desired = validBundle(ctx, loaded, `the bundle of model ${model}`);
      const spec = config.models[model];
      const live = await backends.readModel(spec.controller, model);
      await backends.checkOwner(spec.controller, model, owner, { adopt: opts.adopt, warn: opts.warnForeignOwner });
      const capabilities = await backends.capabilities(spec.controller);
      const waiting = await backends.markFromJournal(spec.controller, model, live);
      const plan = buildPlan({ desired, live, model, controller: spec.controller, prune: opts.prune || spec.prune, sourceCommit, now: new Date(), dialect: spec.dialect, machineMap: opts.machineMap, capabilities, rollout: spec });
      result.plans.push(waiting.length ? { ...plan, notes: [...(plan.notes ?? []), ...waiting] } : plan);
      result.secrets.push(...spec.secrets, ...secretOptionNames(live), ...(loaded.secretOptions ?? []));
      result.generations!.push(await pendingGenerationMoves({ repo, model, desired, live }));
    }
  } finally {
    await backends.close();
  }
  return result;
}

export function printPlans(ctx: CliContext, result: ModelPlans, format: PlanFormat, opts: { annotations?: boolean } = {}): void {
  ctx.out(renderPlans(result.plans, { format, color: format === 'text' && Boolean(ctx.color), secrets: result.secrets, annotations: opts.annotations }));
  // For people; machine formats stay the plan's own shape, and --exit-code counts the moves.
  if (format === 'text' || format === 'markdown') ctx.out((result.generations ?? []).map(describePendingGeneration).join(''));
}

async function runPlan(ctx: CliContext, flags: PlanFlags): Promise<number> {
  const format = parseFormat(flags.format);
  const result = await planRepository(ctx, { model: flags.model, prune: flags.prune, controllerDir: flags.controllerDir, adopt: flags.adopt });
  if (flags.output) {
    if (result.plans.length !== 1) {
      throw new GitopsError('usage', `-o saves the plan of one model; this repository has ${result.plans.length}`, { hint: 'add --model NAME' });
    }
    // Secret values are sealed (kept as digests): `apply --plan` takes them from the repository
    // and refuses the plan if they are not the ones it was made with.
    const file = resolve(ctx.cwd, flags.output);
    const sealed = sealPlan(result.plans[0], result.secrets, await planDigestKey(ctx, result.repo!));
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(sealed, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      const full = diskFullError(error, file);
      if (full) throw full;
      throw new GitopsError('plan-write-failed', `cannot save the plan to ${flags.output}: ${(error as Error).message}`, {
        hint: 'give a path in a folder that exists and that you can write to',
      });
    }
    ctx.err(`Saved the plan of model ${result.plans[0].model} to ${flags.output}\n`);
  }
  printPlans(ctx, result, format);
  const changed = anyChanges(result, (plan) => !isEmptyPlan(plan));
  return flags.exitCode && changed ? ExitCode.changes : ExitCode.ok;
}
