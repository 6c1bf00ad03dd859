import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ModelBackend } from '../backends/backend.js';
import type { Change, Plan } from '../model/change.js';
import type { ModelConfig, RolloutPolicy } from '../model/config.js';
import { eventFactory, type EventSink, type RolloutFailure, type RunOutcome } from './events.js';
import { readJournalOrEmpty } from './compute-plan.js';
import { JournalWriter } from './journal.js';
import { resolvePolicy } from './policy.js';
import { rollUnits, type UnitResult } from './roll-units.js';
import { findUnfinishedRun, summariseRuns, type RunEndData, type RunPurpose, type RunRecord } from './runs.js';
import { executionSteps, stepId, unitMovesFor, type ExecutionStep } from './unit-moves.js';

export interface ApplyPlanOptions {
  backend: ModelBackend;
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
  /** Set when a canary stopped the run: `promote` moves the rest. */
  waitingForPromotion?: { changeId: string; moved: string[]; remaining: string[] };
  /** The interrupted run this one picked up. */
  resumed?: RunRecord;
  /** Store writes made for the journal. */
  journalWrites: number;
}

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** Identifies a plan's content, so a resumed `--plan FILE` run can prove it is the same plan. */
export function planDigest(plan: Plan): string {
  return createHash('sha256').update(JSON.stringify([plan.model, plan.changes, plan.removals])).digest('hex').slice(0, 16);
}

/**
 * Applies a plan: in-place and destructive changes at once, restart changes unit by unit
 * through `rollUnits`, finalised at application level once every unit has moved. Stops at the
 * first failure or canary. Always returns a result; the journal tells the same story.
 */
export async function applyPlan(opts: ApplyPlanOptions): Promise<ApplyResult> {
  const { backend, plan } = opts;
  const model = plan.model;
  const runId = opts.runId ?? newRunId();
  const emit = eventFactory(runId, opts.events);
  const begun = Date.now();
  const steps = executionSteps([...plan.changes, ...plan.removals], { rolling: opts.rolling });
  const resumed = findUnfinishedRun(summariseRuns(await readJournalOrEmpty(backend, model)));
  const changes: ChangeResult[] = [...plan.changes, ...plan.removals].map((c) => ({ changeId: c.id, description: c.description, status: 'pending' }));
  const result: ApplyResult = { runId, model, outcome: 'unchanged', durationMs: 0, unitsMoved: 0, changes, units: [], resumed, journalWrites: 0 };
  if (steps.length === 0 && !resumed) return result;

  const journal = new JournalWriter(backend, model, runId);
  await journal.before([
    ...(resumed ? [{ runId: resumed.runId, kind: 'run-end' as const, data: { outcome: 'interrupted', durationMs: 0, unitsMoved: 0, resumedBy: runId } }] : []),
    {
      kind: 'run-start',
      data: {
        purpose: opts.purpose ?? 'apply', commit: plan.sourceCommit, summary: plan.summary, host: hostname(), pid: process.pid,
        liveFingerprint: plan.liveFingerprint, planDigest: planDigest(plan), ...(resumed ? { resumes: resumed.runId } : {}),
      },
    },
  ]);
  emit({ type: 'run-start', model, commit: plan.sourceCommit, changes: steps.length, ...(resumed ? { resumes: resumed.runId } : {}) });
  if (resumed) {
    const caught = resumed.inFlight.map((s) => s.unit ?? s.changeId).filter(Boolean);
    emit({
      type: 'note',
      message: `resuming run ${resumed.runId} (started ${resumed.startedAt}), which stopped without finishing` +
        (caught.length ? `; caught mid-change: ${caught.join(', ')} (checked, not assumed)` : ''),
    });
  }

  const mark = (ids: string[], status: ChangeResult['status']) => {
    for (const c of changes) if (ids.includes(c.changeId)) c.status = status;
  };
  for (const step of steps) {
    if (opts.signal?.aborted) {
      result.outcome = 'aborted';
      break;
    }
    const ids = step.kind === 'at-once' ? [step.change.id] : step.changes.map((c) => c.id);
    if (opts.completedSteps && ids.every((id) => opts.completedSteps!.has(id))) {
      mark(ids, 'skipped');
      continue;
    }
    const stop = step.kind === 'at-once' ? await applyAtOnce(opts, journal, emit, step.change, changes) : await roll(opts, journal, emit, runId, step, result, changes);
    if (stop) {
      mark(ids, stop === 'failed' ? 'failed' : 'pending');
      result.outcome = stop;
      break;
    }
    mark(ids, 'done');
  }
  if (result.outcome === 'unchanged' && steps.length > 0) result.outcome = 'done';
  result.durationMs = Date.now() - begun;
  const end: RunEndData = {
    outcome: result.outcome, durationMs: result.durationMs, unitsMoved: result.unitsMoved,
    ...(result.failure ? { failure: result.failure } : {}),
    ...(result.waitingForPromotion ? { waitingForPromotion: result.waitingForPromotion } : {}),
  };
  journal.after([{ kind: 'run-end', data: end as unknown as Record<string, unknown> }]);
  await journal.flush();
  result.journalWrites = journal.writes;
  emit({ type: 'run-end', model, outcome: result.outcome, durationMs: result.durationMs, unitsMoved: result.unitsMoved, ...(result.failure ? { failure: result.failure } : {}) });
  return result;
}

