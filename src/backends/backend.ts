import type { Change } from '../model/change.js';
import type { GenerationChanges, LiveModel, LiveUnit } from '../model/live.js';

/**
 * Everything juju-gitops needs from a place where models live. The embedded controller
 * (`local`) and real Juju controllers (`juju`) implement it; test/conformance checks both
 * against the same suite.
 */
export interface ModelBackend {
  readonly kind: 'local' | 'juju';
  /** Controller name, as it appears in offer URLs and status. */
  readonly controllerName: string;

  listModels(): Promise<ModelSummary[]>;
  addModel(name: string, opts?: { type?: 'iaas' | 'caas' }): Promise<void>;
  /** Throws GitopsError `model-not-found` when the model does not exist. */
  readModel(model: string): Promise<LiveModel>;

  /**
   * Applies one application-level change to every unit at once, as Juju does. For a `restart`
   * change the executor first moves units one by one with `applyUnitChange`, then calls this,
   * which leaves already-moved units untouched.
   */
  applyChange(model: string, change: Change, fence?: LeaseFence): Promise<void>;
  /** Moves one unit to a new state (restarting its workload when that changes what it runs). */
  applyUnitChange(model: string, unit: string, target: UnitTarget, fence?: LeaseFence): Promise<void>;
  /** Resolves when every named unit has settled (agent idle) or the timeout passes. */
  waitForSettled(model: string, units: string[], opts: WaitOptions): Promise<SettleResult>;

  /** Records the open generation (or its end, with null); units keep their own tracking. */
  setGeneration(model: string, generation: { name: string; applications: Record<string, GenerationChanges> } | null, fence?: LeaseFence): Promise<void>;

  acquireLease(model: string, holder: LeaseHolder, ttlMs: number): Promise<LeaseResult>;
  /** Extends a lease this holder owns; false when it was lost (expired and taken). */
  renewLease(model: string, leaseId: string, ttlMs: number): Promise<boolean>;
  releaseLease(model: string, leaseId: string): Promise<void>;

  /** With a fence, even an empty append proves the lease is still the caller's (else `lease-lost`). */
  appendJournal(model: string, entries: JournalEntryInput[], fence?: LeaseFence): Promise<void>;
  readJournal(model: string, query?: { runId?: string; limit?: number }): Promise<JournalEntry[]>;

  /** Frees resources (connections, timers); does not stop unit processes of a daemon. */
  close(): Promise<void>;
}

export interface ModelSummary {
  name: string;
  uuid: string;
  type: 'iaas' | 'caas';
  applications: number;
  units: number;
}

/** The state a unit is moved to. Absent fields keep the unit's current value. */
export interface UnitTarget {
  /** The complete set of user options the unit should run with. */
  options?: Record<string, unknown>;
  charm?: string;
  channel?: string;
  revision?: number;
  resources?: Record<string, number | string>;
  /** Generation the unit tracks from now on; null returns it to the application. */
  generation?: string | null;
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface SettleResult {
  settled: boolean;
  units: LiveUnit[];
}

/**
 * Proof that a write is made under the model's lease. The store holding the lease refuses a
 * write whose lease is no longer the current one (GitopsError `lease-lost`, naming the holder
 * that took it), so a run paused past its TTL cannot act after another run took over.
 */
export interface LeaseFence {
  leaseId: string;
}

export interface LeaseHolder {
  host: string;
  pid: number;
  /** The kernel's start time of `pid`: a lease whose holder is gone from this host is taken over at once. */
  pidStart?: string;
  commit?: string;
  /** ISO-8601 time the holder took the lease. */
  since: string;
  purpose: string;
}

export type LeaseResult =
  /** `tookOverFrom`: the previous holder, whose process was gone from this host. */
  | { acquired: true; leaseId: string; tookOverFrom?: LeaseHolder }
  | { acquired: false; holder: LeaseHolder; expiresAt: string };

export type JournalEntryKind = 'run-start' | 'step-start' | 'step-done' | 'step-failed' | 'run-end' | 'note';

export interface JournalEntryInput {
  runId: string;
  kind: JournalEntryKind;
  /** Change id within the run's plan. */
  changeId?: string;
  unit?: string;
  data?: Record<string, unknown>;
}

export interface JournalEntry extends JournalEntryInput {
  seq: number;
  at: string;
}
