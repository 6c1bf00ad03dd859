/**
 * The reconcile executor. `applyPlan` walks a plan in order: in-place and destructive changes
 * go to the backend at once; `restart` changes are rolled by `rollUnits`, batch by batch in the
 * policy's order (leader last by default), each unit drained, moved, settled, health-checked
 * (status, http or exec) and undrained before the next batch; then the change is recorded at
 * application level. The first failed unit stops everything (optionally rolled back); a canary
 * stops after N units until `promote`. Every step is journalled in the run store before it
 * runs (the append proving the run still holds the model's lease) and after, with finished-step entries riding along with the next write, so a run
 * killed anywhere is picked up by the next one: units already at their target are only
 * health-checked, never assumed. The executor reports through typed `RolloutEvent`s and
 * always returns a result; rendering is left to views.
 */
export { applyPlan, newRunId, planDigest, type ApplyPlanOptions, type ApplyResult, type ChangeResult } from './apply-plan.js';
export { rollUnits, type RollUnitsOptions, type RollResult, type UnitMove, type UnitResult, type UnitStatus } from './roll-units.js';
export type { EventSink, HealthCheckKind, RolloutEvent, RolloutEventType, RolloutFailure, RunOutcome, UnitPhase } from './events.js';
export { acquireModelLease, defaultLeaseTtlMs, describeHolder, fenceAppends, fenceWrites, throwIfLost, type HeldLease } from './lease.js';
export { JournalWriter } from './journal.js';
export { readRecentJournal } from './read-journal.js';
export { summariseRuns, findUnfinishedRun, pendingPromotion, type RunRecord, type RunPurpose } from './runs.js';
export { resolvePolicy } from './policy.js';
export { orderUnits, batchUnits, scheduleRollout } from './order.js';
export { planSchedules, type RolloutSchedule } from './schedule.js';
export { waitForHealthy, type HealthOutcome } from './wait-healthy.js';
export { expandTemplate, statusVerdict } from './health.js';
export { describeMove, unitAtTarget } from './labels.js';
export { executionSteps, unitMovesFor } from './unit-moves.js';
