import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadBundleFiles } from '../../bundle/index.js';
import type { Bundle } from '../../model/bundle.js';
import type { RepoConfig } from '../../model/config.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import type { Plan } from '../../model/change.js';
import { buildPlan, diffBundleView, hasUnitDrift, isEmptyDiff, liveModelFromBundle, planFormats, secretOptionNames, type ModelDiff } from '../../plan/index.js';
import { controllerCapabilities } from '../../backends/open.js';
import { parseMachineMap } from '../machine-map.js';
import { findRepoRoot, loadDesiredBundle, loadRepoConfig, openRepo, type Repo } from '../../repo/index.js';
import { renderRevisionGenerations } from '../../generations/index.js';
import { checkRepoOffers, readOfferRecords, renderOfferImpact, withRecordedConsumers } from '../../offers/index.js';
import { formatDiagnostics } from '../views/diagnostics.js';
import type { CliContext, SetExit } from '../context.js';
import { anyChanges, Backends, parseFormat, planRepository, printPlans, validBundle, type ModelPlans } from './plan.js';

/**
 * `juju-gitops diff`: what differs, three ways — the repository against the live models, bundle
 * files against one live model (as `juju diff-bundle` takes them), or two git revisions against
 * each other with no controller at all (the pull-request view).
 */
interface DiffFlags {
  model?: string;
  overlay: string[];
  base?: string;
  head?: string;
  format: string;
  exitCode?: boolean;
  controllerDir?: string;
  annotations?: boolean;
  mapMachines?: string;
}

