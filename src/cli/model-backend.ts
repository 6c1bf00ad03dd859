import { openBackend, openRunStore } from '../backends/open.js';
import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import { isSecretOption } from '../model/secrets.js';
import type { ControllerConfig, RepoConfig } from '../model/config.js';
import type { LiveModel } from '../model/live.js';
import { secretOptionNames } from '../plan/mask.js';
import { findRepoRoot, loadRepoConfig, openRepo, type Repo } from '../repo/index.js';
import type { CliContext } from './context.js';

/** The repository around the working folder and its config, when there is one. */
export async function optionalRepo(ctx: CliContext): Promise<{ repo: Repo; config: RepoConfig } | undefined> {
  if (!findRepoRoot(ctx.cwd)) return undefined;
  const repo = await openRepo({ cwd: ctx.cwd });
  return { repo, config: await loadRepoConfig(repo) };
}

/** The backend of the controller a model lives on: the repository's word for it, else the local controller. */
export async function openModelBackend(
  ctx: CliContext,
  opts: { model: string; controller?: string; controllerDir?: string; config?: RepoConfig },
): Promise<ModelBackend> {
  const name = opts.controller ?? opts.config?.models[opts.model]?.controller ?? 'local';
  return openBackend({ ctx, controller: opts.config?.controllers[name], controllerName: name, controllerDir: opts.controllerDir });
}

/**
 * The run store (leases, journals) of the controller `backend` reaches: the CLI is the one
 * place that knows both, and hands the store to whatever runs or reads runs.
 */
export function openModelRuns(ctx: CliContext, backend: ModelBackend, controller?: ControllerConfig): RunStore {
  return openRunStore(backend, { controller, env: ctx.env, warn: ctx.err });
}

/** One secret rule for a live model: option names that look secret, those the model lists, and charm-declared secrets. */
export function secretRule(live: LiveModel, config?: RepoConfig): (application: string, option: string) => boolean {
  const declared = [...secretOptionNames(live), ...(config?.models[live.name]?.secrets ?? [])];
  return (_application, option) => isSecretOption(option, declared);
}
