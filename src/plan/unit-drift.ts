import type { Change, UnitBuild, UnitDrift } from '../model/change.js';
import type { GenerationChanges, LiveApplication, LiveModel, LiveUnit } from '../model/live.js';
import type { ChangeDraft } from './change-draft.js';
import { canonicalCharm } from './charm-url.js';
import { isSecretOption, maskedInLabel } from '../model/secrets.js';
import { canonicalJson } from './fingerprint.js';
import { coerceOption, userOptions } from './options.js';

/**
 * Drift down to the unit. A unit that follows its application should run what the application
 * records (units on a generation are the generation reconcile's). One that runs something else (left by
 * an interrupted or split-brain run, or set behind the controller's back) or whose workload is
 * in error is drift, and one `heal-units` change per application moves exactly those units back
 * through the rolling executor. A unit that already runs what the plan's own config or refresh
 * change gives its application (moved by a rollout, or a canary waiting for promotion) is on
 * its way, not drift.
 */

/** What a unit runs, in full. */
export interface UnitState {
  options: Record<string, unknown>;
  charm: string;
  channel?: string;
  revision?: number;
}

/** The plan's changes to one application that decide what its units should run. */
export interface PlannedBuild {
  set?: Record<string, unknown>;
  unset?: string[];
  to?: { charm?: string; channel?: string; revision?: number };
}

/** Whether the unit follows the open generation's staged changes (a unit tracking a closed one is the generation reconcile's). */
export function tracksOpenGeneration(live: LiveModel, unit: LiveUnit): boolean {
  return unit.generation !== null && unit.generation === live.generation?.name;
}

/** What a unit of `app` should run: the application's state (after `planned`), plus the staged changes when it tracks them. */
export function expectedUnitState(app: LiveApplication, staged: GenerationChanges | undefined, planned: PlannedBuild = {}): UnitState {
  const options = { ...userOptions(app.options), ...(planned.set ?? {}) };
  for (const key of planned.unset ?? []) delete options[key];
  const state: UnitState = { options, charm: planned.to?.charm ?? app.charm };
  const channel = planned.to?.channel ?? app.channel;
  const revision = planned.to?.revision ?? app.revision;
  if (channel !== undefined) state.channel = channel;
  if (revision !== undefined) state.revision = revision;
  if (!staged) return state;
  for (const [key, value] of Object.entries(staged.options ?? {})) {
    if (value === null) delete options[key];
    else options[key] = coerceOption(value, app.charmInfo?.config[key]);
  }
  if (staged.charm !== undefined) state.charm = staged.charm;
  if (staged.channel !== undefined) state.channel = staged.channel;
  if (staged.revision !== undefined) state.revision = staged.revision;
  return state;
}

/**
 * The fields where what a unit runs differs from `want`, as `from`/`to` pairs; undefined when
 * it runs exactly that. Every plan asks this of every unit, and nearly every unit runs exactly
 * what it should, so nothing is built until a field differs.
 */
export function buildDifference(runs: LiveUnit['applied'], want: UnitState): { from: UnitBuild; to: UnitBuild } | undefined {
  const options = differingOptions(runs.options, want.options);
  const charm = runs.charm !== want.charm && canonicalCharm(runs.charm) !== canonicalCharm(want.charm);
  // A backend that does not report the channel or revision of a unit says nothing about it.
  const channel = runs.channel !== undefined && want.channel !== undefined && runs.channel !== want.channel;
  const revision = runs.revision !== undefined && want.revision !== undefined && runs.revision !== want.revision;
  if (!options && !charm && !channel && !revision) return undefined;
  const from: UnitBuild = {};
  const to: UnitBuild = {};
  for (const key of options ?? []) {
    (from.options ??= {})[key] = runs.options[key] ?? null;
    (to.options ??= {})[key] = want.options[key] ?? null;
  }
  if (charm) [from.charm, to.charm] = [runs.charm, want.charm];
  if (channel) [from.channel, to.channel] = [runs.channel, want.channel];
  if (revision) [from.revision, to.revision] = [runs.revision, want.revision];
  return { from, to };
}

/** The option keys whose values differ, sorted; undefined when none do (the usual answer, so no list is made for it). */
function differingOptions(runs: Record<string, unknown>, want: Record<string, unknown>): string[] | undefined {
  let differing: string[] | undefined;
  for (const key in want) if (!sameOption(runs[key], want[key])) (differing ??= []).push(key);
  for (const key in runs) if (!(key in want) && !sameOption(runs[key], undefined)) (differing ??= []).push(key);
  return differing && differing.length > 1 ? differing.sort() : differing;
}

function sameOption(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const left = a ?? null;
  const right = b ?? null;
  if (left === right) return true;
  if (typeof left !== 'object' && typeof right !== 'object') return false;
  return canonicalJson(left) === canonicalJson(right);
}

