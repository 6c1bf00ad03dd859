import type { ModelBackend } from '../backends/backend.js';
import type { Bundle } from '../model/bundle.js';
import type { Plan } from '../model/change.js';
import type { RepoConfig } from '../model/config.js';
import { hasErrors } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel } from '../model/live.js';
import { buildPlan, digestDesired, type DigestKey } from '../plan/index.js';
import { loadDesiredBundle, type Repo } from '../repo/index.js';
import { commandsOnUnits } from '../apply/policy.js';

/**
 * The live model, or an empty one when the model does not exist yet, so a first reconcile
 * plans a full deploy (an empty `uuid` tells the executor to create the model first).
 */
export async function readLiveOrEmpty(backend: ModelBackend, model: string, config: RepoConfig): Promise<LiveModel> {
  try {
    return await backend.readModel(model);
  } catch (error) {
    if (!isModelNotFound(error)) throw error;
    const controller = config.models[model]?.controller ?? backend.controllerName;
    return { name: model, uuid: '', type: 'iaas', controller, applications: {}, machines: {}, relations: [], offers: {}, saas: {}, generation: null };
  }
}

function isModelNotFound(error: unknown): boolean {
  return error instanceof GitopsError && error.code === 'model-not-found';
}

/** The model type a bundle needs: `bundle: kubernetes` deploys to a caas model, anything else to machines. */
export function modelTypeOf(bundle: Bundle): 'iaas' | 'caas' {
  return bundle.bundle === 'kubernetes' ? 'caas' : 'iaas';
}

/** A Kubernetes bundle cannot go into a machine model, nor a machine bundle into a Kubernetes one. */
export function refuseModelTypeMismatch(bundle: Bundle, live: LiveModel): void {
  const wanted = modelTypeOf(bundle);
  if (!live.uuid || live.type === wanted) return;
  const kind = (type: string) => (type === 'caas' ? 'Kubernetes (caas)' : 'machine (iaas)');
  throw new GitopsError('model-type-mismatch', `model ${live.name} is a ${kind(live.type)} model, and this is a ${kind(wanted)} bundle; nothing was applied`, {
    hint: wanted === 'caas' ? 'deploy it into a model added with `juju-gitops add-model NAME --type caas`' : 'deploy it into a machine model, or add `bundle: kubernetes` if it is one',
  });
}

/** Creates the model unless it exists; another reconcile creating it first is fine. */
export async function ensureModel(backend: ModelBackend, model: string, type: 'iaas' | 'caas' = 'iaas'): Promise<void> {
  try {
    await backend.addModel(model, { type });
  } catch (error) {
    // Lost a race with another first reconcile: the model is there, which is all we need.
    if (!(await backend.readModel(model).then(() => true, () => false))) throw error;
  }
}

/**
 * A rollout policy that runs commands on units is refused, before anything is planned, on a
 * backend that cannot run them: running them here instead would check the wrong machine.
 */
export function refuseCommandsWithoutExec(backend: ModelBackend, config: RepoConfig, model: string): void {
  const modelConfig = config.models[model];
  if (!modelConfig || backend.capabilities.exec) return;
  const found = commandsOnUnits(modelConfig);
  if (!found.length) return;
  const where = found.map((f) => `models.${model}.${f.key} (\`${f.command}\`)`).join(', ');
  throw new GitopsError('exec-unsupported', `controller ${backend.controllerName} cannot run commands on units, and the rollout policy runs ${where} on the unit; nothing was applied`, {
    hint: 'add `runOn: reconciler` to run it on this machine instead, or use a health check of type status or http',
  });
}

/** Desired state from the repository (refusing it whole if any file has an error) planned against `live`. */
export async function computePlan(opts: {
  backend: ModelBackend;
  repo: Repo;
  config: RepoConfig;
  model: string;
  live: LiveModel;
  prune?: boolean;
  now?: Date;
  /** Key for the secrets in the desired-state digest; without one the plan carries no digest. */
  digestKey?: DigestKey;
}): Promise<Plan> {
  const loaded = await loadDesiredBundle(opts.repo, opts.config, opts.model);
  if (hasErrors(loaded.diagnostics)) {
    throw new GitopsError('bundle-invalid', `the desired state of model ${opts.model} does not validate; nothing was applied`, {
      diagnostics: loaded.diagnostics,
      hint: 'fix the files above, or run `juju-gitops validate` to see every problem',
    });
  }
  refuseModelTypeMismatch(loaded.bundle, opts.live);
  refuseCommandsWithoutExec(opts.backend, opts.config, opts.model);
  // What was read, honestly: the commit, whether tracked files differed from it, and a digest of
  // the desired state itself, so two runs "at one commit" from different trees differ in history.
  const source = await opts.repo.source();
  return buildPlan({
    desired: loaded.bundle,
    live: opts.live,
    model: opts.model,
    controller: opts.backend.controllerName,
    capabilities: opts.backend.capabilities,
    rollout: opts.config.models[opts.model],
    prune: opts.prune ?? opts.config.models[opts.model]?.prune ?? false,
    dialect: opts.config.models[opts.model]?.dialect,
    sourceCommit: source.commit,
    sourceDirty: source.dirty,
    ...(opts.digestKey ? { desiredDigest: digestDesired(loaded.bundle, opts.config.models[opts.model]?.secrets ?? [], opts.digestKey) } : {}),
    now: opts.now ?? new Date(),
  });
}
