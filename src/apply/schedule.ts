import type { Plan } from '../model/change.js';
import type { HealthCheck, ModelConfig } from '../model/config.js';
import type { LiveModel } from '../model/live.js';
import { orderUnits, scheduleRollout } from './order.js';
import { stepPolicy } from './policy.js';
import { executionSteps, stepId, unitMovesFor } from './unit-moves.js';

export interface RolloutSchedule {
  changeId: string;
  application: string;
  batches: string[][];
  /** Units a canary holds back until `promote`. */
  held: string[];
  check: HealthCheck;
  healthTimeoutMs: number;
  pauseMs: number;
  drain: boolean;
  rollback: boolean;
}

/** How each restart change of a plan would roll on the live model: what `apply --dry-run` shows. */
export function planSchedules(plan: Plan, live: LiveModel, config: ModelConfig | undefined): RolloutSchedule[] {
  const schedules: RolloutSchedule[] = [];
  for (const step of executionSteps([...plan.changes, ...plan.removals])) {
    if (step.kind !== 'roll') continue;
    const app = live.applications[step.application];
    const moves = unitMovesFor(live, step.application, step.changes);
    const policy = stepPolicy(config, step, moves.map((m) => m.unit));
    const ordered = orderUnits(moves.map((m) => ({ name: m.unit, leader: app?.units[m.unit]?.leader ?? false })), policy.order);
    const { batches, held } = scheduleRollout(ordered, policy);
    schedules.push({
      changeId: stepId(step), application: step.application, batches, held,
      check: policy.healthCheck, healthTimeoutMs: policy.healthTimeoutMs, pauseMs: policy.pauseMs,
      drain: Boolean(policy.drain || policy.undrain), rollback: policy.rollback,
    });
  }
  return schedules;
}
