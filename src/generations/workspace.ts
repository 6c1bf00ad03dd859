import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelBackend } from '../backends/backend.js';
import type { BackendCapabilities } from '../model/capabilities.js';
import type { Bundle } from '../model/bundle.js';
import type { ControllerConfig, ModelConfig, RepoConfig } from '../model/config.js';
import { hasErrors } from '../model/diagnostic.js';
import { GitopsError } from '../model/errors.js';
import type { LiveModel } from '../model/live.js';
import { secretOptionNames } from '../plan/index.js';
import { gitIn } from '../repo/git.js';
import { commitFiles, requireCommitIdentity, loadDesiredBundle, loadRepoConfig, openRepo, writeRepoFile, type Repo } from '../repo/index.js';
import { generationPath, parseGeneration, type GenerationFile } from './file.js';
import type { SourceFile } from './model-files.js';

/**
 * The edge where generation commands meet the world: the repository (files, git) and, when
 * asked, the live model. Everything between reading and writing is pure, and every command
 * computes all its edits before `saveEdits` writes any, so a refusal changes nothing.
 */
export interface Workspace {
  repo: Repo;
  config: RepoConfig;
  model: string;
  modelConfig: ModelConfig;
  /** `generations/<model>.yaml` */
  generationFile: string;
  /** `--controller-dir`, when given: where the live model is read from. */
  controllerDir?: string;
  /** What the model's controller can do: whether staged changes can stay on some units. */
  capabilities: BackendCapabilities;
}

/** What generation commands need from whoever runs them: a folder, and a way to reach a controller. */
export interface GenerationContext {
  cwd: string;
  openBackend(opts: { controller?: ControllerConfig; controllerName?: string; controllerDir?: string }): Promise<ModelBackend>;
  /** What a controller of the config can do, without reaching it (staging writes only files). */
  capabilities(controller: ControllerConfig | undefined): BackendCapabilities;
}

export async function openWorkspace(
  ctx: GenerationContext,
  opts: { model?: string; application?: string; controllerDir?: string },
): Promise<Workspace> {
  const repo = await openRepo({ cwd: ctx.cwd });
  const config = await loadRepoConfig(repo);
  const model = opts.model ?? (await guessModel(repo, config, opts.application));
  const modelConfig = config.models[model];
  if (!modelConfig) {
    throw new GitopsError('model-unknown', `model ${model} is not in juju-gitops.yaml`, {
      hint: `models: ${Object.keys(config.models).join(', ') || '(none)'}`,
    });
  }
  const capabilities = ctx.capabilities(config.controllers[modelConfig.controller]);
  return { repo, config, model, modelConfig, generationFile: generationPath(model), controllerDir: opts.controllerDir, capabilities };
}

/**
 * With one model it is that one; otherwise the only model whose bundle has the application, or
 * the only one with an open generation. A bundle that cannot be read makes the guess unsure, so
 * it is refused with the reason rather than skipped.
 */
async function guessModel(repo: Repo, config: RepoConfig, application?: string): Promise<string> {
  const models = Object.keys(config.models);
  if (models.length === 1) return models[0];
  const unreadable: string[] = [];
  if (application) {
    const having: string[] = [];
    for (const model of models) {
      try {
        if ((await loadDesiredBundle(repo, config, model)).bundle.applications[application]) having.push(model);
      } catch (error) {
        unreadable.push(`${model} (${(error as Error).message})`);
      }
    }
    if (having.length === 1 && unreadable.length === 0) return having[0];
  }
  const open: string[] = [];
  for (const model of models) if (await repo.exists(generationPath(model))) open.push(model);
  if (open.length === 1 && unreadable.length === 0) return open[0];
  throw new GitopsError('model-required', 'which model? the repository has several', {
    hint: `pass --model with one of: ${models.join(', ')}${unreadable.length ? `; could not read the bundle of ${unreadable.join(', ')}` : ''}`,
  });
}

export async function readGeneration(ws: Workspace): Promise<{ text: string; generation: GenerationFile } | undefined> {
  if (!(await ws.repo.exists(ws.generationFile))) return undefined;
  const text = await ws.repo.readFile(ws.generationFile);
  const { generation, diagnostics } = parseGeneration(text, ws.generationFile);
  if (!generation || hasErrors(diagnostics)) {
    throw new GitopsError('generation-invalid', `${ws.generationFile} is not a valid generation`, {
      diagnostics,
      hint: 'fix the file (its schema is schemas/generation.schema.json), then run the command again',
    });
  }
  return { text, generation };
}

