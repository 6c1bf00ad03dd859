import type { OffBuildRecord } from './units-off-build.js';
import type { ModelBackend } from '../backends/backend.js';
import type { RunStore } from '../backends/run-store.js';
import type { Plan } from '../model/change.js';
import type { ModelConfig, RolloutPolicy } from '../model/config.js';
import type { EventSink, RolloutFailure, RunError, RunOutcome } from './events.js';
import type { UnitResult } from './roll-units.js';
import type { RunPurpose, RunRecord } from './runs.js';

export interface ApplyPlanOptions {
  backend: ModelBackend;
  /** Where the run's journal goes (fenced by the run's lease when it holds one). */
  runs: RunStore;
  plan: Plan;
  config: ModelConfig;
  events: EventSink;
  signal?: AbortSignal;
  runId?: string;
  purpose?: RunPurpose;
  /** Forced over every application's policy, e.g. `{ canary: 0 }` to promote. */
  policyOverride?: Partial<RolloutPolicy>;
  /** Change ids to skip because an interrupted run of this same plan finished them. */
  completedSteps?: ReadonlySet<string>;
  /** False applies restart changes to every unit at once, as `juju deploy` does. */
  rolling?: boolean;
  /** Environment and folder for hooks and exec checks. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Units the journal says run other than their application (see units-off-build.ts); the run keeps it current. */
  offBuild?: Map<string, OffBuildRecord>;
}

export interface ChangeResult {
  changeId: string;
  description: string;
  status: 'done' | 'failed' | 'skipped' | 'pending';
  /** Why the backend refused the change, when it did. */
  error?: string;
}

export interface ApplyResult {
  runId: string;
  model: string;
  outcome: RunOutcome;
  durationMs: number;
  unitsMoved: number;
  changes: ChangeResult[];
  units: UnitResult[];
  failure?: RolloutFailure;
  /** Why the run stopped, when no unit's check did (a backend call or a journal write failed). */
  error?: RunError;
  /** Set when a canary stopped the run: `promote` moves the rest. */
  waitingForPromotion?: { changeId: string; moved: string[]; remaining: string[] };
  /** The interrupted run this one picked up. */
  resumed?: RunRecord;
  /** Store writes made for the journal. */
  journalWrites: number;
  /** False when the run's end could not be stored: the next run closes it as interrupted. */
  journalClosed: boolean;
  /** The first journal write that failed, if one did: the journal may lack entries of this run. */
  journalError?: string;
}
