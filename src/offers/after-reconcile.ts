import type { ModelBackend } from '../backends/backend.js';
import type { RepoConfig } from '../model/config.js';
import { loadDesiredBundle, type Repo } from '../repo/index.js';
import { modelDependencies, orderModelsByOffers } from './order-models.js';
import { offersRecordPath } from './record.js';
import { recordOffers, type RecordOutcome } from './records-io.js';
import { parseOfferUrl } from './url.js';

/**
 * The models in the order `apply` reconciles them: offering models before their consumers
 * (from the saas URLs of the repository's bundles), otherwise as juju-gitops.yaml lists them.
 */
export async function orderRepoModels(repo: Repo, config: RepoConfig, models: string[]): Promise<string[]> {
  const composed = [];
  for (const model of Object.keys(config.models)) {
    composed.push({ model, controller: config.models[model].controller, bundle: (await loadDesiredBundle(repo, config, model)).bundle });
  }
  const ordered = orderModelsByOffers(Object.keys(config.models), modelDependencies(composed));
  return ordered.filter((m) => models.includes(m));
}

/**
 * After a reconcile of `model`: rewrite its offers record and the records of the models whose
 * offers it consumes on the same controller (their consumers may have changed). Models with no
 * offers and no record are left without one; unchanged records are not rewritten.
 */
export async function recordAfterReconcile(opts: {
  repo: Repo;
  config: RepoConfig;
  model: string;
  backend: ModelBackend;
  commit?: boolean;
}): Promise<RecordOutcome[]> {
  const { repo, config, backend } = opts;
  if (repo.rev) return [];
  const live = await backend.readModel(opts.model);
  const names = new Set([opts.model]);
  for (const saas of Object.values(live.saas)) {
    const parts = parseOfferUrl(saas.url);
    const provider = parts && config.models[parts.model];
    if (provider && (parts.controller ?? provider.controller) === config.models[opts.model].controller) names.add(parts.model);
  }
  const existing = new Set((await backend.listModels()).map((m) => m.name));
  const out: RecordOutcome[] = [];
  for (const name of names) {
    if (!existing.has(name)) continue;
    const current = name === opts.model ? live : await backend.readModel(name);
    if (!Object.keys(current.offers).length && !(await repo.exists(offersRecordPath(name)))) continue;
    const commit = opts.commit || config.models[name]?.records === 'commit';
    const outcome = await recordOffers(repo, current, { commit });
    if (outcome.changed) out.push(outcome);
  }
  return out;
}
