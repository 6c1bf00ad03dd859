import type { ActionStaging, BackendCapabilities, UnitStaging } from '../../model/capabilities.js';
import type { JujuModelBinding, UnitActionSpec, UnitStrategySpec } from '../../model/config.js';
import { GitopsError } from '../../model/errors.js';

/**
 * How a change reaches one unit of an application on Juju, which has no per-unit config:
 * - `actions`: the application-level change is made once (the charm defers its effect), then
 *   the named actions run on each unit in order, each judged by task status and return code;
 * - `none`: the change reaches every unit at once, and the plan says so.
 * `openstack-upgrade` and `data-platform-refresh` are the two well-known charm families.
 */
export type UnitStrategy =
  | { kind: 'none' }
  | ({ kind: 'actions'; actions: UnitAction[]; preset?: UnitStrategyPreset } & Pick<ActionStaging, 'moves' | 'unitOrder' | 'firstUnitByCharm' | 'beforeChange'>);

export type UnitAction = UnitActionSpec;

export type UnitStrategyPreset = 'openstack-upgrade' | 'data-platform-refresh';

/**
 * The two charm families, as their charms behave (charmhelpers' `do_action_openstack_upgrade`;
 * canonical/charm-refresh's machine refresh):
 * - OpenStack charms with `action-managed-upgrade=true` install the release `openstack-origin`
 *   names only when `openstack-upgrade` runs on a unit (pause and resume around it); every other
 *   option reaches every unit at config-changed, and a charm refresh reaches them all at once.
 * - The data-platform charms, after `juju refresh`, refresh the highest-numbered unit by
 *   themselves and pause; with `pause-after-unit-refresh=all`, `resume-refresh` run on the next
 *   unit (next lower number) refreshes exactly that unit; `pre-refresh-check` on the leader
 *   comes first, as the charms' refresh guide asks. Config changes are the charm's own.
 */
export const presets: Record<UnitStrategyPreset, Extract<UnitStrategy, { kind: 'actions' }>> = {
  'openstack-upgrade': {
    kind: 'actions', preset: 'openstack-upgrade',
    actions: [{ name: 'pause' }, { name: 'openstack-upgrade' }, { name: 'resume' }],
    moves: { kinds: ['config'], options: ['openstack-origin'] },
  },
  'data-platform-refresh': {
    kind: 'actions', preset: 'data-platform-refresh',
    actions: [{ name: 'resume-refresh' }],
    moves: { kinds: ['refresh'] }, unitOrder: 'highest-first', firstUnitByCharm: true, beforeChange: 'pre-refresh-check',
  },
};

/** The strategy a rollout policy names (`unitStrategy:` in juju-gitops.yaml). */
export function resolveUnitStrategy(spec: UnitStrategySpec | undefined): UnitStrategy {
  if (spec === undefined || spec === 'none') return { kind: 'none' };
  if (typeof spec === 'string') {
    const preset = presets[spec];
    if (!preset) throw new GitopsError('unit-strategy-unknown', `unknown unit strategy ${JSON.stringify(spec)}`, { hint: 'use none, openstack-upgrade, data-platform-refresh or {actions: [...]}' });
    return preset;
  }
  if (!spec.actions.length) throw new GitopsError('unit-strategy-empty', 'a unit strategy of actions needs at least one action');
  return { kind: 'actions', actions: spec.actions.map((a) => (typeof a === 'string' ? { name: a } : a)) };
}

/** The strategy of one application of a model, from the repository's config. */
export function strategyFor(binding: JujuModelBinding | undefined, application: string): UnitStrategy {
  return resolveUnitStrategy(binding?.applications[application] ?? binding?.unitStrategy);
}

/** What a unit strategy gives a plan: an action strategy stages units, `none` does not. */
export function stagingOf(strategy: UnitStrategy): UnitStaging {
  if (strategy.kind === 'none') return { kind: 'none' };
  return {
    kind: 'action',
    actions: strategy.actions.map((a) => ({ name: a.name, ...(a.onNextUnit ? { onNextUnit: true } : {}) })),
    ...(strategy.preset ? { preset: strategy.preset } : {}),
    ...(strategy.moves ? { moves: strategy.moves } : {}),
    ...(strategy.unitOrder ? { unitOrder: strategy.unitOrder } : {}),
    ...(strategy.firstUnitByCharm ? { firstUnitByCharm: true } : {}),
    ...(strategy.beforeChange ? { beforeChange: strategy.beforeChange } : {}),
  };
}

/**
 * A Juju controller runs commands on units (`juju exec`), offers and consumes, and has no
 * per-unit config; whether a restart change reaches one unit at a time is each application's
 * unit strategy. `juju migrate` is not driven yet.
 */
export function jujuCapabilities(models: Record<string, JujuModelBinding> = {}): BackendCapabilities {
  const staging: BackendCapabilities['unitStaging']['models'] = {};
  for (const [name, binding] of Object.entries(models)) {
    staging[name] = {
      default: stagingOf(resolveUnitStrategy(binding.unitStrategy)),
      applications: Object.fromEntries(Object.entries(binding.applications).map(([app, spec]) => [app, stagingOf(resolveUnitStrategy(spec))])),
    };
  }
  return { unitStaging: { default: { kind: 'none' }, models: staging }, exec: true, offers: true, migration: true, perUnitGenerations: false };
}