type Emit = ReturnType<typeof eventFactory>;
type Stop = 'failed' | 'canary' | 'aborted' | undefined;

function recordError(changes: ChangeResult[], changeId: string, message: string): void {
  const found = changes.find((c) => c.changeId === changeId);
  if (found) found.error = message;
}

async function applyAtOnce(opts: ApplyPlanOptions, journal: JournalWriter, emit: Emit, change: Change, changes: ChangeResult[]): Promise<Stop> {
  emit({ type: 'change-start', changeId: change.id, description: change.description, classification: change.classification });
  await journal.before([{ kind: 'step-start', changeId: change.id, data: { kind: change.kind } }]);
  try {
    await opts.backend.applyChange(opts.plan.model, change);
  } catch (error) {
    const message = (error as Error).message;
    journal.after([{ kind: 'step-failed', changeId: change.id, data: { check: 'apply', output: message } }]);
    emit({ type: 'change-failed', changeId: change.id, message });
    recordError(changes, change.id, message);
    return 'failed';
  }
  journal.after([{ kind: 'step-done', changeId: change.id }]);
  emit({ type: 'change-done', changeId: change.id });
  return undefined;
}

async function roll(
  opts: ApplyPlanOptions,
  journal: JournalWriter,
  emit: Emit,
  runId: string,
  step: Extract<ExecutionStep, { kind: 'roll' }>,
  result: ApplyResult,
  changes: ChangeResult[],
): Promise<Stop> {
  const model = opts.plan.model;
  const changeId = stepId(step);
  const live = await opts.backend.readModel(model);
  const moves = unitMovesFor(live, step.application, step.changes);
  const description = step.changes.map((c) => c.description).join('; ');
  emit({ type: 'change-start', changeId, description, classification: 'restart', units: moves.map((m) => m.unit) });
  const rolled = await rollUnits({
    backend: opts.backend, model, moves, runId, changeId, journal, signal: opts.signal,
    policy: resolvePolicy(opts.config, step.application, opts.policyOverride),
    events: opts.events, secrets: opts.config.secrets, env: opts.env, cwd: opts.cwd,
  });
  result.units.push(...rolled.units);
  result.unitsMoved += rolled.moved;
  if (rolled.outcome === 'failed') {
    result.failure = rolled.failure;
    emit({ type: 'change-failed', changeId, message: `unit ${rolled.failure?.unit} failed its ${rolled.failure?.check} check` });
    return 'failed';
  }
  if (rolled.outcome === 'canary') {
    result.waitingForPromotion = { changeId, ...rolled.canary! };
    journal.after([{ kind: 'note', changeId, data: { state: 'waiting for promotion', ...rolled.canary } }]);
    return 'canary';
  }
  if (rolled.outcome === 'aborted') return 'aborted';
  // Every unit runs the change: record it on the application, which leaves moved units as they are.
  for (const change of step.changes) {
    await journal.before([{ kind: 'step-start', changeId: change.id, data: { kind: change.kind, finalise: true } }]);
    try {
      await opts.backend.applyChange(model, change);
    } catch (error) {
      const message = (error as Error).message;
      journal.after([{ kind: 'step-failed', changeId: change.id, data: { check: 'apply', output: message } }]);
      emit({ type: 'change-failed', changeId, message });
      recordError(changes, change.id, message);
      return 'failed';
    }
    journal.after([{ kind: 'step-done', changeId: change.id }]);
  }
  emit({ type: 'change-done', changeId });
  return undefined;
}
