import type { RunRecord } from '../apply/runs.js';
import type { ModelActivity } from './watch-state.js';

/** Where a model stands against its repository, as the overview card says it. */
export type SyncState = 'in-sync' | 'out-of-sync' | 'progressing' | 'failed' | 'waiting-for-promotion' | 'unknown';

export const syncLabels: Record<SyncState, string> = {
  'in-sync': 'in sync',
  'out-of-sync': 'out of sync',
  progressing: 'progressing',
  failed: 'failed',
  'waiting-for-promotion': 'waiting for promotion',
  unknown: 'not checked yet',
};

export interface Health {
  units: number;
  active: number;
  /** Units whose workload is in error or blocked. */
  failing: number;
}

/**
 * The most telling state first: a rollout in flight, then how the last reconcile ended (the
 * watch's own, else the journal's latest run), then what the last plan left to do.
 */
export function syncStateOf(input: { activity: ModelActivity; runs: readonly RunRecord[]; reachable: boolean; deployed: boolean }): SyncState {
  const { activity } = input;
  if (!input.reachable) return 'unknown';
  if (activity.rollout && !activity.rollout.outcome) return 'progressing';
  const latest = [...input.runs].reverse().find((r) => r.end && r.end.outcome !== 'interrupted');
  const outcome = activity.lastReconcile?.outcome ?? latest?.end?.outcome;
  if (outcome === 'failed') return 'failed';
  if (outcome === 'canary') return 'waiting-for-promotion';
  const pending = activity.pending;
  if (pending) return pending.changes.length + pending.removals.length ? 'out-of-sync' : 'in-sync';
  if (activity.drift) return activity.drift.changes ? 'out-of-sync' : 'in-sync';
  if (!input.deployed) return 'out-of-sync';
  return outcome === 'done' || outcome === 'unchanged' ? 'in-sync' : 'unknown';
}

export function healthOf(workloads: readonly string[]): Health {
  return {
    units: workloads.length,
    active: workloads.filter((w) => w === 'active').length,
    failing: workloads.filter((w) => w === 'error' || w === 'blocked').length,
  };
}

/** The newest run that finished its plan, with the commit it applied. */
export function lastAppliedOf(runs: readonly RunRecord[]): { commit?: string; at: string; runId: string } | undefined {
  const run = [...runs].reverse().find((r) => r.end?.outcome === 'done' || r.end?.outcome === 'unchanged');
  return run ? { ...(run.start.commit ? { commit: run.start.commit } : {}), at: run.endedAt ?? run.startedAt, runId: run.runId } : undefined;
}
