import type { ApplyResult } from '../apply/apply-plan.js';
import type { HealthCheckKind, RolloutEvent, RolloutFailure, RunOutcome, UnitPhase } from '../apply/events.js';
import type { Change, Classification, Plan } from '../model/change.js';

export const runOutcomes: readonly RunOutcome[] = ['done', 'unchanged', 'failed', 'canary', 'aborted'];

/** One unit's row in a rollout: where it is in its move, and what it moves from and to (secret-masked by the executor). */
export interface UnitProgress {
  changeId: string;
  phase: UnitPhase;
  from: string;
  to: string;
  detail?: string;
  at: string;
  /** The unit's last health check in this rollout; a failing one keeps its output. */
  check?: { kind: HealthCheckKind; ok: boolean; output: string };
}

/** The latest rollout of a model, as its events told it; `outcome` is set once it ended. */
export interface RolloutProgress {
  runId: string;
  startedAt: string;
  commit?: string;
  changes: { id: string; description: string; classification: Classification; state: 'running' | 'done' | 'failed'; units?: string[]; message?: string }[];
  units: Record<string, UnitProgress>;
  /** What the rollout waits for right now. */
  waiting?: string;
  outcome?: RunOutcome;
  endedAt?: string;
  unitsMoved?: number;
  failure?: RolloutFailure;
  /** Set while a canary waits for `promote`. */
  canary?: { moved: string[]; remaining: string[] };
}

/** What the repository would still change in the model: the last plan the watch computed. */
export interface PendingChanges {
  at: string;
  changes: Change[];
  removals: Change[];
}

/** What the watch did to one model since it started. */
export interface ModelActivity {
  reconciles: Record<RunOutcome, number>;
  unitsMoved: number;
  rolloutFailures: number;
  lastReconcile?: { at: string; outcome: RunOutcome; runId: string };
  /** The last drift check: how many changes it found between the repository and the model. */
  drift?: { at: string; changes: number };
  /** The changes behind `drift`, cleared by a reconcile that applied them. */
  pending?: PendingChanges;
  lastError?: { at: string; message: string };
  rollout?: RolloutProgress;
  /** The unit that stopped the last failed rollout, kept until a rollout goes through. */
  lastFailure?: RolloutFailure & { runId: string; at: string };
}

/** A model the watch has done nothing to yet. */
export function emptyActivity(): ModelActivity {
  return { reconciles: Object.fromEntries(runOutcomes.map((o) => [o, 0])) as Record<RunOutcome, number>, unitsMoved: 0, rolloutFailures: 0 };
}

export interface WatchStateSnapshot {
  startedAt: string;
  errors: number;
  /** The last failure not tied to one model (the repository's config unreadable); cleared by the next good run. */
  lastError?: { at: string; message: string };
  models: Record<string, ModelActivity>;
}

/**
 * What the watch loop has seen, kept in memory for the status page and the metrics. Reconciles
 * are counted from results, since a reconcile with nothing to do emits no events; units moved
 * and failures from `run-end` events, which also cover the runs that move generation units.
 */
export class WatchState {
  private readonly startedAt: string;
  private readonly models = new Map<string, ModelActivity>();
  /** Runs in progress, so events that carry only a run id find their model. */
  private readonly runs = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private errors = 0;
  private lastError: WatchStateSnapshot['lastError'];

  constructor(models: readonly string[] = [], private readonly now: () => Date = () => new Date()) {
    this.startedAt = now().toISOString();
    for (const model of models) this.model(model);
  }

