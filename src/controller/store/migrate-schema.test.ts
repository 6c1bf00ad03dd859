import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateSchema, readSchemaVersion, type Migration } from './migrate-schema.js';

const migrations: Migration[] = [
  { version: 1, description: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);' },
  { version: 2, description: 'note authors', sql: 'ALTER TABLE notes ADD COLUMN author TEXT;' },
  { version: 3, description: 'tags', sql: 'CREATE TABLE tags (note INTEGER NOT NULL, tag TEXT NOT NULL);' },
];
const file = { label: 'the test store', hint: 'use another file' };

describe('migrateSchema', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  const tables = () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((t) => (t as { name: string }).name);

  it('runs every migration on a new file and records the last version', () => {
    migrateSchema(db, migrations, file);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(tables()).toEqual(['notes', 'tags']);
  });

  it('runs only the migrations after the recorded version, keeping the rows', () => {
    migrateSchema(db, migrations.slice(0, 1), file);
    db.exec("INSERT INTO notes (text) VALUES ('kept')");
    migrateSchema(db, migrations, file);
    expect(db.prepare('SELECT text, author FROM notes').all()).toEqual([{ text: 'kept', author: null }]);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
  });

  it('does nothing on a file already at the last version', () => {
    migrateSchema(db, migrations, file);
    expect(() => migrateSchema(db, migrations, file)).not.toThrow();
    expect(tables()).toEqual(['notes', 'tags']);
  });

  it('refuses a file a newer schema wrote, naming it, and changes nothing', () => {
    db.pragma('user_version = 4');
    expect(() => migrateSchema(db, migrations, file)).toThrow(
      expect.objectContaining({ code: 'store-too-new', message: 'the test store has schema version 4, newer than this juju-gitops understands (3)', hint: 'use another file' }),
    );
    expect(() => readSchemaVersion(db, migrations, file)).toThrow(expect.objectContaining({ code: 'store-too-new' }));
    expect(tables()).toEqual([]);
  });

  it('leaves the file at its old version when a migration fails', () => {
    migrateSchema(db, migrations.slice(0, 1), file);
    const broken = [...migrations.slice(0, 2), { version: 3, description: 'broken', sql: 'CREATE TABLE notes (id INTEGER);' }];
    expect(() => migrateSchema(db, broken, file)).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').all('notes').map((c) => (c as { name: string }).name)).toEqual(['id', 'text']);
  });
});
