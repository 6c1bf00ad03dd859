import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { diskFullError, GitopsError } from '../../model/errors.js';
import { migrateSchema, readSchemaVersion, type SchemaFile } from './migrate-schema.js';
import { migrations } from './schema.js';
import { Store } from './store.js';

export interface OpenStoreOptions {
  /** How long to wait for another connection's lock before reporting the store as locked. */
  busyTimeoutMs?: number;
  /**
   * Whether the controller directory is new (nothing has ever run there). Only then is an empty
   * store file taken as a new, empty controller; elsewhere it is a store that lost its contents.
   */
  fresh?: boolean;
}

/**
 * Opens (creating when absent) the controller's SQLite store. The connection takes an exclusive
 * lock for its lifetime, so a second controller on the same directory is refused instead of
 * interleaving writes. Every check that can refuse the file runs before anything is written to
 * it: a locked, corrupt or newer-schema store is left exactly as it was.
 */
export function openStore(file: string, opts: OpenStoreOptions = {}): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  refuseLostContents(file, opts.fresh ?? true);
  makePrivate(file);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: opts.busyTimeoutMs ?? 2000 });
  } catch (error) {
    throw storeError(error, file);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    const schemaFile: SchemaFile = { label: `the store ${file}`, hint: 'upgrade juju-gitops, or point --controller-dir at another controller directory' };
    readSchemaVersion(db, migrations, schemaFile);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw corrupt(file, String(check));
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const size = fs.statSync(file).size;
    // SQLite reads a short last page as zeros: a file cut mid-page passes its own check.
    if (size % pageSize !== 0) throw corrupt(file, `truncated (${size} bytes is not a whole number of ${pageSize}-byte pages)`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateSchema(db, migrations, schemaFile);
    // Taking the write lock now, not at the first change, makes a second controller fail at start.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    throw storeError(error, file);
  }
  return new Store(db, file);
}

/** An empty store file where a controller already ran is a store that lost its contents. */
function refuseLostContents(file: string, fresh: boolean): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return;
  }
  if (size === 0 && !fresh) throw corrupt(file, 'it is empty (0 bytes), but a controller has run in this directory');
}

/**
 * Creates the store file 0600 (or narrows an existing one) before SQLite opens it: SQLite gives
 * its -wal and -shm files the mode of the database file.
 */
function makePrivate(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // -wal and -shm exist only while a connection is open or after a crash.
    }
  }
}

function corrupt(file: string, detail: string): GitopsError {
  return new GitopsError('store-corrupt', `the store ${file} is damaged: ${detail}`, {
    hint: 'restore it from a backup, or move it aside to start an empty controller; it was not modified',
  });
}

function storeError(error: unknown, file: string): GitopsError {
  if (error instanceof GitopsError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new GitopsError('store-locked', `the store ${file} is locked by another process`, {
      hint: 'another juju-gitops controller is using this directory; stop it (juju-gitops controller stop) or use another --controller-dir',
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) return corrupt(file, message);
  const full = diskFullError(error, file);
  if (full) return full;
  return new GitopsError('store-open-failed', `cannot open the store ${file}: ${message}`, { cause: error });
}
