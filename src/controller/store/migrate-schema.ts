import type Database from 'better-sqlite3';
import { GitopsError } from '../../model/errors.js';

/**
 * A SQLite schema kept as an ordered list of migrations. `PRAGMA user_version` records the last
 * one that ran; opening a file runs the missing ones in one transaction, and a file whose
 * version is higher than the last migration known here was written by a newer juju-gitops and
 * is refused. A migration that has shipped is never edited: stores that ran it keep what it
 * made, so a change to a table is a new migration.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** How a refusal names the file and what to do about it. */
export interface SchemaFile {
  /** "the store /path/controller.db", "the run store /path/prod.db" */
  label: string;
  hint: string;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations[migrations.length - 1].version;
}

/** The file's schema version, or `store-too-new` when a newer juju-gitops wrote it. Reads only. */
export function readSchemaVersion(db: Database.Database, migrations: readonly Migration[], file: SchemaFile): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (version > latest) {
    throw new GitopsError('store-too-new', `${file.label} has schema version ${version}, newer than this juju-gitops understands (${latest})`, { hint: file.hint });
  }
  return version;
}

/**
 * Brings the file to the latest version in one immediate transaction. The version is read
 * inside it, so of several processes opening one file at once, one migrates and the others
 * find it done.
 */
export function migrateSchema(db: Database.Database, migrations: readonly Migration[], file: SchemaFile): void {
  db.transaction(() => {
    const version = readSchemaVersion(db, migrations, file);
    const pending = migrations.filter((m) => m.version > version);
    if (!pending.length) return;
    for (const migration of pending) db.exec(migration.sql);
    db.pragma(`user_version = ${latestVersion(migrations)}`);
  }).immediate();
}