export async function requireGeneration(ws: Workspace): Promise<{ text: string; generation: GenerationFile }> {
  const found = await readGeneration(ws);
  if (!found) {
    throw new GitopsError('generation-not-open', `model ${ws.model} has no open generation`, {
      hint: `start one with \`juju-gitops generation add --model ${ws.model}\``,
    });
  }
  return found;
}

/** The model's base bundle and overlays, in merge order. */
export async function readModelFiles(ws: Workspace): Promise<SourceFile[]> {
  const paths = [ws.modelConfig.bundle, ...ws.modelConfig.overlays];
  return Promise.all(paths.map(async (path) => ({ path, text: await ws.repo.readFile(path) })));
}

export async function loadDesired(ws: Workspace): Promise<Bundle> {
  const loaded = await loadDesiredBundle(ws.repo, ws.config, ws.model);
  if (hasErrors(loaded.diagnostics)) {
    throw new GitopsError('bundle-invalid', `the bundle of model ${ws.model} does not validate`, {
      diagnostics: loaded.diagnostics,
      hint: 'fix the files above (`juju-gitops validate` shows every problem), then run the command again',
    });
  }
  return loaded.bundle;
}

/**
 * Every option name the model's outputs mask besides those named like secrets: declared under
 * `secrets:`, or declared `type: secret` by a local charm of the bundle or a live charm.
 */
export async function secretNamesOf(ws: Workspace, live?: LiveModel): Promise<string[]> {
  // Not guessed around: without the bundle's charms, a value they declare secret would show.
  const loaded = await loadDesiredBundle(ws.repo, ws.config, ws.model);
  return [...new Set([...ws.modelConfig.secrets, ...(loaded.secretOptions ?? []), ...(live ? secretOptionNames(live) : [])])];
}

/** The live model, or undefined when the controller does not have it (yet). */
export async function readLive(ctx: GenerationContext, ws: Workspace): Promise<LiveModel | undefined> {
  const backend = await ctx.openBackend({
    controller: ws.config.controllers[ws.modelConfig.controller],
    controllerName: ws.modelConfig.controller,
    controllerDir: ws.controllerDir,
  });
  try {
    return await backend.readModel(ws.model);
  } catch (error) {
    if (error instanceof GitopsError && error.code === 'model-not-found') return undefined;
    throw error;
  } finally {
    await backend.close();
  }
}

/** Writes (and removes) files, then commits exactly those paths when a message is given. */
export async function saveEdits(
  ws: Workspace,
  edits: { write: readonly SourceFile[]; remove?: readonly string[]; commit?: string },
): Promise<string | undefined> {
  // A commit that cannot be made must stop the command before any file is edited.
  if (edits.commit) await requireCommitIdentity(ws.repo);
  const tracked: string[] = [];
  if (edits.commit) for (const path of edits.remove ?? []) if (await isTracked(ws.repo.root, path)) tracked.push(path);
  for (const file of edits.write) await writeRepoFile(ws.repo, file.path, file.text);
  for (const path of edits.remove ?? []) await rm(join(ws.repo.root, path), { force: true });
  if (!edits.commit) return undefined;
  const paths = [...edits.write.map((f) => f.path), ...tracked];
  if (paths.length === 0) return undefined;
  return commitFiles(ws.repo, paths, edits.commit);
}

/** Whether git tracks `path`; a failing git is reported, since an untracked guess would leave the removal out of the commit. */
async function isTracked(root: string, path: string): Promise<boolean> {
  const git = await gitIn(root);
  try {
    await git.raw(['ls-files', '--error-unmatch', '--', path]);
    return true;
  } catch (error) {
    if (/did not match any file/i.test(String((error as Error).message))) return false;
    throw new GitopsError('git-failed', `cannot tell whether git tracks ${path}: ${String((error as Error).message).trim()}`, {
      hint: 'check that git works in this folder (`git status`); nothing was edited',
      cause: error,
    });
  }
}
