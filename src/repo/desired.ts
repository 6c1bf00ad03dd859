import { relative } from 'node:path';
import { loadBundleFiles } from '../bundle/load.js';
import type { LoadedBundle } from '../bundle/types.js';
import type { RepoConfig } from '../model/config.js';
import { GitopsError } from '../model/errors.js';
import { closestMatch } from '../bundle/suggest.js';
import type { Repo } from './open.js';

/**
 * The model's desired bundle: its base bundle and overlays composed, read through the repo
 * (so a git revision works the same as the working tree), includes and local charms
 * confined to the repo.
 */
export async function loadDesiredBundle(repo: Repo, config: RepoConfig, model: string): Promise<LoadedBundle> {
  const spec = config.models[model];
  if (!spec) {
    const guess = closestMatch(model, Object.keys(config.models));
    throw new GitopsError('model-unknown', `model ${model} is not in juju-gitops.yaml`, {
      hint: guess ? `did you mean \`${guess}\`?` : `models: ${Object.keys(config.models).join(', ') || '(none)'}`,
    });
  }
  const rel = (abs: string) => relative(repo.root, abs);
  return loadBundleFiles([spec.bundle, ...spec.overlays], {
    root: repo.root,
    charmsWithin: repo.root,
    dialect: spec.dialect,
    readFile: (abs) => repo.readFile(rel(abs)),
    readBytes: (abs) => repo.readBytes(rel(abs)),
    exists: (abs) => repo.exists(rel(abs)),
  });
}
