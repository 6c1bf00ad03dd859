import type { LiveUnit } from './live.js';

/*
 * The values that cross the backend interface (src/backends/backend.ts). They live here, with
 * the other model types, so a controller can produce them without importing the backends that
 * wrap it.
 */

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

/** How `exec` runs a command on a unit. */
export interface ExecOptions {
  /** The command is stopped (its whole process group) after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Added to the unit's own environment (the executor's UNIT, ADDRESS, PORT, MODEL, APPLICATION). */
  env?: Record<string, string>;
}

export interface ExecResult {
  /** The command's exit code; null when it was stopped before it ended. */
  exitCode: number | null;
  /** The end of what it wrote (backends keep a bounded tail). */
  stdout: string;
  stderr: string;
  /** Why it was stopped: `timed out after N ms`, `interrupted`. */
  stopped?: string;
}

export interface SettleResult {
  settled: boolean;
  units: LiveUnit[];
}

/**
 * Proof that a write is made under the model's lease. The run store holding the lease refuses
 * a write whose lease is no longer the current one (GitopsError `lease-lost`, naming the holder
 * that took it), so a run paused past its TTL cannot act after another run took over.
 * `token` grows by one at every acquisition of the model's lease (a fencing token): a store or
 * backend that only sees tokens can still tell the newer holder from a stale one.
 */
export interface LeaseFence {
  leaseId: string;
  token: number;
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
  | { acquired: true; fence: LeaseFence; tookOverFrom?: LeaseHolder }
  | { acquired: false; holder: LeaseHolder; expiresAt: string };

export interface JournalQuery {
  /** Only this run's entries. */
  runId?: string;
  /** The most recent entries, at most this many (still oldest first). */
  limit?: number;
}

/**
 * `step-planned`: a unit of the next batch, announced before its batch starts; it is touched
 * only once a `step-start` names it.
 */
export type JournalEntryKind = 'run-start' | 'step-planned' | 'step-start' | 'step-done' | 'step-failed' | 'run-end' | 'note';

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
