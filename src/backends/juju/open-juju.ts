import { execFileSync } from 'node:child_process';
import type { ControllerConfig } from '../../model/config.js';
import { GitRefRunStore } from './git-ref-run-store.js';
import { JujuBackend } from './juju-backend.js';

type JujuControllerConfig = Extract<ControllerConfig, { kind: 'juju' }>;

/**
 * The backend for a `kind: juju` controller of the repository config. Leases and journals go to
 * a git ref on the repository's `origin` remote, so runners on different machines coordinate;
 * a repository without a remote keeps them in its own refs, which coordinates runs on this
 * machine only, and says so.
 */
export function openJujuBackend(controller: JujuControllerConfig, opts: { env: NodeJS.ProcessEnv; warn: (text: string) => void; repoRoot?: string }): JujuBackend {
  const runStore = opts.repoRoot ? runStoreFor(opts.repoRoot, controller.name, opts.warn) : undefined;
  return new JujuBackend({
    controller: controller.name,
    ...(controller.version ? { version: controller.version } : {}),
    ...(controller.jujuData ? { jujuData: controller.jujuData } : {}),
    ...(controller.command ? { command: controller.command } : {}),
    models: controller.models,
    env: opts.env,
    runStore,
  });
}

function runStoreFor(repo: string, controller: string, warn: (text: string) => void): GitRefRunStore {
  const remotes = gitRemotes(repo);
  if (remotes.includes('origin')) return new GitRefRunStore({ repo, remote: 'origin', controller });
  warn(`warning: the repository has no origin remote, so leases and journals of controller ${controller} stay in its own refs: runs on other machines are not coordinated\n`);
  return new GitRefRunStore({ repo, remote: repo, controller });
}

function gitRemotes(repo: string): string[] {
  try {
    return execFileSync('git', ['remote'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
