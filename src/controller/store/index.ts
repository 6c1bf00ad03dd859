/**
 * The controller's durable store: one SQLite file per controller, opened through
 * better-sqlite3 in WAL mode with `synchronous=FULL`, locked exclusively by the one controller
 * using it. The schema is a list of migrations counted by `user_version`; a store from a newer
 * version, a corrupt file or a locked one is refused before anything is written to it.
 * Statements are prepared once; every write is counted.
 */
export { openStore, type OpenStoreOptions } from './open-store.js';
export { Store } from './store.js';
export { migrations, schemaVersion } from './schema.js';
export * from './rows.js';
