import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CharmOption, GenerationChanges, LiveApplication } from '../../src/model/live.js';
import type { SimContext } from './sim-context.js';

/**
 * Charms that move units through actions (a `restart` after a deferred config change,
 * OpenStack's `openstack-upgrade`, the data-platform `resume-refresh`) do not restart their
 * workload when the application's config or charm changes: each unit keeps running what it ran
 * until an action moves it. The emulator gives the embedded controller that behaviour by
 * holding the units back in a generation of its own, which the embedded controller already
 * honours per unit (its staged fields over the application's), and letting those actions
 * release one unit at a time. One held state per application: a second change while units are
 * still held leaves them where the first one found them.
 */
export const heldGeneration = 'juju-sim-held';

export type CharmActions = Record<string, { description?: string; params?: Record<string, unknown> }>;

/**
 * A file of the application's charm: from its folder for a local charm, else from the
 * emulator's charm folder of that name, which stands for the Charmhub charm (a real
 * controller knows the actions and config of every charm it runs).
 */
function charmFile<T>(ctx: SimContext, app: LiveApplication, file: string): T | undefined {
  const name = app.charmInfo?.name ?? app.charm.replace(/^(local|ch):/, '');
  for (const dir of ctx.charmDirs) {
    const found = path.join(dir, name, file);
    if (fs.existsSync(found)) return (parseYaml(fs.readFileSync(found, 'utf8')) as T) ?? undefined;
  }
  return undefined;
}

export function charmActions(ctx: SimContext, app: LiveApplication | undefined): CharmActions {
  return (app && charmFile<CharmActions>(ctx, app, 'actions.yaml')) ?? {};
}

/** The charm's config schema (see charmFile). */
export function charmConfig(ctx: SimContext, app: LiveApplication): Record<string, CharmOption> {
  return app.charmInfo?.config ?? charmFile<{ options?: Record<string, CharmOption> }>(ctx, app, 'config.yaml')?.options ?? {};
}

/** Units of the application that still run what they ran before its last change. */
export function heldUnits(app: LiveApplication): string[] {
  return Object.values(app.units).filter((u) => u.generation === heldGeneration).map((u) => u.name);
}

/**
 * Before an application-level change: every unit keeps `held` (by default all it runs now, as
 * a charm that defers its restart does; a family passes only the fields its actions move).
 */
export async function holdUnits(ctx: SimContext, model: string, application: string, held?: GenerationChanges): Promise<void> {
  const live = await ctx.backend.readModel(model);
  const app = live.applications[application];
  const units = Object.values(app.units);
  if (heldUnits(app).length) return; // already held at an older state
  const running = units[0]?.applied;
  if (!running) return;
  // Keys the change may add must stay at the charm default on held units.
  const defaults = Object.fromEntries(Object.entries(charmConfig(ctx, app)).filter(([, o]) => o.default !== undefined).map(([k, o]) => [k, o.default]));
  const state = held ?? { options: { ...defaults, ...running.options }, charm: running.charm, ...(running.channel ? { channel: running.channel } : {}), ...(running.revision !== undefined ? { revision: running.revision } : {}) };
  await ctx.backend.setGeneration(model, { name: heldGeneration, applications: { ...(live.generation?.name === heldGeneration ? live.generation.applications : {}), [application]: state } });
  for (const unit of units) await ctx.backend.applyUnitChange(model, unit.name, { generation: heldGeneration });
}

/** What a moving action does: the unit runs what its application runs now. */
export async function releaseUnit(ctx: SimContext, model: string, unit: string): Promise<void> {
  const live = await ctx.backend.readModel(model);
  const app = live.applications[unit.split('/')[0]];
  const options = Object.fromEntries(Object.entries(app.options).filter(([, o]) => o.source === 'user').map(([k, o]) => [k, o.value]));
  await ctx.backend.applyUnitChange(model, unit, {
    options,
    charm: app.charm,
    ...(app.channel ? { channel: app.channel } : {}),
    ...(app.revision !== undefined ? { revision: app.revision } : {}),
    generation: null,
  });
}

/** A user option's value, else the charm's default. */
export function optionValue(ctx: SimContext, app: LiveApplication, key: string): unknown {
  return app.options[key]?.value ?? charmConfig(ctx, app)[key]?.default;
}
