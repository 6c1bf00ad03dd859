import type { UnitMove } from '../apply/index.js';
import type { UnitTarget } from '../backends/backend.js';
import type { Bundle } from '../model/bundle.js';
import type { CharmOption, GenerationChanges, LiveApplication, LiveModel, LiveUnit } from '../model/live.js';
import type { GenerationFile } from './file.js';
import { applicationOf, byUnitNumber, isTracking } from './progress.js';

/** One unit to move, as the rolling executor takes it. */
export type GenerationMove = UnitMove;

/**
 * Which units must move for the live model to match the generation file, in target order.
 * A tracking unit runs its application's configured state with the staged changes on top; a
 * unit the live model still shows on a generation but that no longer tracks one (the file was
 * closed or the unit dropped from `targets`) returns to its application's state. Units that
 * already run what they should, and are not in error, are left out, so a second reconcile moves nothing. Applications
 * the desired bundle no longer has are left alone: the plan removes them.
 */
export function planGenerationMoves(opts: { generation: GenerationFile | null; desired: Bundle; live: LiveModel }): UnitMove[] {
  const { generation, desired, live } = opts;
  const moves: UnitMove[] = [];
  const seen = new Set<string>();
  const consider = (unit: LiveUnit, target: UnitTarget) => {
    if (seen.has(unit.name)) return;
    seen.add(unit.name);
    const previous = appliedOf(unit);
    // A unit in error is restarted even where it runs its target (the executor never takes it as there).
    if (!sameState(previous, target) || unit.workload.current === 'error') moves.push({ unit: unit.name, target, previous });
  };
  for (const unit of generation ? trackingUnits(generation, live) : []) {
    const app = live.applications[unit.application];
    if (!desired.applications[unit.application]) continue;
    consider(unit, trackingTarget(app, generation!.applications[unit.application], generation!.name));
  }
  for (const app of Object.values(live.applications)) {
    if (!desired.applications[app.name]) continue;
    for (const unit of Object.values(app.units).sort((a, b) => byUnitNumber(a.name, b.name))) {
      if (unit.generation !== null && !seen.has(unit.name)) consider(unit, baseTarget(app));
    }
  }
  return moves;
}

/** Live units tracking the generation, expanded from `targets` in order. */
function trackingUnits(generation: GenerationFile, live: LiveModel): LiveUnit[] {
  const units: LiveUnit[] = [];
  for (const target of generation.targets) {
    const app = live.applications[applicationOf(target)];
    if (!app) continue;
    const names = target.includes('/') ? [target] : Object.keys(app.units).sort(byUnitNumber);
    for (const name of names) if (app.units[name] && isTracking(generation, name)) units.push(app.units[name]);
  }
  return units;
}

function userOptions(app: LiveApplication): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(app.options)) if (option.source === 'user') options[key] = option.value;
  return options;
}

export function baseTarget(app: LiveApplication): UnitTarget {
  return {
    options: userOptions(app),
    charm: app.charm,
    ...(app.channel !== undefined ? { channel: app.channel } : {}),
    ...(app.revision !== undefined ? { revision: app.revision } : {}),
    generation: null,
  };
}

/** The application's state with the staged changes on top (a null option returns to its default). */
export function trackingTarget(app: LiveApplication, staged: GenerationChanges | undefined, name: string): UnitTarget {
  const target: UnitTarget = { ...baseTarget(app), generation: name };
  if (!staged) return target;
  const options = { ...target.options };
  for (const [key, value] of Object.entries(staged.options ?? {})) {
    if (value === null) delete options[key];
    else options[key] = coerce(value, app.charmInfo?.config[key]);
  }
  target.options = options;
  if (staged.charm !== undefined) target.charm = staged.charm;
  if (staged.channel !== undefined) target.channel = staged.channel;
  if (staged.revision !== undefined) target.revision = staged.revision;
  if (staged.resources) {
    target.resources = Object.fromEntries(Object.entries(staged.resources).filter(([, v]) => v !== null)) as Record<string, number | string>;
  }
  return target;
}

/** A value as the charm's config schema types it, so a hand-written `"true"` compares equal to `true`. */
function coerce(value: unknown, option?: CharmOption): unknown {
  if (!option) return value;
  if (typeof value !== 'string') return option.type === 'string' ? String(value) : value;
  if (option.type === 'int' && /^[-+]?\d+$/.test(value)) return Number(value);
  if (option.type === 'float' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (option.type === 'boolean' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return value;
}

function appliedOf(unit: LiveUnit): UnitTarget {
  // Backends may report a unit's resources beside the contract's fields; use them when present.
  const resources = (unit.applied as { resources?: Record<string, number | string> }).resources;
  return {
    options: { ...unit.applied.options },
    ...(resources ? { resources: { ...resources } } : {}),
    charm: unit.applied.charm,
    ...(unit.applied.channel !== undefined ? { channel: unit.applied.channel } : {}),
    ...(unit.applied.revision !== undefined ? { revision: unit.applied.revision } : {}),
    generation: unit.generation,
  };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Whether a unit already runs the target; staged resources are compared only where the backend reports them. */
function sameState(applied: UnitTarget, target: UnitTarget): boolean {
  const resources = applied.resources;
  if (target.resources && resources && Object.entries(target.resources).some(([k, v]) => resources[k] !== v)) return false;
  for (const field of ['charm', 'channel', 'revision', 'generation'] as const) {
    if (target[field] !== undefined && (applied[field] ?? null) !== (target[field] ?? null)) return false;
  }
  return canonical(applied.options ?? {}) === canonical(target.options ?? {});
}
