import { randomUUID } from 'node:crypto';
import type { JournalEntry, JournalEntryInput, JournalQuery, LeaseFence, LeaseHolder, LeaseResult } from '../../model/backend-data.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { holderIsGone } from '../host-processes.js';
import type { Store } from '../store/store.js';

interface LeaseRow {
  lease_id: string | null;
  token: number;
  holder: string;
  expires_at: number;
}

export interface SqliteRunStoreOptions {
  store: Store;
  /** Where the store is, in words, for messages. */
  location: string;
  now?: () => Date;
  /** Called after a lease changes hands, inside its transaction (the controller logs it as an event). */
  onLease?: (model: string, kind: 'lease-acquired' | 'lease-released', holder: LeaseHolder, tookOverFrom?: LeaseHolder) => void;
}

/**
 * Leases and journals in SQLite tables (run-tables.ts): the controller's own store for `local`,
 * a file in the state folder for other controllers. Each operation is one immediate
 * transaction, so processes sharing the file decide one after another. It implements the
 * RunStore interface of src/backends/run-store.ts, and `checkFence` lets the embedded
 * controller refuse a stale write in the same transaction as the write.
 */
export class SqliteRunStore {
  readonly location: string;
  private readonly store: Store;
  private readonly now: () => Date;
  private readonly onLease: SqliteRunStoreOptions['onLease'];

  constructor(opts: SqliteRunStoreOptions) {
    this.store = opts.store;
    this.location = opts.location;
    this.now = opts.now ?? (() => new Date());
    this.onLease = opts.onLease;
  }

  /**
   * Takes the lease unless another holder's lease is within its TTL. A holder on this host
   * whose process is gone (pid dead, or reused) cannot renew: its lease is taken over at once.
   */
  async acquireLease(model: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseResult> {
    return this.store.transaction(() => {
      const now = this.now().getTime();
      const row = this.lease(model);
      const previous = row?.lease_id ? (JSON.parse(row.holder) as LeaseHolder) : undefined;
      const live = previous !== undefined && row!.expires_at > now;
      const gone = live && holderIsGone(previous);
      if (live && !gone) return { acquired: false, holder: previous, expiresAt: new Date(row!.expires_at).toISOString() };
      const fence: LeaseFence = { leaseId: randomUUID(), token: (row?.token ?? 0) + 1 };
      this.store.run(
        `INSERT INTO run_leases (model, lease_id, token, holder, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (model) DO UPDATE SET lease_id = excluded.lease_id, token = excluded.token, holder = excluded.holder, expires_at = excluded.expires_at`,
        model, fence.leaseId, fence.token, JSON.stringify(holder), now + ttlMs,
      );
      this.onLease?.(model, 'lease-acquired', holder, gone ? previous : undefined);
      return { acquired: true, fence, ...(gone ? { tookOverFrom: previous } : {}) };
    }, 'immediate');
  }

  /** A heartbeat: succeeds while the lease is still this fence's, even just past its expiry. */
  async renewLease(model: string, fence: LeaseFence, ttlMs: number): Promise<boolean> {
    const renewed = this.store.run('UPDATE run_leases SET expires_at = ? WHERE model = ? AND lease_id = ? AND token = ?', this.now().getTime() + ttlMs, model, fence.leaseId, fence.token);
    return renewed.changes === 1;
  }

  async releaseLease(model: string, fence: LeaseFence): Promise<void> {
    this.store.transaction(() => {
      const row = this.lease(model);
      if (row?.lease_id !== fence.leaseId || row.token !== fence.token) return;
      this.store.run('UPDATE run_leases SET lease_id = NULL, expires_at = 0 WHERE model = ?', model);
      this.onLease?.(model, 'lease-released', JSON.parse(row.holder) as LeaseHolder);
    }, 'immediate');
  }

  async appendJournal(model: string, entries: JournalEntryInput[], fence?: LeaseFence): Promise<void> {
    this.store.transaction(() => {
      this.checkFence(model, fence);
      const at = this.now().toISOString();
      for (const e of entries) {
        this.store.run(
          'INSERT INTO run_journal (model, run_id, kind, change_id, unit, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          model, e.runId, e.kind, e.changeId ?? null, e.unit ?? null, e.data === undefined ? null : JSON.stringify(e.data), at,
        );
      }
    }, 'immediate');
  }

  /** Entries in the order written; with `limit`, the most recent ones. */
  async readJournal(model: string, query: JournalQuery = {}): Promise<JournalEntry[]> {
    const rows = this.store.all<{ seq: number; run_id: string; kind: JournalEntry['kind']; change_id: string | null; unit: string | null; data: string | null; at: string }>(
      `SELECT * FROM (SELECT * FROM run_journal WHERE model = ? AND (? IS NULL OR run_id = ?) ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
      model, query.runId ?? null, query.runId ?? null, query.limit ?? -1,
    );
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      runId: r.run_id,
      kind: r.kind,
      ...(r.change_id !== null ? { changeId: r.change_id } : {}),
      ...(r.unit !== null ? { unit: r.unit } : {}),
      ...(r.data !== null ? { data: JSON.parse(r.data) as Record<string, unknown> } : {}),
    }));
  }

  /**
   * Refuses a write made under a lease that is no longer the model's current one. Synchronous,
   * so a caller can check and write in one transaction: no other writer takes the lease between.
   */
  checkFence(model: string, fence: LeaseFence | undefined): void {
    if (!fence) return;
    const row = this.lease(model);
    if (row?.lease_id === fence.leaseId && row.token === fence.token) return;
    const last = row ? describeLeaseHolder(JSON.parse(row.holder) as LeaseHolder) : undefined;
    const taker = !row || row.token === fence.token ? 'nobody: it was released or never taken' : row.lease_id ? last! : `${last}, which has finished since`;
    throw new GitopsError('lease-lost', `lost the lease on model ${model} to ${taker}`, {
      hint: 'this run was paused or cut off longer than the lease lives; the other run carries on, and `juju-gitops history` shows both',
      exitCode: ExitCode.leaseLost,
    });
  }

  /** The database belongs to whoever opened it (the controller, or `openRunFile`). */
  async close(): Promise<void> {}

  private lease(model: string): LeaseRow | undefined {
    return this.store.get<LeaseRow>('SELECT lease_id, token, holder, expires_at FROM run_leases WHERE model = ?', model);
  }
}

export function describeLeaseHolder(holder: LeaseHolder): string {
  const commit = holder.commit ? `, commit ${holder.commit.slice(0, 12)}` : '';
  return `${holder.purpose} on host ${holder.host}, pid ${holder.pid}${commit}, since ${holder.since}`;
}
