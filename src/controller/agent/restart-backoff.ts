import type { RestartPolicy } from '../charms/types.js';

/**
 * When the supervisor starts a dead workload again. Only a workload this build has proven
 * healthy is restarted (a crash, a kill), and so is one that died again while being restarted:
 * a build that never came up after a change is the rollout's to judge, at once, not a restart
 * loop that would hide it behind a health timeout. Each restart waits twice as long as the one
 * before, up to the policy's ceiling; after `attempts` restarts in a row the unit is left in
 * error. A run that stayed healthy `resetAfterMs` starts the count again.
 */
export interface RunHistory {
  /** Restarts made in a row for the unit's current build. */
  restarts: number;
  /** When the run that died was first healthy, if it was. */
  healthyAt?: number;
}

export type RestartDecision =
  | { restart: true; attempt: number; delayMs: number }
  | { restart: false; gaveUpAfter: number };

export function decideRestart(policy: RestartPolicy, run: RunHistory, now: number): RestartDecision {
  const proven = run.healthyAt !== undefined;
  const inRow = proven && now - run.healthyAt! >= policy.resetAfterMs ? 0 : run.restarts;
  if ((!proven && inRow === 0) || inRow >= policy.attempts) return { restart: false, gaveUpAfter: inRow };
  return { restart: true, attempt: inRow + 1, delayMs: Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** inRow) };
}

/** `workload killed by SIGKILL; restart 2 of 5 in 2s`. */
export function restartingMessage(cause: string, decision: Extract<RestartDecision, { restart: true }>, policy: RestartPolicy): string {
  return `${cause}; restart ${decision.attempt} of ${policy.attempts} in ${formatDelay(decision.delayMs)}`;
}

/** The cause, and how many restarts were tried before the unit was left in error. */
export function gaveUpMessage(cause: string, gaveUpAfter: number): string {
  return gaveUpAfter ? `${cause} (gave up after ${gaveUpAfter} restart${gaveUpAfter === 1 ? '' : 's'})` : cause;
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Number((ms / 1000).toFixed(1))}s`;
}
