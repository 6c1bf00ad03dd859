/**
 * Watch mode. chokidar watches the repository's working tree and the refs a commit moves;
 * changes are debounced and fed, together with a drift timer, into one serial runner, so
 * exactly one reconcile runs at a time and a burst of changes becomes one run. What a run does
 * (plan, apply, report drift or heal it) is given by the caller; a run that fails is reported
 * and the loop carries on. Aborting the signal closes the watcher and waits for the run in
 * progress, which itself stops between units.
 *
 * With `--listen`, a read-only HTTP server on 127.0.0.1 shows what the watch sees: a
 * `WatchState` fed by the loop's events, results, drift checks and failures, joined at request
 * time with the live models and their journals (read at most once a second, however many
 * requests come) into one `StatusSnapshot`, which pure views render as the HTML page, the
 * Prometheus text format and JSON.
 */
export { runWatchLoop, type WatchLoopOptions } from './watch-loop.js';
export { SerialRunner, type TriggerKind } from './serial.js';
export { isIgnoredPath, watchRepository } from './watch-repo.js';
export { watchModels, type WatchModelsOptions } from './watch-models.js';
export { WatchState, type ModelActivity, type RolloutProgress, type WatchStateSnapshot } from './watch-state.js';
export { describeModel, type StatusSnapshot, type ModelView } from './status-snapshot.js';
export { collectStatus, declaredSecrets } from './status-source.js';
export { renderMetrics, metricsContentType } from './metrics.js';
export { renderStatusPage } from './status-page.js';
export { startStatusServer, type StatusServer, type StatusServerOptions } from './status-server.js';
export { serveWatchStatus } from './status-service.js';
export { parseListen, defaultStatusPort } from './listen.js';
export { reuseFor } from './cache.js';
