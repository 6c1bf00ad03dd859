import type { Bundle, JujuDialect } from '../model/bundle.js';
import type { BackendCapabilities } from '../model/capabilities.js';
import type { Change, Plan, PlanSummary } from '../model/change.js';
import type { ModelConfig } from '../model/config.js';
import type { LiveModel } from '../model/live.js';
import { diffModel } from './diff-model.js';
import { fingerprintLiveModel } from './fingerprint.js';
import { draftChanges } from './model-changes.js';
import { orderChanges } from './order.js';
import { stageRestartChanges, unhonouredPolicyNotes } from './unit-staging.js';
import { healChanges } from './unit-drift.js';

export interface BuildPlanInput {
  desired: Bundle;
  live: LiveModel;
  model: string;
  controller: string;
  /** Plan removals of what the bundle no longer has. */
  prune: boolean;
  sourceCommit?: string;
  /** Tracked files differed from `sourceCommit` when the desired state was read. */
  sourceDirty?: boolean;
  /** `digestDesired` of the desired state, with the model's declared secrets. */
  desiredDigest?: string;
  /** When the plan is made; the plan never reads the clock itself. */
  now: Date;
  /** The controller's Juju version: 4.0 recreates a changed offer instead of updating it. */
  dialect?: JujuDialect;
  /** `--map-machines`: which model machine each bundle machine is (bundle id → model id). */
  machineMap?: Record<string, string>;
  /** What the model's controller can do: whether restart changes reach one unit at a time. */
  capabilities: BackendCapabilities;
  /** The model's rollout policy, to say what the controller cannot honour. */
  rollout?: Pick<ModelConfig, 'rollout' | 'applications'>;
}

export function summarisePlan(changes: Change[], removals: Change[]): PlanSummary {
  const all = [...changes, ...removals];
  const allAtOnce = all.filter((c) => c.classification === 'all-at-once').length;
  return {
    inPlace: all.filter((c) => c.classification === 'in-place').length,
    restart: all.filter((c) => c.classification === 'restart').length,
    ...(allAtOnce ? { allAtOnce } : {}),
    destructive: all.filter((c) => c.classification === 'destructive').length,
    removals: removals.length,
  };
}

/** The ordered, classified changes that take the live model to the desired bundle. */
export function buildPlan(input: BuildPlanInput): Plan {
  const diff = diffModel(input.desired, input.live, { machineMap: input.machineMap });
  const drafts = draftChanges(diff, input.desired, input.live, input.dialect);
  // Units are compared with what their application runs once the plan's own changes are in.
  const heals = healChanges(input.live, drafts.changes, { managed: new Set(Object.keys(input.desired.applications)) });
  const changes = stageRestartChanges(orderChanges([...drafts.changes, ...heals], input.live), input.model, input.capabilities);
  const removals = input.prune ? orderChanges(drafts.removals, input.live) : [];
  const notes = unhonouredPolicyNotes(changes, input.controller, input.rollout);
  return {
    formatVersion: 1,
    model: input.model,
    controller: input.controller,
    ...(input.sourceCommit ? { sourceCommit: input.sourceCommit } : {}),
    ...(input.sourceDirty ? { sourceDirty: true } : {}),
    ...(input.desiredDigest ? { desiredDigest: input.desiredDigest } : {}),
    liveFingerprint: fingerprintLiveModel(input.live),
    createdAt: input.now.toISOString(),
    changes,
    removals,
    summary: summarisePlan(changes, removals),
    ...(notes.length ? { notes } : {}),
    diff: diff as Record<string, unknown>,
  };
}

/** True when applying the plan would do nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.changes.length === 0 && plan.removals.length === 0;
}
