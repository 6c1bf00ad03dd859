import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Plan } from '../model/change.js';
import { errorSummary } from '../model/errors.js';
import { eventFactory } from './events.js';
import { readRecentJournal } from './read-journal.js';
import { JournalWriter } from './journal.js';
import { applyAtOnce, rollStep, type StepContext, type Stop } from './plan-steps.js';
import { retryingJournalReads, retryingReads } from './retry-reads.js';
import { isLeaseLost, runError } from './run-error.js';
import type { ApplyPlanOptions, ApplyResult, ChangeResult } from './run-types.js';
import { findUnfinishedRun, summariseRuns, type RunEndData, type RunRecord } from './runs.js';
import { executionSteps, stepId, type ExecutionStep } from './unit-moves.js';

export type { ApplyPlanOptions, ApplyResult, ChangeResult } from './run-types.js';

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** Identifies a plan's content, so a resumed `--plan FILE` run can prove it is the same plan. */
export function planDigest(plan: Plan): string {
  return createHash('sha256').update(JSON.stringify([plan.model, plan.changes, plan.removals])).digest('hex').slice(0, 16);
}

/**
 * How a run that died is closed by the one resuming it: what its journal proves it did (units
 * it finished), and how long it ran until its last entry — so moved units add up across runs.
 */
function interruptedEnd(run: RunRecord, resumedBy: string): Record<string, unknown> {
  const durationMs = Math.max(0, Date.parse(run.lastAt) - Date.parse(run.startedAt));
  return { outcome: 'interrupted', durationMs, unitsMoved: run.unitsDone.length, resumedBy };
}

/** What the run says when it picks up one that stopped without finishing. */
function resumeNote(resumed: RunRecord): string {
  const caught = resumed.inFlight.map((s) => s.unit ?? s.changeId).filter(Boolean);
  const planned = resumed.planned.map((s) => s.unit).filter(Boolean);
  return `resuming run ${resumed.runId} (started ${resumed.startedAt}), which stopped without finishing` +
    (caught.length ? `; caught mid-change: ${caught.join(', ')} (checked, not assumed)` : '') +
    (planned.length ? `; planned next and never touched: ${planned.join(', ')}` : '');
}

/**
 * Applies a plan: in-place and destructive changes at once, restart changes unit by unit
 * through `rollUnits`, finalised at application level once every unit has moved. Stops at the
 * first failure or canary. Total: whatever fails (a backend call, a journal write, a probe), the
 * run ends with a result and, while the journal can be written, a `run-end` telling the same
 * story; a run whose end could not be stored is closed by the next one as interrupted.
 */
