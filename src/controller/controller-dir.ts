import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitopsError } from '../model/errors.js';

/**
 * Where a controller keeps its files: `--controller-dir`, else the repository's `dir` for that
 * controller (a second embedded controller names its own folder, which the default home must
 * not redirect), else `JUJU_GITOPS_HOME`, else `$XDG_DATA_HOME/juju-gitops`, else
 * `~/.local/share/juju-gitops`. Relative paths are taken from the caller's working directory.
 */
export function resolveControllerDir(opts: { cwd: string; env: NodeJS.ProcessEnv; controllerDir?: string; configDir?: string }): string {
  const explicit = opts.controllerDir ?? opts.configDir ?? (opts.env.JUJU_GITOPS_HOME || undefined);
  if (explicit) return path.resolve(opts.cwd, explicit);
  if (opts.env.XDG_DATA_HOME) return path.resolve(opts.cwd, opts.env.XDG_DATA_HOME, 'juju-gitops');
  return path.join(opts.env.HOME ?? os.homedir(), '.local', 'share', 'juju-gitops');
}

/**
 * Creates the controller directory (mode 0700) and its missing parents one level at a time:
 * a path through a file, or where nothing may be created, is a user's mistake to report, and
 * Node's recursive mkdir spins forever on some of them (under /proc). An existing directory
 * that others may read or enter is refused rather than fixed: the store holds every option
 * value of every model, and the user may have opened it on purpose. Says whether it is new.
 */
export function ensureControllerDir(dir: string): { created: boolean } {
  const missing: string[] = [];
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = path.dirname(existing);
  }
  try {
    if (!fs.statSync(existing).isDirectory()) throw new Error(`${existing} is a file, not a folder`);
    for (const p of missing) fs.mkdirSync(p, { mode: 0o700 });
  } catch (error) {
    throw new GitopsError('controller-dir-unusable', `cannot use ${dir} as the controller directory: ${(error as Error).message}`, {
      hint: 'give a folder you can write to, with --controller-dir or JUJU_GITOPS_HOME',
      cause: error,
    });
  }
  if (missing.length) return { created: true };
  const mode = fs.statSync(dir).mode & 0o777;
  if (mode & 0o077) {
    throw new GitopsError('controller-dir-open', `the controller directory ${dir} has mode ${mode.toString(8).padStart(4, '0')}: other users could read the store`, {
      hint: `make it private with \`chmod 700 ${dir}\`, or let juju-gitops create a new one`,
    });
  }
  return { created: false };
}

export interface ControllerPaths {
  dir: string;
  store: string;
  token: string;
  api: string;
  log: string;
  units: string;
}

export function controllerPaths(dir: string): ControllerPaths {
  return {
    dir,
    store: path.join(dir, 'controller.db'),
    token: path.join(dir, 'token'),
    api: path.join(dir, 'api.json'),
    log: path.join(dir, 'controller.log'),
    units: path.join(dir, 'units'),
  };
}

/** A unit's own folder: its log, relations.json and anything its workload writes. */
export function unitStateDir(paths: ControllerPaths, model: string, unit: string): string {
  return path.join(paths.units, model, unit.replace('/', '-'));
}

/** Where a unit's folder is: its own `home` when it came from another controller, else the usual place. */
export function unitHome(paths: ControllerPaths, model: string, unit: string, row: { home?: string | null }): string {
  return row.home ?? unitStateDir(paths, model, unit);
}
