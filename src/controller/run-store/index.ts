/**
 * The SQLite run store: leases and journals of a controller's models, keyed by model name, in
 * the controller's own store (for `local`) or in a file of their own (`openRunFile`, the state
 * folder used for other controllers). It implements the RunStore of src/backends/run-store.ts
 * by shape; the controller never imports the backends.
 */
export { openRunFile } from './open-run-file.js';
export { describeLeaseHolder, SqliteRunStore, type SqliteRunStoreOptions } from './sqlite-run-store.js';

