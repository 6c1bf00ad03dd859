import { join, relative } from 'node:path';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { insideRoot } from '../bundle/includes.js';
import type { LoadedBundle } from '../bundle/types.js';
import type { RepoConfig } from '../model/config.js';
import { loadDesiredBundle, type Repo } from '../repo/index.js';
import type { RepoModel } from './known-offers.js';
import type { OfferEndpointRecord } from './record.js';

export interface LoadedRepoModel extends RepoModel {
  loaded: LoadedBundle;
}

/**
 * Every model of the repository composed, with the endpoints (interface and role) of each
 * application whose charm is a folder the repository can read. `loaded` reuses bundles a
 * caller has composed already.
 */
export async function loadRepoModels(repo: Repo, config: RepoConfig, loaded: ReadonlyMap<string, LoadedBundle> = new Map()): Promise<LoadedRepoModel[]> {
  const out: LoadedRepoModel[] = [];
  for (const [model, spec] of Object.entries(config.models)) {
    const bundle = loaded.get(model) ?? (await loadDesiredBundle(repo, config, model));
    const charmEndpoints: RepoModel['charmEndpoints'] = {};
    for (const [app, appSpec] of Object.entries(bundle.bundle.applications)) {
      const charm = typeof appSpec?.charm === 'string' ? appSpec.charm : '';
      if (!charm.startsWith('/')) continue;
      const endpoints = await readCharmEndpoints(repo, charm);
      if (endpoints) charmEndpoints[app] = endpoints;
    }
    out.push({ model, controller: spec.controller, bundle: bundle.bundle, charmEndpoints, loaded: bundle });
  }
  return out;
}

const sections = [['provides', 'provider'], ['requires', 'requirer'], ['peers', 'peer']] as const;

/** Endpoints from a charm folder's metadata.yaml; undefined when it cannot be read here. */
async function readCharmEndpoints(repo: Repo, charmDir: string): Promise<Record<string, OfferEndpointRecord> | undefined> {
  const file = join(charmDir, 'metadata.yaml');
  try {
    const text = insideRoot(repo.root, file) ? await repo.readFile(relative(repo.root, file)) : await readFile(file, 'utf8');
    const metadata = parse(text) as Record<string, Record<string, { interface?: unknown }> | undefined> | null;
    const out: Record<string, OfferEndpointRecord> = {};
    for (const [section, role] of sections) {
      for (const [name, spec] of Object.entries(metadata?.[section] ?? {})) {
        out[name] = { ...(typeof spec?.interface === 'string' ? { interface: spec.interface } : {}), role };
      }
    }
    return out;
  } catch {
    return undefined;
  }
}
