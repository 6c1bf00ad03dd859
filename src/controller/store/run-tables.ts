import type { Migration } from './migrate-schema.js';

/**
 * The tables of a SQLite run store, keyed by model name (not by a model row: a lease can be
 * taken before its model exists), as their own list of migrations. A state-folder run file
 * (`run-store/open-run-file.ts`) is exactly these; the controller's store made them in its
 * migration 5, so a later run-table migration is appended here and to the controller's list
 * (a test checks both end with the same tables).
 *
 * `run_leases` keeps one row per model that was ever leased: `lease_id` is null once released,
 * `token` is the last fencing token handed out, `holder` the last holder — so a stale holder
 * learns who took the lease even after that run finished.
 */
const runTablesV1 = `
  CREATE TABLE run_leases (
    model TEXT PRIMARY KEY,
    lease_id TEXT,
    token INTEGER NOT NULL,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE run_journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    model TEXT NOT NULL,
    run_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    change_id TEXT,
    unit TEXT,
    data TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX run_journal_model ON run_journal (model, seq);
  CREATE INDEX run_journal_run ON run_journal (model, run_id, seq);
`;

export const runTableMigrations: readonly Migration[] = [
  { version: 1, description: 'leases and journals keyed by model name', sql: runTablesV1 },
];
