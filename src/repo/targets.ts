import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { insideRoot } from '../bundle/includes.js';
import { loadBundleFiles } from '../bundle/load.js';
import type { LoadedBundle } from '../bundle/types.js';
import type { RepoConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import { loadRepoConfig } from './config.js';
import { loadDesiredBundle } from './desired.js';
import { gitIn } from './git.js';
import { findRepoRoot, openRepo, type Repo } from './open.js';

/** One composed bundle to report on: a model of the repository, or files named directly. */
export interface BundleTarget {
  model?: string;
  loaded: LoadedBundle;
  /** Option names the model declares secret. */
  secrets: string[];
}

export interface TargetOptions {
  cwd: string;
  /** A bundle file given directly, as `juju deploy BUNDLE` takes it; no juju-gitops.yaml needed. */
  bundle?: string;
  overlays?: string[];
  model?: string;
  rev?: string;
}

/**
 * What `validate` and `render` work on: either the bundle and overlays named on the command
 * line, or the models of the repository around `cwd` (one, or all), read from the working tree
 * or from a git revision.
 */
export async function loadTargets(opts: TargetOptions): Promise<{ targets: BundleTarget[]; repo?: Repo; config?: RepoConfig }> {
  if (opts.bundle) {
    if (opts.model) throw new GitopsError('usage', '--model reads juju-gitops.yaml; it cannot be combined with a bundle file', { hint: 'give either a bundle file (and --overlay) or --model' });
    const files = [opts.bundle, ...(opts.overlays ?? [])].map((f) => resolve(opts.cwd, f));
    const root = findRepoRoot(opts.cwd) ?? (opts.rev ? await gitTopLevel(opts.cwd) : opts.cwd);
    if (!opts.rev) {
      // Named by path, a bundle reads its includes as `juju deploy` would: relative to the file
      // holding them, or absolute, from any working folder.
      const loaded = await loadBundleFiles(files, { root, confine: false });
      loaded.diagnostics.unshift(...(await linksLeavingFolder(files, loaded.files)));
      return { targets: [{ loaded, secrets: [] }] };
    }
    const repo = await openRepo({ cwd: opts.cwd, dir: root, rev: opts.rev });
    const rel = (abs: string) => abs.slice(root.length + 1);
    const loaded = await loadBundleFiles(files, {
      root,
      readFile: (abs) => repo.readFile(rel(abs)),
      readBytes: (abs) => repo.readBytes(rel(abs)),
      exists: (abs) => (abs.startsWith(root + '/') ? repo.exists(rel(abs)) : Promise.resolve(false)),
    });
    return { targets: [{ loaded, secrets: [] }], repo };
  }
  if (opts.overlays?.length) throw new GitopsError('usage', '--overlay needs a bundle file', { hint: 'juju-gitops validate BUNDLE --overlay FILE' });
  const repo = await openRepo({ cwd: opts.cwd, rev: opts.rev });
  const config = await loadRepoConfig(repo);
  const models = opts.model ? [opts.model] : Object.keys(config.models);
  const targets: BundleTarget[] = [];
  for (const model of models) {
    targets.push({ model, loaded: await loadDesiredBundle(repo, config, model), secrets: config.models[model]?.secrets ?? [] });
  }
  return { targets, repo, config };
}

/**
 * A bundle named on the command line may be a symbolic link to a file elsewhere: it is read, as
 * `juju deploy` would, with a warning, since in a repository such a link is refused.
 */
async function linksLeavingFolder(files: string[], shown: string[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const [i, file] of files.entries()) {
    const real = await realpath(file).catch(() => undefined);
    const folder = await realpath(dirname(file)).catch(() => dirname(file));
    if (real === undefined || insideRoot(folder, real)) continue;
    out.push({
      code: 'file-link-leaves-folder', severity: 'warning', file: shown[i] ?? file,
      summary: `is a symbolic link to ${real}, outside its folder; reading it`,
      hint: 'in a repository (juju-gitops.yaml) such a link is refused; copy the file instead',
    });
  }
  return out;
}

async function gitTopLevel(cwd: string): Promise<string> {
  try {
    return (await (await gitIn(cwd)).revparse(['--show-toplevel'])).trim();
  } catch (error) {
    throw new GitopsError('git-not-a-repository', `${cwd} is not in a git repository`, { hint: '--rev reads a git revision; run inside a git repository', cause: error });
  }
}
