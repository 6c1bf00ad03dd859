import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext, SetExit } from '../context.js';
import { reconcileModel } from '../../reconcile/reconcile-model.js';
import { planSchedules } from '../../apply/schedule.js';
import type { RunPurpose } from '../../apply/runs.js';
import { openBackend } from '../../backends/open.js';
import { openModelRuns } from '../model-backend.js';
import type { Plan } from '../../model/change.js';
import type { LiveModel } from '../../model/live.js';
import type { RepoConfig, RolloutPolicy } from '../../model/config.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { renderPlan, secretOptionNames, unsealPlan } from '../../plan/index.js';
import { schemaValidator } from '../../bundle/schemas.js';
import { loadDesiredBundle, loadRepoConfig, modelFromJujuEnv, openRepo, parseDuration, type Repo } from '../../repo/index.js';
import { renderApplyReport } from '../views/rollout-report.js';
import { applyGenerationAfterPlan, describeGenerationRun, describePendingGeneration, pendingGenerationMoves, readGenerationFile } from '../../generations/index.js';
import { parseEventFormat, renderSchedules, rolloutView } from '../views/rollout-view.js';
import { orderRepoModels, recordAfterReconcile, requireConsumedOffers } from '../../offers/index.js';
import { planDigestKey } from '../digest-key.js';

export interface ApplyFlags {
  model?: string;
  plan?: string;
  yes?: boolean;
  dryRun?: boolean;
  prune?: boolean;
  wait?: string | boolean;
  events?: string;
  controllerDir?: string;
  /** Commit the offers records the run writes. */
  commit?: boolean;
  /** Remove offers even when consumers are related to them. */
  force?: boolean;
  /** Apply from a working tree whose tracked files differ from HEAD, even in CI. */
  allowDirty?: boolean;
  /** Take over a model another repository manages. */
  adopt?: boolean;
}

const defaultWaitMs = 10 * 60_000;

