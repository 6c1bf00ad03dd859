import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { LiveApplication } from '../../src/model/live.js';
import type { SimContext } from './sim-context.js';

/**
 * Charms that move units through actions (a `restart` after a deferred config change,
 * OpenStack's `openstack-upgrade`, the data-platform `resume-refresh`) do not restart their
 * workload when the application's config or charm changes: each unit keeps running what it ran
 * until an action moves it. The emulator gives the embedded controller that behaviour by
 * holding the units back in a generation of its own, which the embedded controller already
 * honours per unit, and letting those actions release one unit at a time.
 */
export const heldGeneration = 'juju-sim-held';
export const movingActions = new Set(['restart', 'openstack-upgrade', 'resume-refresh']);

export function charmActions(ctx: SimContext, app: LiveApplication | undefined): Record<string, { description?: string; params?: Record<string, unknown> }> {
  if (!app) return {};
  const name = app.charmInfo?.name ?? app.charm.replace(/^local:/, '');
  for (const dir of ctx.charmDirs) {
    const file = path.join(dir, name, 'actions.yaml');
    if (fs.existsSync(file)) return (parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, { description?: string }>) ?? {};
  }
  return {};
}

export function defersRestart(ctx: SimContext, app: LiveApplication | undefined): boolean {
  return Object.keys(charmActions(ctx, app)).some((a) => movingActions.has(a));
}

/** Before an application-level change on such a charm: every unit keeps what it runs now. */
export async function holdUnits(ctx: SimContext, model: string, application: string): Promise<void> {
  const live = await ctx.backend.readModel(model);
  const app = live.applications[application];
  if (!defersRestart(ctx, app)) return;
  const units = Object.values(app.units);
  if (units.some((u) => u.generation === heldGeneration)) return; // already held at an older state
  const running = units[0]?.applied;
  if (!running) return;
  // Keys the change may add must stay at the charm default on held units.
  const defaults = Object.fromEntries(Object.entries(app.charmInfo?.config ?? {}).filter(([, o]) => o.default !== undefined).map(([k, o]) => [k, o.default]));
  const held = { options: { ...defaults, ...running.options }, charm: running.charm, ...(running.channel ? { channel: running.channel } : {}), ...(running.revision !== undefined ? { revision: running.revision } : {}) };
  await ctx.backend.setGeneration(model, { name: heldGeneration, applications: { ...(live.generation?.name === heldGeneration ? live.generation.applications : {}), [application]: held } });
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
