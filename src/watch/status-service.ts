import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import type { RepoConfig } from '../model/config.js';
import type { Repo } from '../repo/index.js';
import { errorSummary } from '../model/errors.js';
import { reuseFor } from './cache.js';
import { startStatusServer, type StatusServer } from './status-server.js';
import { collectStatus, declaredSecrets } from './status-source.js';
import type { WatchState } from './watch-state.js';

export interface ServeWatchStatusOptions {
  host: string;
  port: number;
  state: WatchState;
  backend: ModelBackend;
  /** Where the models' journals are (their runs). */
  runs: RunStore;
  repo: Repo;
  /** The repository config the watch started with. */
  config: RepoConfig;
  models: readonly string[];
  /** How long one read of the models serves every request (default 1 s). */
  cacheMs?: number;
  /** Told why the status could not be read, once per distinct reason in a row. */
  onError?: (message: string) => void;
}

/**
 * The watch's status server: the state it keeps, plus the live models read at most once per
 * `cacheMs` for requests; open pages are pushed a fresh reading whenever the state changes.
 */
export function serveWatchStatus(opts: ServeWatchStatusOptions): Promise<StatusServer> {
  const secrets = declaredSecrets(opts.repo, opts.config);
  const collect = () => collectStatus({ backend: opts.backend, runs: opts.runs, models: opts.models, state: opts.state, secrets });
  let last: string | undefined;
  const onError = (error: unknown) => {
    const message = errorSummary(error);
    if (message !== last) opts.onError?.(message);
    last = message;
  };
  // Live updates read afresh (a unit's phase just changed); the stream spaces them at least 200 ms apart.
  return startStatusServer({
    host: opts.host, port: opts.port, snapshot: reuseFor(collect, opts.cacheMs ?? 1000), freshSnapshot: collect,
    subscribe: (listener) => opts.state.subscribe(listener), onError,
  });
}
