import type { JournalEntry } from '../backends/backend.js';
import type { PlanSummary } from '../model/change.js';
import type { RolloutFailure, RunError, RunOutcome } from './events.js';

/** Why a run was started; shown in history. */
export type RunPurpose = 'apply' | 'promote' | 'watch' | 'deploy' | 'rollout';

/** What `run-start` records, so history and resume need nothing but the journal. */
export interface RunStartData {
  purpose: RunPurpose;
  commit?: string;
  /** Tracked files of the working tree differed from `commit` when the desired state was read. */
  dirty?: boolean;
  /** Digest of the desired state the run applied (see `digestDesired`). */
  desiredDigest?: string;
  summary?: PlanSummary;
  host: string;
  pid: number;
  liveFingerprint?: string;
  planDigest?: string;
  /** The interrupted run this one picks up. */
  resumes?: string;
}

export interface RunEndData {
  outcome: RunOutcome | 'interrupted';
  durationMs: number;
  unitsMoved: number;
  failure?: RolloutFailure;
  /** What stopped the run when no unit's check did. */
  error?: RunError;
  /** An earlier journal write of the run failed: some of its entries may be missing. */
  journalError?: string;
  resumedBy?: string;
  waitingForPromotion?: { changeId: string; moved: string[]; remaining: string[] };
}

/** One reconcile as the journal tells it. */
export interface RunRecord {
  runId: string;
  start: RunStartData;
  startedAt: string;
  /** When the run wrote its last entry: for a killed run, about when it died. */
  lastAt: string;
  end?: RunEndData;
  endedAt?: string;
  /** Steps started and not finished: changes, or units caught mid-change. */
  inFlight: { changeId?: string; unit?: string }[];
  /** Units announced for a next batch that never started: untouched by this run. */
  planned: { changeId?: string; unit?: string }[];
  unitsDone: string[];
  unitsFailed: string[];
  /** Units found already at their target and only health-checked (a resumed or repeated run). */
  unitsChecked: string[];
  /** Changes finished at application level (in-place changes, finalised restarts). */
  changesDone: string[];
}

const stepKey = (e: { changeId?: string; unit?: string }) => `${e.changeId ?? ''}\u0000${e.unit ?? ''}`;

type Step = { changeId?: string; unit?: string };
type OpenRun = RunRecord & { open: Map<string, Step>; announced: Map<string, Step> };

function markDone(run: OpenRun, step: { changeId?: string; unit?: string; data?: Record<string, unknown> }): void {
  run.open.delete(stepKey(step));
  if (step.unit) (step.data?.skipped ? run.unitsChecked : run.unitsDone).push(step.unit);
  if (!step.unit && step.changeId) run.changesDone.push(step.changeId);
}

/** Groups journal entries into runs, oldest first. Pure: the journal is the only input. */
export function summariseRuns(entries: readonly JournalEntry[]): RunRecord[] {
  const runs = new Map<string, OpenRun>();
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    let run = runs.get(entry.runId);
    if (!run) {
      run = { runId: entry.runId, start: { purpose: 'apply', host: '?', pid: 0 }, startedAt: entry.at, lastAt: entry.at, inFlight: [], planned: [], unitsDone: [], unitsFailed: [], unitsChecked: [], changesDone: [], open: new Map(), announced: new Map() };
      runs.set(entry.runId, run);
    }
    run.lastAt = entry.at;
    // Finished steps folded into a later entry by the journal writer count as finished first.
    for (const done of (entry.data?.completed as { changeId?: string; unit?: string; data?: Record<string, unknown> }[] | undefined) ?? []) {
      markDone(run, done);
    }
    for (const next of (entry.data?.planned as Step[] | undefined) ?? []) run.announced.set(stepKey(next), { changeId: next.changeId, unit: next.unit });
    switch (entry.kind) {
      case 'run-start':
        run.start = entry.data as unknown as RunStartData;
        run.startedAt = entry.at;
        break;
      case 'run-end':
        run.end = entry.data as unknown as RunEndData;
        run.endedAt = entry.at;
        break;
      case 'step-planned':
        run.announced.set(stepKey(entry), { changeId: entry.changeId, unit: entry.unit });
        break;
      case 'step-start':
        run.announced.delete(stepKey(entry));
        run.open.set(stepKey(entry), { changeId: entry.changeId, unit: entry.unit });
        break;
      case 'step-done':
        markDone(run, entry);
        break;
      case 'step-failed':
        run.open.delete(stepKey(entry));
        if (entry.unit) run.unitsFailed.push(entry.unit);
        break;
      case 'note':
        // `cancelled`: how journals before `step-planned` closed a batch announced and never started.
        if (entry.data?.interrupted || entry.data?.cancelled) run.open.delete(stepKey(entry));
        break;
    }
  }
  return [...runs.values()].map(({ open, announced, ...run }) => ({ ...run, inFlight: [...open.values()], planned: [...announced.values()] }));
}

/** The most recent run that never recorded its end: its process died (or lost its lease). */
export function findUnfinishedRun(runs: readonly RunRecord[]): RunRecord | undefined {
  return [...runs].reverse().find((r) => !r.end);
}

/** The canary waiting for `promote`, if the latest finished run stopped for one. */
export function pendingPromotion(runs: readonly RunRecord[]): RunEndData['waitingForPromotion'] | undefined {
  const latest = [...runs].reverse().find((r) => r.end && r.end.outcome !== 'interrupted');
  return latest?.end?.outcome === 'canary' ? latest.end.waitingForPromotion : undefined;
}

/**
 * Changes that interrupted runs of the same plan already finished, following the chain of
 * resumptions back from the given run, so applying a saved plan again skips them.
 */
export function changesDoneByPlan(runs: readonly RunRecord[], unfinished: RunRecord, digest: string): Set<string> {
  const done = new Set<string>();
  const byId = new Map(runs.map((r) => [r.runId, r]));
  for (let run: RunRecord | undefined = unfinished; run && run.start.planDigest === digest; run = run.start.resumes ? byId.get(run.start.resumes) : undefined) {
    for (const id of run.changesDone) done.add(id);
  }
  return done;
}
