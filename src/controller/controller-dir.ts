import os from 'node:os';
import path from 'node:path';

/**
 * Where a controller keeps its files: `--controller-dir`, else `JUJU_GITOPS_HOME`, else the
 * repository's controller `dir`, else `$XDG_DATA_HOME/juju-gitops`, else
 * `~/.local/share/juju-gitops`. Relative paths are taken from the caller's working directory.
 */
export function resolveControllerDir(opts: { cwd: string; env: NodeJS.ProcessEnv; controllerDir?: string; configDir?: string }): string {
  const explicit = opts.controllerDir ?? (opts.env.JUJU_GITOPS_HOME || undefined) ?? opts.configDir;
  if (explicit) return path.resolve(opts.cwd, explicit);
  if (opts.env.XDG_DATA_HOME) return path.resolve(opts.cwd, opts.env.XDG_DATA_HOME, 'juju-gitops');
  return path.join(opts.env.HOME ?? os.homedir(), '.local', 'share', 'juju-gitops');
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
