import type { Change } from '../model/change.js';
import type {
  ExecOptions,
  ExecResult,
  LeaseFence,
  ModelSummary,
  SettleResult,
  UnitTarget,
  WaitOptions,
} from '../model/backend-data.js';
import type { BackendCapabilities } from '../model/capabilities.js';
import type { GenerationChanges, LiveModel } from '../model/live.js';

export type {
  ExecOptions,
  ExecResult,
  JournalEntry,
  JournalEntryInput,
  JournalEntryKind,
  LeaseFence,
  LeaseHolder,
  LeaseResult,
  ModelSummary,
  SettleResult,
  UnitTarget,
  WaitOptions,
} from '../model/backend-data.js';
export type { BackendCapabilities, UnitStaging } from '../model/capabilities.js';

/**
 * Everything juju-gitops needs from a place where models live. Leases and journals are not
 * here: they live in a RunStore (run-store.ts). Writes take the run's lease fence; a backend
 * whose store shares a transaction with the run store (the embedded controller) refuses a
 * stale one in the same step as the write, and on every backend the journal entry written
 * before each step proves the lease to the run store first. The embedded controller
 * (`local`) and real Juju controllers (`juju`) implement it; test/conformance checks both
 * against the same suite.
 */
export interface ModelBackend {
  readonly kind: 'local' | 'juju';
  /** Controller name, as it appears in offer URLs and status. */
  readonly controllerName: string;
  /** What this backend can do; plans and tests read it instead of guessing from `kind`. */
  readonly capabilities: BackendCapabilities;

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
  /**
   * Runs a shell command on the unit, where its workload runs: in its folder with its
   * environment (local), or `juju exec` on its machine. A command that fails answers with its
   * exit code; only a unit or controller that cannot be reached throws.
   */
  exec(model: string, unit: string, command: string, opts: ExecOptions): Promise<ExecResult>;

  /** Records the open generation (or its end, with null); units keep their own tracking. */
  setGeneration(model: string, generation: { name: string; applications: Record<string, GenerationChanges> } | null, fence?: LeaseFence): Promise<void>;

  /** Frees resources (connections, timers); does not stop unit processes of a daemon. */
  close(): Promise<void>;
}
