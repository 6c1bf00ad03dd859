import path from 'node:path';
import Database from 'better-sqlite3';
import { digestKey, type DigestKey } from '../../model/secrets.js';
import { diskFullError } from '../../model/errors.js';
import { ensureToken } from '../token.js';

type Statement = Database.Statement<unknown[], unknown>;

/**
 * A thin layer over one better-sqlite3 connection: statements are prepared once and cached by
 * their SQL text, every write goes through `run` so writes can be counted (the benchmark holds
 * the store to a budget per unit moved), and `transaction` nests as savepoints.
 */
export class Store {
  readonly db: Database.Database;
  readonly path: string;
  /** Write statements executed since the store was opened. */
  writes = 0;
  private readonly statements = new Map<string, Statement>();
  private key?: DigestKey;

  constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, ...params: unknown[]): Database.RunResult {
    this.writes++;
    return this.writing(() => this.prepare(sql).run(...params));
  }

  /** A write whose statement returns a row (`RETURNING`). */
  runGet<T>(sql: string, ...params: unknown[]): T | undefined {
    this.writes++;
    return this.writing(() => this.prepare(sql).get(...params) as T | undefined);
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  /** Rows as arrays of column values: much less allocation than objects when reading thousands. */
  rows<T extends unknown[]>(sql: string, ...params: unknown[]): T[] {
    const key = `raw:${sql}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql).raw(true);
      this.statements.set(key, statement);
    }
    return statement.all(...params) as T[];
  }

  /**
   * Runs `fn` atomically: everything it writes lands, or nothing does when it throws. A store
   * shared by several processes reads then writes under `immediate`, so no other writer can
   * slip between its read and its write.
   */
  transaction<T>(fn: () => T, mode: 'deferred' | 'immediate' = 'deferred'): T {
    return this.writing(() => this.db.transaction(fn)[mode]());
  }

  /** Runs a write, reporting a full disk as such, with the store's path, rather than as a bug. */
  private writing<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw diskFullError(error, this.path) ?? error;
    }
  }

  /**
   * The key the event log digests option values with, kept (0600) beside the store and made on
   * first use: the log proves a value changed, or did not, without holding it.
   */
  digestKey(): DigestKey {
    this.key ??= digestKey(Buffer.from(ensureToken(path.join(path.dirname(this.path), 'digest.key')), 'hex'));
    return this.key;
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}
