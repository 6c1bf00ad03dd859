import type { UnitTarget } from '../backends/backend.js';
import type { Change } from '../model/change.js';
import type { LiveApplication, LiveModel } from '../model/live.js';
import { canonicalCharm, expectedUnitState, tracksOpenGeneration } from '../plan/index.js';
import { unitAtTarget } from './labels.js';
import type { UnitMove } from './roll-units.js';

type RestartChange = Extract<Change, { kind: 'config' | 'refresh' | 'heal-units' }>;

/**
 * A restart change is rolled unit by unit; one that reaches all units at once still moves
 * through the roll (as a single batch) so the health gate waits for every unit. The rest of a
 * plan is applied at once.
 */
export function isRollable(change: Change): change is RestartChange {
  return (change.classification === 'restart' || change.classification === 'all-at-once')
    && (change.kind === 'config' || change.kind === 'refresh' || change.kind === 'heal-units');
}

/** A step that only brings drifted units back moves no new build: there is nothing for a canary to prove. */
export function onlyHeals(changes: readonly Change[]): boolean {
  return changes.every((c) => c.kind === 'heal-units');
}

/** A step of execution: one change at once, or every restart change of one application rolled together. */
export type ExecutionStep =
  | { kind: 'at-once'; change: Change }
  | { kind: 'roll'; application: string; changes: RestartChange[] };

/**
 * Groups a plan's changes into steps, in plan order. Restart changes of one application (say a
 * config change and a charm refresh) are rolled together so each unit restarts once, unless one
 * reaches every unit at once and the other moves unit by unit. Without
 * rolling (a one-shot deploy) every change is applied at once, as `juju deploy` does.
 */
export function executionSteps(changes: readonly Change[], opts: { rolling?: boolean } = {}): ExecutionStep[] {
  const steps: ExecutionStep[] = [];
  const rolls = new Map<string, Extract<ExecutionStep, { kind: 'roll' }>>();
  for (const change of changes) {
    if (opts.rolling === false || !isRollable(change)) {
      steps.push({ kind: 'at-once', change });
      continue;
    }
    // What reaches every unit at once rolls apart from what moves unit by unit (a charm family
    // whose actions move only part of a change): one batch of all, then one unit at a time.
    const key = `${change.application}\u0000${change.classification === 'all-at-once' ? 'at once' : 'by unit'}`;
    const existing = rolls.get(key);
    if (existing) existing.changes.push(change);
    else {
      const step = { kind: 'roll' as const, application: change.application, changes: [change] };
      rolls.set(key, step);
      steps.push(step);
    }
  }
  return steps;
}

export function stepId(step: ExecutionStep): string {
  return step.kind === 'at-once' ? step.change.id : step.changes.map((c) => c.id).join('+');
}

/**
 * What each unit of the application must run once the changes are in: the application's user
 * options with the change applied, plus the open generation's options for units tracking it.
 * A unit the plan heals moves to all of that (options, charm, channel, revision), not only to
 * the fields the other changes touch; a step of heals alone moves only the healed units.
 */
export function unitMovesFor(live: LiveModel, application: string, changes: readonly RestartChange[]): UnitMove[] {
  const app = live.applications[application];
  if (!app) return [];
  const options = userOptions(app);
  const artefact: Omit<UnitTarget, 'options'> = {};
  for (const change of changes) {
    if (change.kind === 'config') {
      Object.assign(options, change.set);
      for (const key of change.unset) delete options[key];
    } else if (change.kind === 'refresh') {
      for (const field of ['charm', 'channel', 'revision', 'resources'] as const) {
        if (change.to[field] !== undefined) Object.assign(artefact, { [field]: change.to[field] });
      }
    }
  }
  const touchesOptions = changes.some((c) => c.kind === 'config');
  const staged = live.generation?.applications[application];
  const healed = new Set(changes.flatMap((c) => (c.kind === 'heal-units' ? c.units.map((u) => u.unit) : [])));
  const planned = plannedBuild(changes);
  const units = Object.values(app.units).filter((unit) => !onlyHeals(changes) || healed.has(unit.name));
  return units.map((unit) => {
    const tracking = unit.generation !== null && staged !== undefined;
    const target: UnitTarget = { ...artefact };
    // A tracking unit keeps the artefact its generation stages; only the base moves under it.
    if (tracking) for (const field of ['charm', 'channel', 'revision', 'resources'] as const) {
      if (field in target && staged[field] !== undefined) Object.assign(target, { [field]: staged[field] });
    }
    if (touchesOptions) target.options = tracking ? { ...options, ...(staged.options ?? {}) } : { ...options };
    if (healed.has(unit.name)) {
      const { charm, ...want } = expectedUnitState(app, tracksOpenGeneration(live, unit) ? staged : undefined, planned);
      Object.assign(target, want);
      if (canonicalCharm(charm) !== canonicalCharm(unit.applied.charm)) target.charm = charm;
    }
    // What the unit ran, in the fields the move touches: rollback restores exactly those. A unit
    // already at its target was moved by a run that was killed before the change was recorded
    // at application level, so the application still says what the unit ran before.
    const before = unitAtTarget({ ...unit.applied }, target)
      ? { ...app, options: tracking ? { ...userOptions(app), ...(staged.options ?? {}) } : userOptions(app) }
      : unit.applied;
    const previous: UnitTarget = {};
    if (target.options) previous.options = { ...before.options };
    for (const field of ['charm', 'channel', 'revision'] as const) {
      if (field in target) Object.assign(previous, { [field]: before[field] });
    }
    return { unit: unit.name, target, previous };
  });
}

/** The config and refresh among the changes, as the plan's unit drift reads them. */
function plannedBuild(changes: readonly RestartChange[]) {
  const config = changes.find((c) => c.kind === 'config');
  const refresh = changes.find((c) => c.kind === 'refresh');
  return { ...(config ? { set: config.set, unset: config.unset } : {}), ...(refresh ? { to: refresh.to } : {}) };
}

function userOptions(app: LiveApplication): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(app.options)) if (option.source === 'user') options[key] = option.value;
  return options;
}
