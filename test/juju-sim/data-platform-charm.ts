import type { LiveApplication } from '../../src/model/live.js';
import { charmConfig, heldUnits, holdUnits, optionValue, releaseUnit } from './deferred-restart.js';
import type { SimContext } from './sim-context.js';
import type { ActionAnswer } from './charm-families.js';

/**
 * A data-platform charm on machines as canonical/charm-refresh makes it (its user-experience
 * pages are the source for every message here):
 * - `juju refresh` gives every unit the new charm code, and the charm refreshes the workload of
 *   the highest-numbered unit by itself; then, by `pause-after-unit-refresh`, it waits (`all`:
 *   after every unit; `first`: after the first only) or carries on (`none`).
 * - `resume-refresh` runs on the next unit to refresh (machines): with `all` it refreshes that
 *   unit, with `first` every remaining unit; on another unit it fails "Must run action on unit
 *   N"; with no refresh in progress "No refresh in progress".
 * - `pre-refresh-check` runs on the leader before `juju refresh`.
 * Failures are the charm's `event.fail`: status failed, return code 0.
 */
export function isDataPlatformCharm(ctx: SimContext, app: LiveApplication, actions: Record<string, unknown>): boolean {
  return 'resume-refresh' in actions && pauseKey(ctx, app) !== undefined;
}

function pauseKey(ctx: SimContext, app: LiveApplication): string | undefined {
  return ['pause-after-unit-refresh', 'pause_after_unit_refresh'].find((k) => charmConfig(ctx, app)[k] !== undefined);
}

function pauseAfter(ctx: SimContext, app: LiveApplication): string {
  return String(optionValue(ctx, app, pauseKey(ctx, app)!) ?? 'first');
}

const number = (unit: string) => Number(unit.split('/')[1]);

/** Held units, highest number first: the order the charm refreshes them in. */
function waiting(app: LiveApplication): string[] {
  return heldUnits(app).sort((a, b) => number(b) - number(a));
}

export async function beforeDataPlatformRefresh(ctx: SimContext, model: string, app: LiveApplication): Promise<void> {
  const running = Object.values(app.units)[0]?.applied;
  if (!running) return;
  await holdUnits(ctx, model, app.name, { charm: running.charm, ...(running.channel ? { channel: running.channel } : {}), ...(running.revision !== undefined ? { revision: running.revision } : {}) });
}

/** After `juju refresh`: the charm refreshes the first unit, and the rest too when it does not pause. */
export async function afterDataPlatformRefresh(ctx: SimContext, model: string, application: string): Promise<void> {
  const app = (await ctx.backend.readModel(model)).applications[application];
  const order = waiting(app);
  for (const unit of pauseAfter(ctx, app) === 'none' ? order : order.slice(0, 1)) await releaseUnit(ctx, model, unit);
}

export async function dataPlatformAction(ctx: SimContext, model: string, app: LiveApplication, unit: string, action: string, leader: boolean): Promise<ActionAnswer | undefined> {
  const failed = (message: string): ActionAnswer => ({ status: 'failed', message, results: {} });
  const order = waiting(app);
  switch (action) {
    case 'pre-refresh-check': {
      if (!leader) return failed(`Must run action on leader unit. (e.g. \`juju run ${app.name}/leader pre-refresh-check\`)`);
      if (order.length) return failed('Refresh already in progress');
      const pause = pauseAfter(ctx, app);
      const pausing = pause === 'all' ? 'after each unit refreshes' : pause === 'first' ? 'after the first unit refreshes' : '';
      return {
        status: 'completed',
        results: {
          result: `Charm is ready for refresh. For refresh instructions, see https://charmhub.io/${app.name}/docs/refresh\n`
            + `After the refresh has started, use this command to rollback:\n\`juju refresh ${app.name} --revision ${app.revision ?? 0}\`\n`
            + (pausing ? `The refresh will pause for your manual confirmation ${pausing}. ` : 'The refresh will not pause for your manual confirmation. ')
            + `To change this, set the \`${pauseKey(ctx, app)}\` config option. Run \`juju config ${app.name}\` for more information`,
        },
      };
    }
    case 'resume-refresh': {
      if (!order.length) return failed('No refresh in progress');
      const pause = pauseAfter(ctx, app);
      if (pause === 'none') return failed('`pause-after-unit-refresh` config is set to `none`. This action is not applicable.');
      if (order[0] !== unit) return failed(`Must run action on unit ${number(order[0])}`);
      if (ctx.fault?.(unit, action) === 'failed') return failed(`Unit ${number(unit)} is unhealthy. Refresh will not resume.`);
      const refreshing = pause === 'first' ? order : [unit];
      for (const u of refreshing) await releaseUnit(ctx, model, u);
      return {
        status: 'completed',
        log: pause === 'first' ? [`Refresh resumed. Refreshing unit ${number(unit)}`] : [`Refreshing unit ${number(unit)}`],
        results: { result: pause === 'first' ? `Refresh resumed. Unit ${number(unit)} has refreshed` : `Refreshed unit ${number(unit)}` },
      };
    }
    case 'force-refresh-start':
      if (!order.length) return failed('No refresh in progress');
      return failed(`Unit ${number(Object.keys(app.units).sort((a, b) => number(b) - number(a))[0])} already refreshed`);
    default:
      return undefined;
  }
}

/** The application's status while a refresh waits, as the charm sets it on machines. */
export function dataPlatformAppStatus(ctx: SimContext, app: LiveApplication, heldRevision: number | undefined): { current: string; message: string } | undefined {
  const order = waiting(app);
  if (!order.length || pauseAfter(ctx, app) === 'none') return undefined;
  const refreshed = Object.keys(app.units).filter((u) => !order.includes(u)).map(number);
  return {
    current: 'blocked',
    message: `Refreshing. Check units >=${Math.min(...refreshed)} are healthy & run \`resume-refresh\` on unit ${number(order[0])}. To rollback, \`juju refresh --revision ${heldRevision ?? 0}\``,
  };
}