  event(e: RolloutEvent): void {
    if (e.type === 'run-start') {
      // The watch runs one reconcile at a time: a run of this model that never ended (it threw) is over.
      for (const [runId, model] of this.runs) if (model === e.model) this.runs.delete(runId);
      this.runs.set(e.runId, e.model);
      this.model(e.model).rollout = { runId: e.runId, startedAt: e.at, commit: e.commit, changes: [], units: {} };
      return this.changed();
    }
    const model = this.runs.get(e.runId);
    const rollout = model === undefined ? undefined : this.models.get(model)?.rollout;
    if (model === undefined || !rollout || rollout.runId !== e.runId) return;
    const change = (id: string) => rollout.changes.find((c) => c.id === id);
    switch (e.type) {
      case 'change-start':
        rollout.changes.push({ id: e.changeId, description: e.description, classification: e.classification, state: 'running', ...(e.units ? { units: e.units } : {}) });
        break;
      case 'change-done':
      case 'change-failed': {
        const found = change(e.changeId);
        if (found) found.state = e.type === 'change-done' ? 'done' : 'failed';
        if (found && e.type === 'change-failed') found.message = e.message;
        break;
      }
      case 'unit': {
        const check = rollout.units[e.unit]?.check;
        rollout.units[e.unit] = { changeId: e.changeId, phase: e.phase, from: e.from, to: e.to, ...(e.detail ? { detail: e.detail } : {}), at: e.at, ...(check ? { check } : {}) };
        break;
      }
      case 'check': {
        const unit = rollout.units[e.unit];
        if (unit) unit.check = { kind: e.check, ok: e.ok, output: e.output };
        break;
      }
      case 'wait':
        rollout.waiting = e.what;
        break;
      case 'canary':
        rollout.canary = { moved: e.moved, remaining: e.remaining };
        break;
      case 'run-end': {
        const activity = this.model(model);
        Object.assign(rollout, { outcome: e.outcome, endedAt: e.at, unitsMoved: e.unitsMoved, waiting: undefined, ...(e.failure ? { failure: e.failure } : {}) });
        activity.unitsMoved += e.unitsMoved;
        if (e.outcome === 'failed') activity.rolloutFailures += 1;
        // A run's result (below) says the same; this covers callers that only see events.
        activity.lastReconcile = { at: e.at, outcome: e.outcome, runId: e.runId };
        if (e.outcome === 'done') activity.pending = { at: e.at, changes: [], removals: [] };
        if (e.failure) activity.lastFailure = { ...e.failure, runId: e.runId, at: e.at };
        else if (e.outcome === 'done') delete activity.lastFailure;
        this.runs.delete(e.runId);
        break;
      }
    }
    this.changed();
  }

  result(result: ApplyResult): void {
    const activity = this.model(result.model);
    activity.reconciles[result.outcome] += 1;
    activity.lastReconcile = { at: this.now().toISOString(), outcome: result.outcome, runId: result.runId };
    // What was pending has been applied; the next drift check says what is left.
    if (result.outcome === 'done' || result.outcome === 'unchanged') activity.pending = { at: activity.lastReconcile.at, changes: [], removals: [] };
    delete activity.lastError;
    this.lastError = undefined;
    this.changed();
  }

  /** A drift check's plan: what the repository would change in the model now. */
  drift(model: string, plan: Pick<Plan, 'changes' | 'removals'>): void {
    const activity = this.model(model);
    const at = this.now().toISOString();
    activity.drift = { at, changes: plan.changes.length + plan.removals.length };
    activity.pending = { at, changes: plan.changes, removals: plan.removals };
    delete activity.lastError;
    this.lastError = undefined;
    this.changed();
  }

  /** A run of the watch that failed (a broken commit, an unreachable controller). */
  error(error: unknown, model?: string): void {
    this.errors += 1;
    const failure = { at: this.now().toISOString(), message: error instanceof Error ? error.message : String(error) };
    if (model === undefined) this.lastError = failure;
    else this.model(model).lastError = failure;
    this.changed();
  }

  /** Calls `listener` after every change to the state (the status page's live updates); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** A deep copy, so a page being rendered never sees a half-applied event. */
  snapshot(): WatchStateSnapshot {
    const lastError = this.lastError ? { lastError: this.lastError } : {};
    return structuredClone({ startedAt: this.startedAt, errors: this.errors, ...lastError, models: Object.fromEntries(this.models) });
  }

  private model(name: string): ModelActivity {
    let activity = this.models.get(name);
    if (!activity) {
      activity = emptyActivity();
      this.models.set(name, activity);
    }
    return activity;
  }
}
