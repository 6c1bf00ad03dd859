import type { JournalEntry, JournalEntryInput, JournalQuery, LeaseFence, LeaseHolder, LeaseResult } from '../model/backend-data.js';

export type { JournalEntry, JournalEntryInput, JournalEntryKind, JournalQuery, LeaseFence, LeaseHolder, LeaseResult } from '../model/backend-data.js';

/**
 * Where the runs of a controller's models are coordinated and recorded, apart from the models
 * themselves: each model's lease (one reconcile at a time) and its journal (what every run did,
 * step by step — resuming, history, promote and status read it). A model needs no existence on
 * the controller for either, so a first reconcile takes the lease before it creates the model.
 *
 * Every acquisition hands out a fence with a token one higher than the last. A write that
 * carries a fence succeeds only while that fence still holds the lease; otherwise it fails with
 * GitopsError `lease-lost` naming the holder that took it, so a run paused past its TTL cannot
 * write after another run took over. Implementations: SQLite (the local controller's store, or
 * a state folder for other controllers) and a git ref on the repository's remote, taken with
 * compare-and-swap pushes so runners on different machines coordinate. test/run-store checks
 * them all against one contract.
 */
export interface RunStore {
  /** Where the store keeps its data, in words, for messages ("the controller's store at …"). */
  readonly location: string;

  /** Takes the model's lease unless another holder's lease is still within its TTL. */
  acquireLease(model: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseResult>;
  /** Extends a lease this fence holds; false when it was lost (expired and taken). */
  renewLease(model: string, fence: LeaseFence, ttlMs: number): Promise<boolean>;
  /** Lets go of the lease if this fence still holds it; the next token stays one higher. */
  releaseLease(model: string, fence: LeaseFence): Promise<void>;

  /**
   * Appends entries in order, atomically. With a fence, the append happens only while that fence
   * holds the lease (else `lease-lost`); even an empty append proves it, writing nothing.
   */
  appendJournal(model: string, entries: JournalEntryInput[], fence?: LeaseFence): Promise<void>;
  /** Entries in the order written; an unknown model has none. */
  readJournal(model: string, query?: JournalQuery): Promise<JournalEntry[]>;

  /** Frees what the store holds open (a database handle); the data stays. */
  close(): Promise<void>;
}
