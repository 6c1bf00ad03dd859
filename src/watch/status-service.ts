import type { ModelBackend } from '../backends/backend.js';
import type { RepoConfig } from '../model/config.js';
import type { Repo } from '../repo/index.js';
import { reuseFor } from './cache.js';
import { startStatusServer, type StatusServer } from './status-server.js';
import { collectStatus, declaredSecrets } from './status-source.js';
import type { WatchState } from './watch-state.js';

export interface ServeWatchStatusOptions {
  host: string;
  port: number;
  state: WatchState;
  backend: ModelBackend;
  repo: Repo;
  /** The repository config the watch started with. */
  config: RepoConfig;
  models: readonly string[];
  /** How long one read of the models serves every request (default 1 s). */
  cacheMs?: number;
}

/** The watch's status server: the state it keeps, plus the live models read at most once per `cacheMs`. */
export function serveWatchStatus(opts: ServeWatchStatusOptions): Promise<StatusServer> {
  const snapshot = reuseFor(
    () => collectStatus({ backend: opts.backend, models: opts.models, state: opts.state, secrets: declaredSecrets(opts.repo, opts.config) }),
    opts.cacheMs ?? 1000,
  );
  return startStatusServer({ host: opts.host, port: opts.port, snapshot });
}
