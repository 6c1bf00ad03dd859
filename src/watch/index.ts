/**
 * Watch mode. chokidar watches the repository's working tree and the refs a commit moves;
 * changes are debounced and fed, together with a drift timer, into one serial runner, so
 * exactly one reconcile runs at a time and a burst of changes becomes one run. What a run does
 * (plan, apply, report drift or heal it) is given by the caller; a run that fails is reported
 * and the loop carries on. Aborting the signal closes the watcher and waits for the run in
 * progress, which itself stops between units.
 */
export { runWatchLoop, type WatchLoopOptions } from './watch-loop.js';
export { SerialRunner, type TriggerKind } from './serial.js';
export { isIgnoredPath, watchRepository } from './watch-repo.js';
export { watchModels, type WatchModelsOptions } from './watch-models.js';
