/**
 * Run stores for controllers that have no place of their own for leases and journals: a git
 * ref on the repository's remote (compare-and-swap pushes; runners on any machine coordinate)
 * or, without a remote, a SQLite file in this machine's state folder. `openRunStore` picks the
 * store for a backend; the embedded controller's own store lives in src/controller/run-store.
 */
export { GitRefRunStore, type GitRefRunStoreOptions } from './git-ref-run-store.js';
export { openRunStore, stateDir, type OpenRunStoreOptions } from './open-run-store.js';
