import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRunFile } from '../run-store/open-run-file.js';
import { openStore } from './open-store.js';
import { migrations, schemaVersion } from './schema.js';

describe('openStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-store-'));
    file = path.join(dir, 'controller.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the schema at the current version, in WAL mode with full sync', () => {
    const store = openStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    const tables = store.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['models', 'applications', 'units', 'machines', 'relations', 'offers', 'offer_access', 'saas', 'generations', 'run_journal', 'run_leases', 'events']));
    store.close();
  });

  it('keeps what was written across a reopen and caches prepared statements', () => {
    const store = openStore(file);
    store.run("INSERT INTO models (name, uuid, type, created_at) VALUES ('m', 'u', 'iaas', 'now')");
    expect(store.prepare('SELECT 1')).toBe(store.prepare('SELECT 1'));
    store.close();
    const again = openStore(file);
    expect(again.get<{ name: string }>('SELECT name FROM models')?.name).toBe('m');
    again.close();
  });

  it('keeps the journal and lease of a store from before the run store, keyed by model name', () => {
    const raw = new Database(file);
    for (const m of migrations.filter((m) => m.version <= 4)) raw.exec(m.sql);
    raw.pragma('user_version = 4');
    raw.exec(`INSERT INTO models (id, name, uuid, type, created_at) VALUES (7, 'web', 'u', 'iaas', 'x');
      INSERT INTO journal (seq, model_id, run_id, kind, at) VALUES (3, 7, 'r1', 'run-start', 'a'), (5, 7, 'r1', 'run-end', 'b');
      INSERT INTO leases (model_id, lease_id, holder, expires_at) VALUES (7, 'lease-1', '{"purpose":"apply"}', 99);`);
    raw.close();
    const store = openStore(file);
    expect(store.all('SELECT seq, model, run_id, kind FROM run_journal ORDER BY seq')).toEqual([
      { seq: 3, model: 'web', run_id: 'r1', kind: 'run-start' },
      { seq: 5, model: 'web', run_id: 'r1', kind: 'run-end' },
    ]);
    expect(store.all('SELECT model, lease_id, token, expires_at FROM run_leases')).toEqual([{ model: 'web', lease_id: 'lease-1', token: 1, expires_at: 99 }]);
    store.close();
  });

  const schemaOf = (db: Database.Database, names = '%') =>
    db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name LIKE ? AND name NOT LIKE 'sqlite_%' ORDER BY name").all(names) as { name: string }[];

  it.each(migrations.slice(0, -1).map((m) => [m.version]))('upgrades a store left at version %i to the schema a new store has', (version) => {
    const fresh = openStore(path.join(dir, 'fresh.db'));
    const raw = new Database(file);
    for (const m of migrations.filter((m) => m.version <= version)) raw.exec(m.sql);
    raw.pragma(`user_version = ${version}`);
    raw.close();
    const upgraded = openStore(file);
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(schemaOf(upgraded.db)).toEqual(schemaOf(fresh.db));
    upgraded.close();
    fresh.close();
  });

  it('has the same run tables as a state-folder run file', async () => {
    const store = openStore(file);
    await openRunFile(path.join(dir, 'runs.db')).close();
    const runFile = new Database(path.join(dir, 'runs.db'), { readonly: true });
    const runTables = schemaOf(store.db, 'run_%');
    expect(runTables.map((t) => t.name)).toEqual(['run_journal', 'run_journal_model', 'run_journal_run', 'run_leases']);
    expect(schemaOf(runFile, 'run_%')).toEqual(runTables);
    runFile.close();
    store.close();
  });

  it('refuses a store written by a newer schema, leaving it unchanged', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${schemaVersion + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openStore(file)).toThrow(expect.objectContaining({ code: 'store-too-new' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a corrupt file, leaving it unchanged', () => {
    const garbage = Buffer.from('this is not a database, just some bytes that happen to be here'.repeat(100));
    fs.writeFileSync(file, garbage);
    expect(() => openStore(file)).toThrow(expect.objectContaining({ code: 'store-corrupt' }));
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a store another controller holds', () => {
    const holder = openStore(file);
    expect(() => openStore(file, { busyTimeoutMs: 50 })).toThrow(expect.objectContaining({ code: 'store-locked' }));
    holder.close();
    openStore(file).close();
  });

  it('keeps the event log append-only', () => {
    const store = openStore(file);
    store.run("INSERT INTO events (at, kind) VALUES ('now', 'test')");
    expect(() => store.run("UPDATE events SET kind = 'changed'")).toThrow(/append-only/);
    expect(() => store.run('DELETE FROM events')).toThrow(/append-only/);
    store.close();
  });
});
