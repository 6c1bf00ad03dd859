import type { UnitTarget } from '../../model/backend-data.js';
import { GitopsError } from '../../model/errors.js';
import type { AppliedState, CharmOption, LiveApplication } from '../../model/live.js';
import type { TaskOutcome } from './action-result.js';
import type { UnitAction, UnitStrategy } from './unit-strategy.js';

type ActionStrategy = Extract<UnitStrategy, { kind: 'actions' }>;

type Schema = Record<string, CharmOption>;

/** An option's value after a move: the target's user value, else the charm's default (or, when the move sets no options, what the application has now). */
function optionAfter(app: LiveApplication, schema: Schema, target: UnitTarget, key: string): unknown {
  if (target.options) return key in target.options ? target.options[key] : schema[key]?.default;
  return app.options[key]?.value ?? schema[key]?.default;
}

/** What a unit ran before this rollout touched its application differs from the target in what the strategy's actions move. */
export function strategyMovesUnit(strategy: ActionStrategy, before: AppliedState, target: UnitTarget): boolean {
  if (!strategy.moves) return true;
  const moves = strategy.moves;
  const config = moves.kinds.includes('config') && target.options !== undefined
    && (moves.options ?? Object.keys({ ...before.options, ...target.options })).some((k) => JSON.stringify(before.options[k]) !== JSON.stringify(target.options![k]));
  const refresh = moves.kinds.includes('refresh')
    && ((target.charm !== undefined && target.charm !== before.charm) || (target.channel !== undefined && target.channel !== before.channel) || (target.revision !== undefined && target.revision !== before.revision));
  return config || refresh;
}

/**
 * What the charm family needs before its actions can move one unit at a time, checked before
 * anything is changed: otherwise the application-level change would reach every unit at once
 * (OpenStack with `action-managed-upgrade=false`) or the charm would move the rest by itself
 * after the first (`pause-after-unit-refresh` other than `all`).
 */
export function refuseUnstagedCharm(strategy: ActionStrategy, app: LiveApplication, schema: Schema, target: UnitTarget): void {
  const fail = (summary: string, hint: string) => {
    // Said in the message too: a rollout reports a unit's failure by its message.
    throw new GitopsError('unit-strategy-charm-config', `${app.name}: ${summary} (${hint})`, { hint });
  };
  if (strategy.preset === 'openstack-upgrade') {
    if (!schema['action-managed-upgrade']) {
      fail('the charm has no action-managed-upgrade option, so the openstack-upgrade unit strategy cannot move its units one at a time', 'use the openstack-upgrade unit strategy only for OpenStack charms with action-managed upgrades');
    }
    if (optionAfter(app, schema, target, 'action-managed-upgrade') !== true) {
      fail('action-managed-upgrade is false, so a change of openstack-origin would upgrade every unit at once at config-changed; nothing was changed', `set action-managed-upgrade: true in the bundle's options for ${app.name}`);
    }
  }
  if (strategy.preset === 'data-platform-refresh') {
    const key = ['pause-after-unit-refresh', 'pause_after_unit_refresh'].find((k) => schema[k]);
    if (!key) fail('the charm has no pause-after-unit-refresh option, so the data-platform-refresh unit strategy cannot move its units one at a time', 'use the data-platform-refresh unit strategy only for charms built on the charm-refresh library');
    const pause = optionAfter(app, schema, target, key!);
    if (pause !== 'all') {
      fail(`${key} is ${JSON.stringify(pause ?? 'first')}, so after its first unit the charm would refresh the others without waiting for their health checks; nothing was changed`, `set ${key}: all in the bundle's options for ${app.name}`);
    }
  }
}

/** Units of the application, highest number first. */
export function highestFirst(app: LiveApplication): string[] {
  return Object.keys(app.units).sort((a, b) => Number(b.split('/')[1]) - Number(a.split('/')[1]));
}

/**
 * The actions that move `unit`, and where each runs. The data-platform charms refresh their
 * highest unit themselves after `juju refresh`: nothing runs there.
 */
export function actionsFor(strategy: ActionStrategy, app: LiveApplication, unit: string): Array<{ action: UnitAction; on: string }> {
  if (strategy.firstUnitByCharm && highestFirst(app)[0] === unit) return [];
  const ordinal = Object.keys(app.units).sort((a, b) => Number(a.split('/')[1]) - Number(b.split('/')[1]));
  return strategy.actions.map((action) => ({ action, on: action.onNextUnit ? (ordinal[ordinal.indexOf(unit) + 1] ?? unit) : unit }));
}

/**
 * A task that completed but did not do what the family's action is for: charmhelpers'
 * `openstack-upgrade` completes with "action-managed-upgrade config is False, skipped upgrade."
 * when the option is off.
 */
export function refuseHollowTask(action: string, outcome: TaskOutcome): void {
  const said = typeof outcome.results.outcome === 'string' ? outcome.results.outcome : '';
  if (action === 'openstack-upgrade' && /skipped upgrade/.test(said)) {
    throw new GitopsError('action-failed', `action openstack-upgrade on ${outcome.unit} completed without upgrading (task ${outcome.id}): ${said}`);
  }
}