export function registerDiff(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('diff')
    .description('show what differs between the repository (or bundle files, or another revision) and the live models')
    .argument('[bundle]', 'a bundle file to compare with the live model named by --model')
    .option('--overlay <file>', 'an overlay applied onto the bundle file (repeatable, in order)', (v: string, all: string[]) => [...all, v], [])
    .option('--model <name>', 'only this model (required with a bundle file)')
    .option('--base <ref>', 'compare two git revisions: the one deployed…')
    .option('--head <ref>', '…and the one proposed (no controller needed)')
    .option('--format <format>', `output format: ${planFormats.join(', ')}`, 'text')
    .option('--exit-code', 'exit 1 when there are differences, 0 when there are none')
    .option('--annotations', 'yaml: also compare annotations, as juju diff-bundle --annotations')
    .option('--map-machines <map>', 'which model machine each bundle machine is: existing, or bundle-id=machine-id pairs (e.g. 0=4,1=7)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (bundle: string | undefined, flags: DiffFlags) => setExit(await runDiff(ctx, bundle, flags)));
}

async function runDiff(ctx: CliContext, bundle: string | undefined, flags: DiffFlags): Promise<number> {
  const format = parseFormat(flags.format);
  const machineMap = flags.mapMachines === undefined ? undefined : parseMachineMap(flags.mapMachines);
  let result: ModelPlans;
  if (flags.base || flags.head) {
    if (!flags.base || !flags.head) throw new GitopsError('usage', '--base and --head go together', { hint: 'e.g. juju-gitops diff --base origin/main --head HEAD' });
    if (bundle) throw new GitopsError('usage', 'a bundle file cannot be combined with --base/--head');
    if (machineMap) throw new GitopsError('usage', '--map-machines maps bundle machines onto a live model; --base/--head compares two revisions');
    result = await diffRevisionsOfRepo(ctx, flags.base, flags.head, flags.model);
  } else if (bundle) {
    if (!flags.model) throw new GitopsError('usage', 'a bundle file is compared with one live model', { hint: `juju-gitops diff ${bundle} --model NAME` });
    result = await diffFiles(ctx, bundle, flags, machineMap);
  } else {
    if (flags.overlay.length) throw new GitopsError('usage', '--overlay needs a bundle file', { hint: 'juju-gitops diff BUNDLE --overlay FILE --model NAME' });
    result = await planRepository(ctx, { model: flags.model, controllerDir: flags.controllerDir, machineMap, warnForeignOwner: true });
  }
  printPlans(ctx, result, format, { annotations: flags.annotations });
  if (format === 'markdown' && result.offerRecords) {
    ctx.out(renderOfferImpact(result.plans, result.offerRecords));
    ctx.out(await offerChecksMarkdown(ctx, flags.head!, flags.model));
  }
  let generationsDiffer = false;
  if (flags.base && flags.head) {
    const generations = await renderRevisionGenerations({ cwd: ctx.cwd, base: flags.base, head: flags.head, model: flags.model, format });
    ctx.out(generations.text);
    generationsDiffer = generations.changed;
  }
  // The YAML view is Juju's: what it leaves out (annotations without --annotations) is no difference there.
  // Units off their application's build or in error are drift in every format, as generation moves are.
  const shown = (plan: Plan) => (format === 'yaml' ? diffBundleView((plan.diff ?? {}) as ModelDiff, { annotations: flags.annotations }) : plan.diff ?? {});
  const differs = generationsDiffer || anyChanges(result, (plan) => !isEmptyDiff(shown(plan) as ModelDiff) || hasUnitDrift(plan));
  return flags.exitCode && differs ? ExitCode.changes : ExitCode.ok;
}

/** Bundle files against one live model; the repository, when there is one, says where the model lives. */
async function diffFiles(ctx: CliContext, bundle: string, flags: DiffFlags, machineMap?: Record<string, string>): Promise<ModelPlans> {
  const model = flags.model!;
  const root = findRepoRoot(ctx.cwd);
  let config: RepoConfig | undefined;
  if (root) config = await loadRepoConfig(await openRepo({ cwd: root }));
  const files = [bundle, ...flags.overlay].map((f) => resolve(ctx.cwd, f));
  const loaded = await loadBundleFiles(files, { root: root ?? ctx.cwd, confine: false, dialect: config?.models[model]?.dialect });
  const desired = validBundle(ctx, loaded, bundle);
  const spec = config?.models[model];
  const controller = spec?.controller ?? 'local';
  const backends = new Backends(ctx, config, flags.controllerDir);
  try {
    const live = await backends.readModel(controller, model);
    const capabilities = await backends.capabilities(controller);
    const plan = buildPlan({ desired, live, model, controller, prune: spec?.prune ?? false, now: new Date(), dialect: spec?.dialect, machineMap, capabilities, rollout: spec });
    return { plans: [plan], secrets: [...(spec?.secrets ?? []), ...secretOptionNames(live), ...(loaded.secretOptions ?? [])] };
  } finally {
    await backends.close();
  }
}

/** A model's bundle at a revision, with its charms' secret options; a model the revision does not have yet has no applications. */
async function bundleAt(ctx: CliContext, repo: Repo, config: RepoConfig, model: string): Promise<{ bundle: Bundle; secretOptions: string[] }> {
  if (!config.models[model]) return { bundle: { applications: {} }, secretOptions: [] };
  const loaded = await loadDesiredBundle(repo, config, model);
  return { bundle: validBundle(ctx, loaded, `the bundle of model ${model} at ${repo.rev}`), secretOptions: loaded.secretOptions ?? [] };
}

async function diffRevisionsOfRepo(ctx: CliContext, base: string, head: string, only?: string): Promise<ModelPlans> {
  const [baseRepo, headRepo] = await Promise.all([openRepo({ cwd: ctx.cwd, rev: base }), openRepo({ cwd: ctx.cwd, rev: head })]);
  const [baseConfig, headConfig] = await Promise.all([loadRepoConfig(baseRepo), loadRepoConfig(headRepo)]);
  const models = only ? [only] : [...new Set([...Object.keys(headConfig.models), ...Object.keys(baseConfig.models)])];
  if (only && !headConfig.models[only] && !baseConfig.models[only]) {
    throw new GitopsError('model-unknown', `model ${only} is in neither ${base} nor ${head}`);
  }
  const sourceCommit = await headRepo.headCommit();
  const result: ModelPlans = { plans: [], secrets: [] };
  // Who consumes each offer, from the records: a change that breaks them is planned as such.
  const { records } = await readOfferRecords(headRepo, headConfig);
  result.offerRecords = records;
  for (const model of models) {
    const spec = headConfig.models[model] ?? baseConfig.models[model];
    const before = await bundleAt(ctx, baseRepo, baseConfig, model);
    const after = await bundleAt(ctx, headRepo, headConfig, model);
    const live = withRecordedConsumers(liveModelFromBundle(before.bundle, { name: model, controller: spec.controller }), records);
    // No controller is reached: what it can do comes from the head revision's config.
    const capabilities = controllerCapabilities(headConfig.controllers[spec.controller] ?? baseConfig.controllers[spec.controller]);
    result.plans.push(buildPlan({ desired: after.bundle, live, model, controller: spec.controller, prune: spec.prune, sourceCommit, now: new Date(), dialect: spec.dialect, capabilities, rollout: spec }));
    // A secret on either side stays masked: declared in either revision, or by either side's charms.
    result.secrets.push(...(baseConfig.models[model]?.secrets ?? []), ...(headConfig.models[model]?.secrets ?? []), ...before.secretOptions, ...after.secretOptions);
  }
  return result;
}

/** The pull-request view runs validate's offline offer checks on the proposed revision too. */
async function offerChecksMarkdown(ctx: CliContext, head: string, only?: string): Promise<string> {
  const repo = await openRepo({ cwd: ctx.cwd, rev: head });
  const config = await loadRepoConfig(repo);
  const models = only ? [only].filter((m) => config.models[m]) : Object.keys(config.models);
  const loaded = new Map(await Promise.all(models.map(async (m) => [m, await loadDesiredBundle(repo, config, m)] as const)));
  const { byModel, records } = await checkRepoOffers(repo, config, loaded);
  const findings = [...records, ...[...byModel.values()].flat()];
  if (!findings.length) return '';
  return `\n#### Offer checks\n\n\`\`\`\n${formatDiagnostics(findings).trimEnd()}\n\`\`\`\n`;
}
