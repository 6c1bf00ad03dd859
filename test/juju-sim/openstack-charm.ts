import type { LiveApplication } from '../../src/model/live.js';
import { charmConfig, heldGeneration, heldUnits, holdUnits, optionValue, releaseUnit } from './deferred-restart.js';
import type { SimContext } from './sim-context.js';
import type { ActionAnswer } from './charm-families.js';

/**
 * An OpenStack charm as charmhelpers makes it (`contrib/openstack/utils.py`):
 * - with `action-managed-upgrade=true`, a new `openstack-origin` is not installed at
 *   config-changed; each unit keeps its release until `openstack-upgrade` runs on it. Every
 *   other option reaches every unit at once, as config-changed renders it everywhere.
 * - with it false, config-changed upgrades every unit at once.
 * - `pause` stops the services and sets `unit-paused` (status: maintenance, "Paused. Use
 *   'resume' action to resume normal service."); `resume` starts them and clears it.
 * - `openstack-upgrade` completes in every case the charm handles, saying so in `outcome`:
 *   "success, upgrade completed.", "no upgrade available.", "action-managed-upgrade config is
 *   False, skipped upgrade."; an upgrade that raises is failed by `action_fail` ("upgrade
 *   failed, see traceback.") with return code 0.
 */
export const pausedMessage = "Paused. Use 'resume' action to resume normal service.";

export function isOpenStackCharm(ctx: SimContext, app: LiveApplication, actions: Record<string, unknown>): boolean {
  return 'openstack-upgrade' in actions && charmConfig(ctx, app)['action-managed-upgrade'] !== undefined;
}

/** Before `juju config`: units keep their release when the origin changes under action-managed upgrades. */
export async function beforeOpenStackConfig(ctx: SimContext, model: string, app: LiveApplication, set: Record<string, unknown>, unset: string[]): Promise<void> {
  const origin = optionValue(ctx, app, 'openstack-origin');
  const next = 'openstack-origin' in set ? set['openstack-origin'] : unset.includes('openstack-origin') ? charmConfig(ctx, app)['openstack-origin']?.default : origin;
  const managed = 'action-managed-upgrade' in set ? set['action-managed-upgrade'] === true : unset.includes('action-managed-upgrade') ? false : optionValue(ctx, app, 'action-managed-upgrade') === true;
  if (next === origin) return;
  if (managed) await holdUnits(ctx, model, app.name, { options: { 'openstack-origin': origin } });
}

/** After `juju config`: without action-managed upgrades, config-changed upgrades every unit, held or not. */
export async function afterOpenStackConfig(ctx: SimContext, model: string, application: string): Promise<void> {
  const app = (await ctx.backend.readModel(model)).applications[application];
  if (optionValue(ctx, app, 'action-managed-upgrade') === true) return;
  for (const unit of heldUnits(app)) await releaseUnit(ctx, model, unit);
}

export async function openStackAction(ctx: SimContext, model: string, app: LiveApplication, unit: string, action: string): Promise<ActionAnswer | undefined> {
  const key = `${model}/${unit}`;
  const state = ctx.unitState?.get(key) ?? {};
  switch (action) {
    case 'pause':
      ctx.unitState?.set(key, { ...state, paused: true });
      return { status: 'completed', results: {} };
    case 'resume':
      ctx.unitState?.set(key, { ...state, paused: false });
      return { status: 'completed', results: {} };
    case 'openstack-upgrade': {
      if (optionValue(ctx, app, 'action-managed-upgrade') !== true) return { status: 'completed', results: { outcome: 'action-managed-upgrade config is False, skipped upgrade.' } };
      const held = app.units[unit]?.generation === heldGeneration;
      if (!held) return { status: 'completed', results: { outcome: 'no upgrade available.' } };
      if (ctx.fault?.(unit, action) === 'failed') {
        return { status: 'failed', message: 'do_openstack_upgrade resulted in an unexpected error', results: { outcome: 'upgrade failed, see traceback.', traceback: 'Traceback (most recent call last):\n  ...\nsubprocess.CalledProcessError: apt-get dist-upgrade returned non-zero exit status 100\n' } };
      }
      await releaseUnit(ctx, model, unit);
      return { status: 'completed', results: { outcome: 'success, upgrade completed.' } };
    }
    default:
      return undefined;
  }
}

/** What `juju status` shows for a unit the charm has paused. */
export function openStackUnitStatus(ctx: SimContext, model: string, unit: string): { current: string; message: string } | undefined {
  return ctx.unitState?.get(`${model}/${unit}`)?.paused ? { current: 'maintenance', message: pausedMessage } : undefined;
}
