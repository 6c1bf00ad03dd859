import type { LoadedBundle } from '../bundle/types.js';
import type { RepoConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Repo } from '../repo/index.js';
import { checkSaasOffers } from './check-saas.js';
import { knownOffers } from './known-offers.js';
import { readOfferRecords } from './records-io.js';
import { loadRepoModels } from './repo-models.js';

/**
 * The offline offer checks of `validate`: the records and every model's bundle read from the
 * repository (or a revision), then each given model's saas entries checked against them.
 * Returns the findings per model, and those about the records themselves under `records`.
 */
export async function checkRepoOffers(
  repo: Repo,
  config: RepoConfig,
  loaded: ReadonlyMap<string, LoadedBundle>,
): Promise<{ byModel: Map<string, Diagnostic[]>; records: Diagnostic[] }> {
  const { records, diagnostics } = await readOfferRecords(repo, config);
  const models = await loadRepoModels(repo, config, loaded);
  const known = knownOffers(records, models);
  const byModel = new Map<string, Diagnostic[]>();
  for (const model of models) {
    if (!loaded.has(model.model)) continue;
    byModel.set(model.model, checkSaasOffers({ ...model, locate: (p) => model.loaded.locate(p) }, known));
  }
  return { byModel, records: diagnostics };
}
