import type { ModelBackend } from '../backends/backend.js';
import type { RepoConfig } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import { loadDesiredBundle, type Repo } from '../repo/index.js';
import { modelDependencies, orderModelsByOffers } from './order-models.js';
import { offersRecordPath } from './record.js';
import { recordOffers, type RecordOutcome } from './records-io.js';
import { parseOfferUrl } from '../bundle/offer-url.js';

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

/**
 * Before a consuming model is reconciled: every saas URL naming a model of the repository on
 * the same controller must name an offer that model publishes now, or the consume would fail
 * half-way through the plan. With `waitMs` it waits for the offer (another run may be applying
 * the offering model), asking again with a growing interval; otherwise it fails at once.
 */
export async function requireConsumedOffers(opts: {
  repo: Repo;
  config: RepoConfig;
  model: string;
  backend: ModelBackend;
  waitMs?: number;
  signal?: AbortSignal;
}): Promise<void> {
  const { config, backend } = opts;
  const controller = config.models[opts.model].controller;
  const wanted: { saas: string; url: string; model: string; offer: string }[] = [];
  for (const [saas, spec] of Object.entries((await loadDesiredBundle(opts.repo, config, opts.model)).bundle.saas ?? {})) {
    const parts = typeof spec?.url === 'string' ? parseOfferUrl(spec.url) : undefined;
    if (parts && config.models[parts.model] && (parts.controller ?? config.models[parts.model].controller) === controller && parts.model !== opts.model) {
      wanted.push({ saas, url: spec.url, model: parts.model, offer: parts.offer });
    }
  }
  const deadline = Date.now() + (opts.waitMs ?? 0);
  for (let pause = 250; ; pause = Math.min(pause * 2, 2000)) {
    const missing = await missingOffers(backend, wanted);
    if (!missing.length) return;
    if (Date.now() >= deadline || opts.signal?.aborted) {
      const first = missing[0];
      throw new GitopsError('offer-not-ready', `model ${opts.model} consumes ${missing.map((m) => m.url).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not offered yet`, {
        hint: `reconcile the offering model first (juju-gitops apply --model ${first.model}), run apply without --model to order models by their offers, or wait for it with --wait`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))));
  }
}

async function missingOffers(backend: ModelBackend, wanted: { url: string; model: string; offer: string }[]) {
  if (!wanted.length) return [];
  const existing = new Set((await backend.listModels()).map((m) => m.name));
  const missing = [];
  for (const w of wanted) {
    if (!existing.has(w.model) || !(await backend.readModel(w.model)).offers[w.offer]) missing.push(w);
  }
  return missing;
}
