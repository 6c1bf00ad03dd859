import type { ModelBackend } from '../backends/backend.js';
import type { Change } from '../model/change.js';
import type { ApplyPlanOptions, ApplyResult } from './run-types.js';
import type { eventFactory } from './events.js';
import type { JournalWriter } from './journal.js';
import { stepPolicy } from './policy.js';
import { rollUnits } from './roll-units.js';
import { onlyHeals, stepId, unitMovesFor, type ExecutionStep } from './unit-moves.js';
import { errorSummary } from '../model/errors.js';
import { secretOptionNames } from '../plan/index.js';
import { movesByActions, offBuildAfterRoll, offBuildEntry } from './units-off-build.js';

/** What every step of a run works with; `result` collects units, failures and canary state. */
export interface StepContext {
  opts: ApplyPlanOptions;
  /** The backend as the run uses it: reads retried, writes (fenced by the caller) as they are. */
  backend: ModelBackend;
  journal: JournalWriter;
  emit: ReturnType<typeof eventFactory>;
  runId: string;
  result: ApplyResult;
  /** Records what stopped the run when no unit's check did. */
  fail(error: unknown, changeId?: string): void;
}

/** Why a run stops after a step; undefined: go on. */
export type Stop = 'failed' | 'canary' | 'aborted' | undefined;

/** One application-level change through the backend, journalled before and after. */
async function applyJournalled(ctx: StepContext, change: Change, reportAs: string, data: Record<string, unknown>): Promise<boolean> {
  await ctx.journal.before([{ kind: 'step-start', changeId: change.id, data }]);
  try {
    await ctx.backend.applyChange(ctx.opts.plan.model, change);
  } catch (error) {
    const message = errorSummary(error);
    ctx.journal.after([{ kind: 'step-failed', changeId: change.id, data: { check: 'apply', output: message } }]);
    ctx.emit({ type: 'change-failed', changeId: reportAs, message });
    const found = ctx.result.changes.find((c) => c.changeId === change.id);
    if (found) found.error = message;
    ctx.fail(error, change.id);
    return false;
  }
  ctx.journal.after([{ kind: 'step-done', changeId: change.id }]);
  return true;
}

export async function applyAtOnce(ctx: StepContext, change: Change): Promise<Stop> {
  ctx.emit({ type: 'change-start', changeId: change.id, description: change.description, classification: change.classification });
  if (!(await applyJournalled(ctx, change, change.id, { kind: change.kind }))) return 'failed';
  ctx.emit({ type: 'change-done', changeId: change.id });
  return undefined;
}

/**
 * Rolls an application's restart changes unit by unit, then records them on the application
 * (which leaves the already-moved units as they are). A canary or a failed unit stops here.
 */
export async function rollStep(ctx: StepContext, step: Extract<ExecutionStep, { kind: 'roll' }>): Promise<Stop> {
  const { opts, result } = ctx;
  const model = opts.plan.model;
  const changeId = stepId(step);
  const live = await ctx.backend.readModel(model);
  const moves = unitMovesFor(live, step.application, step.changes);
  const description = step.changes.map((c) => c.description).join('; ');
  const classification = step.changes.some((c) => c.classification === 'all-at-once') ? 'all-at-once' : 'restart';
  ctx.emit({ type: 'change-start', changeId, description, classification, units: moves.map((m) => m.unit) });
  const policy = stepPolicy(opts.config, step, moves.map((m) => m.unit), opts.policyOverride);
  const tracked = movesByActions(step.changes);
  const rolled = await rollUnits({
    backend: ctx.backend, runs: opts.runs, model, moves, runId: ctx.runId, changeId, journal: ctx.journal, signal: opts.signal, live,
    // Healing returns units to the build the others already run: no canary stop for it.
    policy: onlyHeals(step.changes) ? { ...policy, canary: 0 } : policy,
    events: opts.events, secrets: [...opts.config.secrets, ...secretOptionNames(live)], env: opts.env, cwd: opts.cwd,
    ...(tracked ? { offBuild: step.application } : {}),
  });
  result.units.push(...rolled.units);
  result.unitsMoved += rolled.moved;
  if (tracked && rolled.error === undefined) {
    const record = offBuildAfterRoll(step.application, rolled.outcome, rolled.units);
    ctx.journal.after([offBuildEntry(changeId, record)]);
    opts.offBuild?.set(step.application, record);
  }
  if (rolled.error !== undefined) {
    ctx.emit({ type: 'change-failed', changeId, message: errorSummary(rolled.error) });
    ctx.fail(rolled.error, changeId);
    return 'failed';
  }
  if (rolled.outcome === 'failed') {
    result.failure = rolled.failure;
    ctx.emit({ type: 'change-failed', changeId, message: `unit ${rolled.failure?.unit} failed its ${rolled.failure?.check} check` });
    return 'failed';
  }
  if (rolled.outcome === 'canary') {
    result.waitingForPromotion = { changeId, ...rolled.canary! };
    ctx.journal.after([{ kind: 'note', changeId, data: { state: 'waiting for promotion', ...rolled.canary } }]);
    return 'canary';
  }
  if (rolled.outcome === 'aborted') return 'aborted';
  // A heal has nothing to record on the application: its units now run what it says.
  for (const change of step.changes.filter((c) => c.kind !== 'heal-units')) {
    if (!(await applyJournalled(ctx, change, changeId, { kind: change.kind, finalise: true }))) return 'failed';
  }
  ctx.emit({ type: 'change-done', changeId });
  return undefined;
}
