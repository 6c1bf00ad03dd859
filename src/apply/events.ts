import type { Classification } from '../model/change.js';

/** Where one unit is in its move; views show it in the unit's row. */
export type UnitPhase =
  | 'queued'
  | 'draining'
  | 'applying'
  | 'settling'
  | 'checking'
  | 'undraining'
  | 'rolling-back'
  | 'done'
  | 'skipped'
  | 'failed';

export type HealthCheckKind = 'status' | 'http' | 'exec' | 'drain' | 'undrain' | 'apply';

export type RunOutcome = 'done' | 'unchanged' | 'failed' | 'canary' | 'aborted';

/** The unit that stopped a rollout, with what was checked and what it last said. */
export interface RolloutFailure {
  unit: string;
  changeId: string;
  check: HealthCheckKind;
  output: string;
  /** True when `rollback: true` returned the unit to what it ran before. */
  rolledBack: boolean;
}

/** What stopped a run when it was not a unit failing its check: a backend call, the journal, a lost lease. */
export interface RunError {
  code: string;
  message: string;
  hint?: string;
  /** The change being applied when it happened. */
  changeId?: string;
}

interface EventBase {
  /** ISO-8601 time the event happened. */
  at: string;
  runId: string;
}

/**
 * Everything the executor reports, as plain values: views (live table, plain lines, NDJSON)
 * render these and nothing else, so the executor never formats output.
 */
export type RolloutEvent = EventBase &
  (
    | { type: 'run-start'; model: string; commit?: string; changes: number; resumes?: string }
    | { type: 'change-start'; changeId: string; description: string; classification: Classification; units?: string[] }
    | { type: 'change-done'; changeId: string }
    | { type: 'change-failed'; changeId: string; message: string }
    | {
        type: 'unit';
        changeId: string;
        unit: string;
        phase: UnitPhase;
        /** Short, secret-masked summary of what the unit ran before and runs after. */
        from: string;
        to: string;
        elapsedMs: number;
        detail?: string;
      }
    /** Every wait announces what it waits for and for how long at most. */
    | { type: 'wait'; what: string; unit?: string; timeoutMs?: number }
    | { type: 'check'; unit: string; check: HealthCheckKind; ok: boolean; output: string }
    | { type: 'canary'; changeId: string; moved: string[]; remaining: string[] }
    | { type: 'note'; message: string }
    | {
        type: 'run-end';
        model: string;
        outcome: RunOutcome;
        durationMs: number;
        unitsMoved: number;
        failure?: RolloutFailure;
        error?: RunError;
      }
  );

export type RolloutEventType = RolloutEvent['type'];

export type EventSink = (event: RolloutEvent) => void;

/** Builds events stamped with the run and the current time, so callers state only what happened. */
export function eventFactory(runId: string, sink: EventSink, now: () => Date = () => new Date()) {
  return <E extends DistributiveOmit<RolloutEvent, 'at' | 'runId'>>(event: E): void => {
    sink({ ...event, at: now().toISOString(), runId } as RolloutEvent);
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
