/**
 * The tables of a SQLite run store, keyed by model name (not by a model row: a lease can be
 * taken before its model exists). The controller's store has them (migration 5) and so has a
 * state-folder store (`run-store/open-run-file.ts`).
 *
 * `run_leases` keeps one row per model that was ever leased: `lease_id` is null once released,
 * `token` is the last fencing token handed out, `holder` the last holder — so a stale holder
 * learns who took the lease even after that run finished.
 */
export const runTablesSql = `
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
