import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Plan } from '../model/change.js';
import { eventFactory } from './events.js';
import { readJournalOrEmpty } from './read-journal.js';
import { JournalWriter } from './journal.js';
import { applyAtOnce, rollStep, type StepContext } from './plan-steps.js';
import type { ApplyPlanOptions, ApplyResult, ChangeResult } from './run-types.js';
import { findUnfinishedRun, summariseRuns, type RunEndData, type RunRecord } from './runs.js';
import { executionSteps } from './unit-moves.js';

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
    const ctx: StepContext = { opts, journal, emit, runId, result };
    const stop = step.kind === 'at-once' ? await applyAtOnce(ctx, step.change) : await rollStep(ctx, step);
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
