import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { openRunFile } from '../../controller/run-store/open-run-file.js';
import type { ControllerConfig } from '../../model/config.js';
import type { ModelBackend } from '../backend.js';
import { HttpBackend } from '../local/http-backend.js';
import { LocalBackend } from '../local/local-backend.js';
import type { RunStore } from '../run-store.js';
import { GitRefRunStore } from './git-ref-run-store.js';

export interface OpenRunStoreOptions {
  /** The controller's config; absent for the default local controller. */
  controller?: ControllerConfig;
  env: NodeJS.ProcessEnv;
  /** Where to say that runs are not coordinated across machines. */
  warn: (text: string) => void;
}

/**
 * The run store of a controller's models. The embedded controller keeps it in its own store
 * (over its API for the daemon), so a write's fence is checked in the write's transaction. A
 * Juju controller has no place for it: it goes to a git ref on the repository's `origin`
 * remote, shared by every runner that clones the repository; without a remote, to a SQLite
 * file in the state folder, which coordinates the runs of this machine only, and says so.
 */
export function openRunStore(backend: ModelBackend, opts: OpenRunStoreOptions): RunStore {
  if (backend instanceof LocalBackend) return backend.runs;
  if (backend instanceof HttpBackend) return backend.runStore();
  const controller = opts.controller;
  if (controller?.kind !== 'juju') throw new Error(`no run store for a ${backend.kind} backend`);
  const remotes = controller.repoRoot ? gitRemotes(controller.repoRoot) : { names: [], failure: 'no repository' };
  if (controller.repoRoot && remotes.names.includes('origin')) {
    return new GitRefRunStore({ repo: controller.repoRoot, remote: 'origin', controller: controller.name });
  }
  const file = path.join(stateDir(opts.env), 'runs', `${encodeURIComponent(controller.name)}.db`);
  const why = remotes.failure ? `git could not list the repository's remotes (${remotes.failure})` : 'the repository has no origin remote';
  opts.warn(
    `warning: ${why}, so leases and journals of controller ${controller.name} are kept in ${file}: ` +
      'runs on other machines are not coordinated\n',
  );
  return openRunFile(file);
}

/**
 * juju-gitops's state folder on this machine: `JUJU_GITOPS_STATE_DIR`, else
 * `$XDG_STATE_HOME/juju-gitops`, else `~/.local/state/juju-gitops` (the XDG base directory
 * for state that outlives a run but is not worth backing up).
 */
export function stateDir(env: NodeJS.ProcessEnv): string {
  if (env.JUJU_GITOPS_STATE_DIR) return path.resolve(env.JUJU_GITOPS_STATE_DIR);
  if (env.XDG_STATE_HOME) return path.join(path.resolve(env.XDG_STATE_HOME), 'juju-gitops');
  return path.join(env.HOME ?? os.homedir(), '.local', 'state', 'juju-gitops');
}

/** The repository's remotes, or why git could not list them (not a checkout, no git): then none is shared. */
function gitRemotes(repo: string): { names: string[]; failure?: string } {
  try {
    return { names: execFileSync('git', ['remote'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n').filter(Boolean) };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    return { names: [], failure: stderr || (error as Error).message };
  }
}