export async function applyPlan(opts: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan } = opts;
  const backend = retryingReads(opts.backend, opts.signal);
  const runs = retryingJournalReads(opts.runs, opts.signal);
  const model = plan.model;
  const runId = opts.runId ?? newRunId();
  const emit = eventFactory(runId, opts.events);
  const begun = Date.now();
  const steps = executionSteps([...plan.changes, ...plan.removals], { rolling: opts.rolling });
  const changes: ChangeResult[] = [...plan.changes, ...plan.removals].map((c) => ({ changeId: c.id, description: c.description, status: 'pending' }));
  const result: ApplyResult = { runId, model, outcome: 'unchanged', durationMs: 0, unitsMoved: 0, changes, units: [], journalWrites: 0, journalClosed: true };
  const fail = (error: unknown, changeId?: string) => {
    // A lost lease outranks whatever it caused: the run stopped because another run owns the model.
    if (result.error && (!isLeaseLost(error) || isLeaseLost(result.error))) return;
    result.error = runError(error, changeId);
    result.outcome = isLeaseLost(error) || opts.signal?.aborted ? 'aborted' : 'failed';
  };

  let resumed: RunRecord | undefined;
  try {
    resumed = findUnfinishedRun(summariseRuns(await readRecentJournal(runs, model)));
  } catch (error) {
    // Without the journal there is no knowing what an earlier run left half done: act on nothing.
    fail(error);
  }
  if (steps.length === 0 && !resumed && !result.error) return result;
  if (resumed) result.resumed = resumed;

  const journal = new JournalWriter(runs, model, runId);
  try {
    await journal.before([
      ...(resumed ? [{ runId: resumed.runId, kind: 'run-end' as const, data: interruptedEnd(resumed, runId) }] : []),
      {
        kind: 'run-start',
        data: {
          purpose: opts.purpose ?? 'apply', commit: plan.sourceCommit, ...(plan.sourceDirty ? { dirty: true } : {}),
          ...(plan.desiredDigest ? { desiredDigest: plan.desiredDigest } : {}), summary: plan.summary, host: hostname(), pid: process.pid,
          liveFingerprint: plan.liveFingerprint, planDigest: planDigest(plan), ...(resumed ? { resumes: resumed.runId } : {}),
        },
      },
    ]);
  } catch (error) {
    // Nothing was done, and the journal could not even say the run began: no run-end follows
    // (if the start was stored after all, the next run closes it as interrupted).
    fail(error);
    result.durationMs = Date.now() - begun;
    result.journalClosed = false;
    result.journalError = errorSummary(error);
    result.journalWrites = journal.writes;
    return result;
  }
  emit({ type: 'run-start', model, commit: plan.sourceCommit, changes: steps.length, ...(resumed ? { resumes: resumed.runId } : {}) });
  if (resumed) emit({ type: 'note', message: resumeNote(resumed) });

  if (!result.error) await runSteps({ opts, backend, journal, emit, runId, result, fail }, steps);
  if (result.outcome === 'unchanged' && steps.length > 0) result.outcome = 'done';
  if (journal.error !== undefined) fail(journal.error);
  result.durationMs = Date.now() - begun;
  const end: RunEndData = {
    outcome: result.outcome, durationMs: result.durationMs, unitsMoved: result.unitsMoved,
    ...(result.failure ? { failure: result.failure } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(journal.error !== undefined ? { journalError: errorSummary(journal.error) } : {}),
    ...(result.waitingForPromotion ? { waitingForPromotion: result.waitingForPromotion } : {}),
  };
  result.journalClosed = await journal.close([{ kind: 'run-end', data: end as unknown as Record<string, unknown> }]);
  if (journal.error !== undefined) {
    result.journalError = errorSummary(journal.error);
    // Only a lost lease changes the outcome this late; the run's end is then the store's to refuse.
    if (isLeaseLost(journal.error)) fail(journal.error);
  }
  result.journalWrites = journal.writes;
  emit({
    type: 'run-end', model, outcome: result.outcome, durationMs: result.durationMs, unitsMoved: result.unitsMoved,
    ...(result.failure ? { failure: result.failure } : {}), ...(result.error ? { error: result.error } : {}),
  });
  return result;
}

/** Runs the steps in order until one stops the run; an error thrown by a step fails the run there. */
async function runSteps(ctx: StepContext, steps: readonly ExecutionStep[]): Promise<void> {
  const { opts, result } = ctx;
  const mark = (ids: string[], status: ChangeResult['status']) => {
    for (const c of result.changes) if (ids.includes(c.changeId)) c.status = status;
  };
  for (const step of steps) {
    if (opts.signal?.aborted) {
      result.outcome = 'aborted';
      return;
    }
    const ids = step.kind === 'at-once' ? [step.change.id] : step.changes.map((c) => c.id);
    if (opts.completedSteps && ids.every((id) => opts.completedSteps!.has(id))) {
      mark(ids, 'skipped');
      continue;
    }
    let stop: Stop;
    try {
      stop = step.kind === 'at-once' ? await applyAtOnce(ctx, step.change) : await rollStep(ctx, step);
    } catch (error) {
      // A read that kept failing, or a journal write refused before the step could act.
      const changeId = stepId(step);
      ctx.emit({ type: 'change-failed', changeId, message: errorSummary(error) });
      for (const c of result.changes) if (ids.includes(c.changeId)) c.error ??= errorSummary(error);
      ctx.fail(error, changeId);
      stop = 'failed';
    }
    if (stop) {
      mark(ids, stop === 'failed' ? 'failed' : 'pending');
      if (!result.error || stop !== 'failed') result.outcome = stop;
      return;
    }
    mark(ids, 'done');
  }
}
