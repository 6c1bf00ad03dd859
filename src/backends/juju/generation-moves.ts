import type { UnitTarget } from '../../model/backend-data.js';
import { GitopsError } from '../../model/errors.js';
import type { GenerationChanges, LiveApplication } from '../../model/live.js';
import type { UnitStrategy } from './unit-strategy.js';

/**
 * Whether the application's charm keeps units on the old revision after `juju refresh` and
 * lets them go one at a time: the data-platform refresh. Only there can a staged revision
 * move some units and not others.
 */
export function strategyHoldsRefresh(strategy: UnitStrategy): boolean {
  return strategy.kind === 'actions' && strategy.preset === 'data-platform-refresh';
}

/** Staged changes a Juju controller cannot keep on some units only, refused when the generation is set. */
export function refuseUnheldGeneration(controller: string, name: string, applications: Record<string, GenerationChanges>, strategyOf: (application: string) => UnitStrategy): void {
  const config = Object.entries(applications).filter(([, g]) => g.options && Object.keys(g.options).length).map(([a]) => a);
  if (config.length) {
    throw new GitopsError('juju-no-per-unit-config', `generation ${name} stages config for ${config.join(', ')}, which cannot be per unit on a Juju controller`, {
      hint: 'change the config for every unit in the bundle; a unit strategy of charm actions moves the units one at a time',
    });
  }
  for (const [application, staged] of Object.entries(applications)) {
    const others = staged.charm !== undefined || staged.channel !== undefined || Object.keys(staged.resources ?? {}).length > 0;
    if (staged.revision === undefined && !others) continue;
    if (!strategyHoldsRefresh(strategyOf(application)) || others) {
      throw new GitopsError('generation-charm-not-per-unit', `generation ${name} stages a charm change of ${application}, which controller ${controller} cannot keep on some units only`, {
        hint: 'only a charm revision, of an application whose charm holds a refresh (unitStrategy: data-platform-refresh), can be staged on Juju',
      });
    }
  }
}

/**
 * A unit moved to (or back from) a generation on Juju is a unit the held refresh lets go. The
 * charm picks which unit goes next (the highest number not yet refreshed), at least one unit
 * stays on the old revision (else the revision they came from can no longer be read back), and
 * going back alone is impossible: it takes refreshing the application back, which moves every
 * unit. Checked against the model as Juju reports it, before anything is changed.
 */
export function refuseGenerationMove(opts: { controller: string; app: LiveApplication; unit: string; target: UnitTarget; strategy: UnitStrategy }): void {
  const { controller, app, unit, target, strategy } = opts;
  const runs = app.units[unit].applied;
  if (target.generation === null) {
    if (target.revision === undefined || target.revision === runs.revision) return;
    throw new GitopsError('juju-generation-no-return', `${unit} runs revision ${runs.revision ?? '?'} of ${app.name}; on controller ${controller} it goes back to revision ${target.revision} only with the whole application, refreshed back`, {
      hint: `keep ${unit} in the generation's targets and commit the generation, or refresh ${app.name} to revision ${target.revision} in the bundle`,
    });
  }
  if (!strategyHoldsRefresh(strategy)) {
    throw new GitopsError('juju-no-per-unit-config', `unit ${unit} cannot track generation ${target.generation}: Juju has no per-unit config, and ${app.name}'s charm does not hold a refresh back`);
  }
  const user = Object.fromEntries(Object.entries(app.options).filter(([, o]) => o.source === 'user').map(([k, o]) => [k, o.value]));
  if (target.options && JSON.stringify(sorted(target.options)) !== JSON.stringify(sorted(user))) {
    throw new GitopsError('juju-no-per-unit-config', `unit ${unit} cannot track generation ${target.generation} with its own options: Juju has no per-unit config`);
  }
  if (target.revision === undefined || runs.revision === target.revision) return;
  const behind = Object.values(app.units).filter((u) => u.applied.revision !== target.revision).map((u) => u.name).sort((a, b) => number(b) - number(a));
  if (behind[0] !== unit) {
    throw new GitopsError('generation-unit-order', `the charm of ${app.name} refreshes its units highest number first, so ${behind[0]} goes before ${unit}`, {
      hint: `target ${behind[0]} before ${unit} in the generation`,
    });
  }
  if (behind.length === 1) {
    throw new GitopsError('generation-moves-every-unit', `${unit} is the last unit of ${app.name} on revision ${runs.revision ?? '?'}; on controller ${controller} the revision they came from could no longer be read back once it moves`, {
      hint: 'commit the generation instead: its revision goes into the bundle and the unit strategy moves the last unit',
    });
  }
}

function sorted(record: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function number(unit: string): number {
  return Number(unit.split('/')[1]);
}
