import type { LiveApplication } from '../../src/model/live.js';
import { afterDataPlatformRefresh, beforeDataPlatformRefresh, dataPlatformAction, dataPlatformAppStatus, isDataPlatformCharm } from './data-platform-charm.js';
import { charmActions, heldGeneration, holdUnits, releaseUnit } from './deferred-restart.js';
import { afterOpenStackConfig, beforeOpenStackConfig, isOpenStackCharm, openStackAction, openStackUnitStatus } from './openstack-charm.js';
import type { SimContext } from './sim-context.js';

/**
 * How the emulator's charms react to application-level changes and to actions, by family:
 * `restart` (a charm that defers its restart until its `restart` action), `openstack`
 * (action-managed upgrades), `data-platform` (charm-refresh), or `plain` (every change reaches
 * every unit at once). A charm's family is read from its own actions.yaml and config.yaml.
 */
export type CharmFamily = 'restart' | 'openstack' | 'data-platform' | 'plain';

/** An action's task as the charm leaves it; the emulator adds the id and return code. */
export interface ActionAnswer {
  status: 'completed' | 'failed';
  message?: string;
  results: Record<string, unknown>;
  log?: string[];
}

export function familyOf(ctx: SimContext, app: LiveApplication | undefined): CharmFamily {
  if (!app) return 'plain';
  const actions = charmActions(ctx, app);
  if (isOpenStackCharm(ctx, app, actions)) return 'openstack';
  if (isDataPlatformCharm(ctx, app, actions)) return 'data-platform';
  return 'restart' in actions ? 'restart' : 'plain';
}

export interface AppChange {
  kind: string;
  application?: string;
  set?: Record<string, unknown>;
  unset?: string[];
}

/** What the charm does before `juju config`/`juju refresh` reaches its units. */
export async function beforeAppChange(ctx: SimContext, model: string, change: AppChange): Promise<void> {
  if ((change.kind !== 'config' && change.kind !== 'refresh') || !change.application) return;
  const app = (await ctx.backend.readModel(model)).applications[change.application];
  switch (familyOf(ctx, app)) {
    case 'restart':
      return holdUnits(ctx, model, change.application);
    case 'openstack':
      if (change.kind === 'config') await beforeOpenStackConfig(ctx, model, app, change.set ?? {}, change.unset ?? []);
      return;
    case 'data-platform':
      if (change.kind === 'refresh') await beforeDataPlatformRefresh(ctx, model, app);
      return;
    default:
      return;
  }
}

/** What the charm does once the change is in (the data-platform charm refreshes its first unit). */
export async function afterAppChange(ctx: SimContext, model: string, change: AppChange): Promise<void> {
  if ((change.kind !== 'config' && change.kind !== 'refresh') || !change.application) return;
  const app = (await ctx.backend.readModel(model)).applications[change.application];
  const family = familyOf(ctx, app);
  if (family === 'openstack' && change.kind === 'config') await afterOpenStackConfig(ctx, model, change.application);
  if (family === 'data-platform' && change.kind === 'refresh') await afterDataPlatformRefresh(ctx, model, change.application);
}

/** Runs an action the charm declares; undefined: the charm's action has no effect the emulator models. */
export async function familyAction(ctx: SimContext, model: string, app: LiveApplication, unit: string, action: string): Promise<ActionAnswer | undefined> {
  switch (familyOf(ctx, app)) {
    case 'restart':
      if (action !== 'restart') return undefined;
      await releaseUnit(ctx, model, unit);
      return { status: 'completed', results: {} };
    case 'openstack':
      return openStackAction(ctx, model, app, unit, action);
    case 'data-platform':
      return dataPlatformAction(ctx, model, app, unit, action, app.units[unit]?.leader ?? false);
    default:
      return undefined;
  }
}

/** The statuses a charm sets that the embedded controller does not keep: a paused unit, a refresh waiting. */
export function familyStatus(ctx: SimContext, model: string, app: LiveApplication, heldRevision: number | undefined): {
  application?: { current: string; message: string };
  units: Record<string, { current: string; message: string }>;
} {
  const family = familyOf(ctx, app);
  const units: Record<string, { current: string; message: string }> = {};
  if (family === 'openstack') {
    for (const unit of Object.keys(app.units)) {
      const status = openStackUnitStatus(ctx, model, unit);
      if (status) units[unit] = status;
    }
  }
  const application = family === 'data-platform' ? dataPlatformAppStatus(ctx, app, heldRevision) : undefined;
  return { ...(application ? { application } : {}), units };
}

export { heldGeneration };
