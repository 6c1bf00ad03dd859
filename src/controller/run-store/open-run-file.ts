import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { GitopsError } from '../../model/errors.js';
import { Store } from '../store/store.js';
import { migrateSchema } from '../store/migrate-schema.js';
import { runTableMigrations } from '../store/run-tables.js';
import { SqliteRunStore } from './sqlite-run-store.js';

/**
 * A run store in its own SQLite file (the state folder of a controller juju-gitops does not
 * embed). Unlike the controller's store, several processes open it at once — every CLI run on
 * this machine — so it stays in normal locking mode, in WAL, and each operation is an
 * immediate transaction that waits up to `busyTimeoutMs` for the others.
 */
export function openRunFile(file: string, opts: { busyTimeoutMs?: number; now?: () => Date } = {}): SqliteRunStore & { close(): Promise<void> } {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: opts.busyTimeoutMs ?? 10_000 });
  } catch (error) {
    throw openFailed(file, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateSchema(db, runTableMigrations, { label: `the run store ${file}`, hint: 'upgrade juju-gitops, or set JUJU_GITOPS_STATE_DIR to another folder' });
  } catch (error) {
    db.close();
    throw error instanceof GitopsError ? error : openFailed(file, error);
  }
  const runs = new SqliteRunStore({ store: new Store(db, file), location: `the state file ${file}`, now: opts.now });
  return Object.assign(runs, {
    async close() {
      db.close();
    },
  });
}

function openFailed(file: string, error: unknown): GitopsError {
  return new GitopsError('run-store-open-failed', `cannot open the run store ${file}: ${error instanceof Error ? error.message : String(error)}`, {
    hint: 'set JUJU_GITOPS_STATE_DIR to a folder you can write to',
    cause: error,
  });
}
