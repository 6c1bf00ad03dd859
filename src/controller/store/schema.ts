import { latestVersion, type Migration } from './migrate-schema.js';
import { runTableMigrations } from './run-tables.js';

export type { Migration } from './migrate-schema.js';

/** The controller store's schema, as migrations run by migrate-schema.ts. */

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'models, applications, units, machines, relations, offers, saas, generations, journal, leases, events',
    sql: `
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        uuid TEXT NOT NULL,
        type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        next_machine INTEGER NOT NULL DEFAULT 0,
        next_relation INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE applications (
        model_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        charm TEXT NOT NULL,
        charm_dir TEXT,
        channel TEXT,
        revision INTEGER,
        subordinate INTEGER NOT NULL DEFAULT 0,
        scale INTEGER NOT NULL,
        next_unit INTEGER NOT NULL DEFAULT 0,
        options TEXT NOT NULL,
        fields TEXT NOT NULL,
        PRIMARY KEY (model_id, name)
      ) WITHOUT ROWID;
      CREATE TABLE units (
        model_id INTEGER NOT NULL,
        application TEXT NOT NULL,
        number INTEGER NOT NULL,
        machine TEXT,
        address TEXT NOT NULL,
        port INTEGER,
        workload TEXT NOT NULL,
        workload_message TEXT,
        workload_since TEXT NOT NULL,
        agent TEXT NOT NULL,
        agent_message TEXT,
        agent_since TEXT NOT NULL,
        leader INTEGER NOT NULL DEFAULT 0,
        applied TEXT NOT NULL,
        generation TEXT,
        pid INTEGER,
        pid_start TEXT,
        run_hash TEXT,
        PRIMARY KEY (model_id, application, number)
      ) WITHOUT ROWID;
      CREATE TABLE machines (
        model_id INTEGER NOT NULL,
        id TEXT NOT NULL,
        spec TEXT NOT NULL,
        status TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (model_id, id)
      ) WITHOUT ROWID;
      CREATE TABLE relations (
        model_id INTEGER NOT NULL,
        id INTEGER NOT NULL,
        endpoints TEXT NOT NULL,
        interface TEXT,
        scope TEXT,
        PRIMARY KEY (model_id, id)
      ) WITHOUT ROWID;
      CREATE TABLE offers (
        model_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        application TEXT NOT NULL,
        endpoints TEXT NOT NULL,
        PRIMARY KEY (model_id, name)
      ) WITHOUT ROWID;
      CREATE TABLE offer_access (
        model_id INTEGER NOT NULL,
        offer TEXT NOT NULL,
        user TEXT NOT NULL,
        access TEXT NOT NULL,
        PRIMARY KEY (model_id, offer, user)
      ) WITHOUT ROWID;
      CREATE TABLE saas (
        model_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        PRIMARY KEY (model_id, name)
      ) WITHOUT ROWID;
      CREATE TABLE generations (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        applications TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE INDEX generations_open ON generations (model_id) WHERE closed_at IS NULL;
      CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        model_id INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        change_id TEXT,
        unit TEXT,
        data TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX journal_run ON journal (model_id, run_id, seq);
      CREATE TABLE leases (
        model_id INTEGER PRIMARY KEY,
        lease_id TEXT NOT NULL,
        holder TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        model TEXT,
        kind TEXT NOT NULL,
        subject TEXT,
        data TEXT
      );
      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    `,
  },
  {
    version: 2,
    description: 'models held while imported from another controller; units whose state folder lives elsewhere',
    sql: `
      ALTER TABLE models ADD COLUMN importing INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE units ADD COLUMN home TEXT;
    `,
  },
  {
    version: 3,
    description: 'the phase of a migration in progress, shown by status',
    sql: `ALTER TABLE models ADD COLUMN migration TEXT;`,
  },
  {
    version: 4,
    description: 'the repository that manages each model',
    sql: `ALTER TABLE models ADD COLUMN owner TEXT;`,
  },
  {
    version: 5,
    description: 'leases and journals keyed by model name, apart from the model rows (the run store)',
    sql: `
      ${runTableMigrations[0].sql}
      INSERT INTO run_leases (model, lease_id, token, holder, expires_at)
        SELECT m.name, l.lease_id, 1, l.holder, l.expires_at FROM leases l JOIN models m ON m.id = l.model_id;
      INSERT INTO run_journal (seq, model, run_id, kind, change_id, unit, data, at)
        SELECT j.seq, m.name, j.run_id, j.kind, j.change_id, j.unit, j.data, j.at FROM journal j JOIN models m ON m.id = j.model_id ORDER BY j.seq;
      DROP TABLE leases;
      DROP TABLE journal;
    `,
  },
  {
    version: 6,
    description: 'other embedded controllers on this host that models here have cross-model relations with',
    sql: `CREATE TABLE external_controllers (name TEXT PRIMARY KEY, dir TEXT NOT NULL) WITHOUT ROWID;`,
  },
];

export const schemaVersion = latestVersion(migrations);