export function registerApply(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('apply')
    .alias('reconcile')
    .description('reconcile models with the repository: plan, then roll changes unit by unit behind health gates')
    .option('--model <name>', 'only this model (default: every model in juju-gitops.yaml)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .option('--plan <file>', 'apply exactly this saved plan; refused if the model changed since it was made')
    .option('--yes', 'confirm destructive changes (removals, scale-down)')
    .option('--allow-dirty', 'with CI=true, apply even though tracked files differ from HEAD (recorded as commit+dirty)')
    .option('--dry-run', 'show the plan and how each rollout would go, change nothing')
    .option('--prune', 'also remove what the repository no longer declares')
    .option('--wait [timeout]', 'wait for another reconcile of the model to finish (default 10m)')
    .option('--events <format>', 'print progress events as ndjson on stdout')
    .option('--commit', 'commit the offers records (offers/<model>.yaml) the run writes')
    .option('--force', 'remove or replace offers even when consumers are related to them (their relations go)')
    .option('--adopt', 'take over a model another repository manages (recorded on the controller, and said)')
    .action(async (flags: ApplyFlags) => setExit(await runApply(ctx, flags, 'apply')));
}

export function leaseTtlFrom(ctx: CliContext): number | undefined {
  const text = ctx.env.JUJU_GITOPS_LEASE_TTL;
  if (!text) return undefined;
  const ms = parseDuration(text);
  // A typo must not silently fall back to the default: the operator meant another TTL.
  if (ms === undefined || ms <= 0) {
    throw new GitopsError('usage', `JUJU_GITOPS_LEASE_TTL=${text}: not a duration`, { hint: 'for example JUJU_GITOPS_LEASE_TTL=30s, or unset it for the default 30s' });
  }
  return ms;
}

/**
 * In CI a reconcile must apply exactly a commit: a working tree whose tracked files differ from
 * HEAD (a build step that edited a bundle, say) is refused unless the job says it means it.
 */
async function refuseDirtyInCi(ctx: CliContext, repo: Repo, flags: ApplyFlags): Promise<void> {
  if (ctx.env.CI !== 'true' || flags.allowDirty || flags.dryRun || flags.plan) return;
  const source = await repo.source();
  if (!source.dirty) return;
  throw new GitopsError('repo-dirty', `tracked files in ${repo.root} differ from ${source.commit ? `commit ${source.commit.slice(0, 12)}` : 'the index'}; CI applies commits, not working trees`, {
    hint: 'commit the change (or `git stash`), or pass --allow-dirty to apply it recorded as commit+dirty',
  });
}

export function waitFrom(flag: string | boolean | undefined): number {
  if (flag === undefined || flag === false) return 0;
  if (flag === true) return defaultWaitMs;
  const ms = parseDuration(flag);
  if (ms === undefined) throw new GitopsError('usage', `--wait ${flag}: not a duration`, { hint: 'for example --wait 5m, --wait 30s' });
  return ms;
}

async function loadSavedPlan(ctx: CliContext, file: string): Promise<Plan> {
  const absolute = path.resolve(ctx.cwd, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new GitopsError('plan-unreadable', `cannot read plan ${file}: ${(error as Error).message}`);
  }
  let plan: Plan | null;
  try {
    plan = JSON.parse(text) as Plan | null;
  } catch (error) {
    throw new GitopsError('plan-invalid', `${file} is not JSON: ${(error as Error).message}`, { hint: 'save a plan with `juju-gitops plan --model M -o FILE`' });
  }
  const validate = schemaValidator('plan');
  if (!validate(plan)) {
    const diagnostics = (validate.errors ?? []).slice(0, 10).map((e) => ({
      code: 'plan-invalid', severity: 'error' as const, file, pointer: e.instancePath || '/', summary: `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
    }));
    throw new GitopsError('plan-invalid', `${file} is not a saved juju-gitops plan`, { diagnostics, hint: 'save one with `juju-gitops plan --model M -o FILE`' });
  }
  return { ...plan!, removals: plan!.removals ?? [] };
}

export function modelsToRun(config: RepoConfig, model: string | undefined): string[] {
  if (model) {
    if (!config.models[model]) {
      throw new GitopsError('model-unknown', `model ${model} is not in juju-gitops.yaml`, { hint: `known models: ${Object.keys(config.models).join(', ')}` });
    }
    return [model];
  }
  return Object.keys(config.models);
}

/** Shared by `apply` and `promote`: reconciles each model in turn and stops at the first that fails. */
export async function runApply(
  ctx: CliContext,
  flags: ApplyFlags,
  purpose: RunPurpose,
  opts: { policyOverride?: Partial<RolloutPolicy>; models?: string[]; repo?: Repo; config?: RepoConfig } = {},
): Promise<number> {
  const view = rolloutView(ctx, parseEventFormat(flags.events));
  const repo = opts.repo ?? (await openRepo({ cwd: ctx.cwd }));
  const config = opts.config ?? (await loadRepoConfig(repo));
  if (flags.plan && flags.prune) {
    throw new GitopsError('usage', '--prune cannot change a saved plan; it is applied exactly as it was reviewed', {
      hint: 'save a plan with removals: juju-gitops plan --model M --prune -o FILE',
    });
  }
  const sealedPlan = flags.plan ? await loadSavedPlan(ctx, flags.plan) : undefined;
  // A saved plan carries digests of secret values; the values come from the repository.
  const savedPlan = sealedPlan && config.models[sealedPlan.model]
    ? unsealPlan(sealedPlan, (await loadDesiredBundle(repo, config, sealedPlan.model)).bundle, await planDigestKey(ctx, repo))
    : sealedPlan;
  // Without --model, offering models go before the models consuming their offers.
  // As a Juju plugin (`juju gitops apply -m prod:web`), Juju names the model in JUJU_MODEL.
  const model = flags.model ?? modelFromJujuEnv(config, ctx.env);
  const models = opts.models ?? (savedPlan ? [model ?? savedPlan.model]
    : model ? modelsToRun(config, model) : await orderRepoModels(repo, config, modelsToRun(config, undefined)));
  const waitMs = waitFrom(flags.wait);
  await refuseDirtyInCi(ctx, repo, flags);
  const digestKey = await planDigestKey(ctx, repo);
  let exit: number = ExitCode.ok;
  for (const model of models) {
    const modelConfig = config.models[model];
    if (!modelConfig) throw new GitopsError('model-unknown', `model ${model} is not in juju-gitops.yaml`);
    // A broken generation file stops the run before the plan changes anything, not after.
    await readGenerationFile(repo, model);
    const backend = await openBackend({ ctx, controller: config.controllers[modelConfig.controller], controllerName: modelConfig.controller, controllerDir: flags.controllerDir, start: !flags.dryRun });
    const runs = openModelRuns(ctx, backend, config.controllers[modelConfig.controller]);
    let planned: { plan: Plan; live: LiveModel } | undefined;
    // Options the bundle's local charms declare secret, for charms the live model does not run yet.
    const charmSecrets = (await loadDesiredBundle(repo, config, model)).secretOptions ?? [];
    try {
      if (!savedPlan && !flags.dryRun) await requireConsumedOffers({ repo, config, model, backend, waitMs, signal: ctx.signal });
      const outcome = await reconcileModel({
        backend, runs, repo, config, model, purpose, events: view.events, prune: flags.prune, yes: flags.yes, force: flags.force, dryRun: flags.dryRun,
        savedPlan, digestKey, waitMs, leaseTtlMs: leaseTtlFrom(ctx), policyOverride: opts.policyOverride, signal: ctx.signal, env: ctx.env, adopt: flags.adopt,
        onPlan: (plan, live) => {
          planned = { plan, live };
          view.say(renderPlan(plan, { format: 'text', color: Boolean(ctx.color), secrets: [...modelConfig.secrets, ...secretOptionNames(live), ...charmSecrets] }));
          if (flags.dryRun) view.say(renderSchedules(planSchedules(plan, live, modelConfig)));
        },
      });
      if (flags.dryRun && planned) {
        // The generation's unit moves follow the plan; a dry run says which units they are.
        const desired = (await loadDesiredBundle(repo, config, model)).bundle;
        view.say(describePendingGeneration(await pendingGenerationMoves({ repo, model, desired, live: planned.live })));
      }
      const generation = await applyGenerationAfterPlan(outcome.result?.outcome, { backend, runs, model, repo, config, events: view.events, signal: ctx.signal });
      view.stop();
      if (!outcome.result) continue;
      // When only the generation's units moved, "nothing to do" would contradict the next line.
      const onlyGeneration = outcome.result.outcome === 'unchanged' && generation !== undefined && generation.outcome !== 'unchanged';
      view.say((onlyGeneration ? '' : renderApplyReport(outcome.result)) + describeGenerationRun(generation));
      for (const recorded of await recordAfterReconcile({ repo, config, model, backend, commit: flags.commit })) {
        view.say(`recorded ${recorded.path}${recorded.commit ? ` (commit ${recorded.commit.slice(0, 7)})` : ''}\n`);
      }
      if (generation?.outcome === 'failed') exit = ExitCode.failed;
      if (outcome.result.outcome === 'failed') exit = ExitCode.failed;
      if (outcome.result.outcome === 'aborted') exit = 130;
      // The work may be done, but its record is not: a pipeline must not take that as success.
      if (exit === ExitCode.ok && outcome.result.journalError) exit = ExitCode.error;
    } finally {
      view.stop();
      await runs.close();
      await backend.close();
    }
    if (exit !== ExitCode.ok) break;
  }
  return exit;
}