/** The config and refresh the plan makes to each application. */
function plannedBuilds(drafts: readonly ChangeDraft[]): Map<string, PlannedBuild> {
  const builds = new Map<string, PlannedBuild>();
  for (const draft of drafts) {
    if (draft.kind !== 'config' && draft.kind !== 'refresh') continue;
    const build = builds.get(draft.application) ?? {};
    if (draft.kind === 'config') Object.assign(build, { set: draft.set, unset: draft.unset });
    else build.to = { charm: draft.to.charm, channel: draft.to.channel, revision: draft.to.revision };
    builds.set(draft.application, build);
  }
  return builds;
}

/** Every drifted unit of one application, in unit-number order. */
export function applicationDrift(live: LiveModel, app: LiveApplication, planned?: PlannedBuild): UnitDrift[] {
  const drift: UnitDrift[] = [];
  const now = expectedUnitState(app, undefined);
  const after = planned ? expectedUnitState(app, undefined, planned) : now;
  for (const unit of Object.values(app.units)) {
    // A unit on a generation is the generation reconcile's: it moves it, and restarts it in error.
    if (unit.generation !== null) continue;
    const off = buildDifference(unit.applied, now) ? buildDifference(unit.applied, after) : undefined;
    const error = unit.workload.current === 'error' ? unit.workload.message ?? 'workload in error' : undefined;
    if (!off && error === undefined && !unit.offBuild) continue;
    drift.push({ unit: unit.name, from: off?.from ?? {}, to: off?.to ?? {}, ...(error !== undefined ? { error } : {}), ...(unit.offBuild ? { offBuild: unit.offBuild } : {}) });
  }
  return drift.sort((a, b) => unitNumber(a.unit) - unitNumber(b.unit));
}

function unitNumber(name: string): number {
  return Number(name.split('/')[1]);
}

export interface HealOptions {
  /** Applications the bundle has; the units of others are not the repository's to heal. */
  managed?: ReadonlySet<string>;
}

/** One `heal-units` change per application with drifted units, given the plan's other changes. */
export function healChanges(live: LiveModel, drafts: readonly ChangeDraft[], opts: HealOptions = {}): ChangeDraft[] {
  const builds = plannedBuilds(drafts);
  const heals: ChangeDraft[] = [];
  // Only the heals are sorted: a large model's thousands of settled applications cost no sorting.
  for (const name in live.applications) {
    if (opts.managed && !opts.managed.has(name)) continue;
    const units = applicationDrift(live, live.applications[name], builds.get(name));
    if (units.length) heals.push({ id: `heal-${name}`, kind: 'heal-units', classification: 'restart', application: name, units, description: describeHeal(name, units) });
  }
  return heals.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Where the backend cannot move one unit alone, `stageRestartChanges` adds that the heal reaches every unit at once. */
function describeHeal(application: string, units: UnitDrift[]): string {
  const why = units.map((u) => {
    const reasons = [
      Object.keys(u.to).length ? 'runs another build' : '',
      u.offBuild === 'canary' ? 'waits for its charm actions since a canary' : u.offBuild ? 'waits for its charm actions since a rollout stopped' : '',
      u.error !== undefined ? 'is in error' : '',
    ].filter(Boolean);
    return `${u.unit} ${reasons.join(' and ')}`;
  });
  return `heal ${units.length === 1 ? 'a unit' : `${units.length} units`} of ${application}: ${why.join(', ')}`;
}

/** True when the plan moves units back to their application: drift `diff --exit-code` counts in every format. */
export function hasUnitDrift(plan: { changes: readonly Change[] }): boolean {
  return plan.changes.some((c) => c.kind === 'heal-units');
}

/** `[drift: label=v0 (application: v1)]` for another build, `[drift]` for a unit in error (its message says why), `[drift: waits for its charm actions]` for a unit the journal knows a charm-action rollout left behind. */
export function unitDriftLabel(drift: UnitDrift | undefined, secrets: readonly string[]): string {
  if (!drift) return '';
  const show = (key: string, value: unknown) => (value === null ? '(default)' : isSecretOption(key, secrets) ? maskedInLabel : typeof value === 'string' ? value : JSON.stringify(value));
  const parts = [
    ...Object.keys(drift.to.options ?? {}).sort().map((k) => `${k}=${show(k, drift.from.options?.[k] ?? null)} (application: ${show(k, drift.to.options?.[k] ?? null)})`),
    ...(['charm', 'channel', 'revision'] as const).filter((f) => drift.to[f] !== undefined).map((f) => `${f} ${drift.from[f]} (application: ${drift.to[f]})`),
  ];
  if (parts.length) return `[drift: ${parts.join(', ')}]`;
  return drift.offBuild ? '[drift: waits for its charm actions]' : '[drift]';
}
