import { unitStagingOf, type BackendCapabilities, type UnitStaging } from '../model/capabilities.js';
import { GitopsError } from '../model/errors.js';
import type { GenerationChanges } from '../model/live.js';
import { unitNumber } from './progress.js';

/** What a generation stages for one application: config, and the charm (charm, channel, revision, resources). */
export interface StagedKinds {
  options: boolean;
  artefact: boolean;
  /** The charm part is a revision alone: no other charm, channel or resources. */
  revisionOnly: boolean;
}

export function stagedKinds(changes: GenerationChanges | undefined): StagedKinds {
  const resources = Object.keys(changes?.resources ?? {}).length > 0;
  const others = changes?.charm !== undefined || changes?.channel !== undefined || resources;
  return {
    options: Object.keys(changes?.options ?? {}).length > 0,
    artefact: changes?.revision !== undefined || others,
    revisionOnly: changes?.revision !== undefined && !others,
  };
}

/**
 * Whether the charm itself holds units back after `juju refresh` and lets them go one at a time:
 * the data-platform charms refresh their highest-numbered unit, then pause until `resume-refresh`.
 */
export function charmHoldsUnits(staging: UnitStaging): boolean {
  return staging.kind === 'action' && staging.preset === 'data-platform-refresh';
}

/**
 * Refuses what a controller cannot keep on some units only. A generation's point is that its
 * targets run the staged changes and the other units do not, and that reconcile can read back
 * which units do. Without per-unit generations (Juju) config never holds: Juju has no per-unit
 * config. A charm revision holds only where the charm keeps the other units on the old
 * revision (the data-platform refresh), and only the revision: Juju reports each unit's charm
 * revision (`upgrading-from`), not its channel or resources. Where units are kept apart, a staged
 * charm change still needs something that moves one unit alone. Refused before anything is written.
 */
export function refuseUnstageable(opts: { model: string; controller: string; application: string; staged: StagedKinds; capabilities: BackendCapabilities }): void {
  const { model, controller, application, staged, capabilities } = opts;
  if (staged.options && !capabilities.perUnitGenerations) {
    throw new GitopsError('generation-config-not-per-unit', `controller ${controller} keeps no per-unit config, so options of ${application} staged in a generation would reach every unit at once`, {
      hint: `change them for every unit in the bundle (\`juju-gitops config ${application} KEY=VALUE --generation current\`)`,
    });
  }
  if (!staged.artefact) return;
  const staging = unitStagingOf(capabilities, model, application);
  if (!capabilities.perUnitGenerations) {
    if (!charmHoldsUnits(staging)) {
      throw new GitopsError('generation-charm-not-per-unit', `on controller ${controller} a refresh of ${application} reaches every unit at once unless its charm holds the others back, so a charm change staged in a generation could not be kept on some units only`, {
        hint: `a charm that refreshes one unit and pauses (unitStrategy: data-platform-refresh) can take a staged revision; otherwise change the charm in the bundle: a unit strategy of charm actions (models.${model}.applications.${application}.unitStrategy) moves the units one at a time behind health checks`,
      });
    }
    if (!staged.revisionOnly) {
      throw new GitopsError('generation-charm-not-per-unit', `on controller ${controller} only a charm revision of ${application} can be staged: Juju reports which revision each unit runs, not its channel, charm or resources`, {
        hint: `stage the revision alone (\`juju-gitops generation refresh ${application} --revision N\`) and change the rest in the bundle`,
      });
    }
    return;
  }
  if (staging.kind === 'none') {
    throw new GitopsError('generation-charm-not-per-unit', `on controller ${controller} a charm change of ${application} reaches all units at once, so a generation cannot move some units first`, {
      hint: `change the charm in the bundle instead`,
    });
  }
}

/**
 * Where the charm holds units back, it also picks the order: the data-platform charms refresh
 * the highest unit number first, so a generation's units of that application must be the
 * highest-numbered ones, in that order. And at least one unit must stay behind: with every unit
 * refreshed, Juju reports only the staged revision, and the one the application came from can
 * no longer be read back (the generation is done: commit it).
 */
export function refuseUnheldTargets(opts: { controller: string; application: string; tracked: readonly string[]; units: readonly string[] }): void {
  const { controller, application, tracked, units } = opts;
  const order = [...units].sort((a, b) => unitNumber(b) - unitNumber(a));
  if (order.length && tracked.length >= order.length) {
    throw new GitopsError('generation-moves-every-unit', `the generation would refresh every unit of ${application}; on controller ${controller} the revision they came from could then no longer be read back`, {
      hint: `leave ${order[order.length - 1]} out, then commit the generation (\`juju-gitops generation commit\`) once its units are healthy`,
    });
  }
  const expected = order.slice(0, tracked.length);
  const wrong = tracked.findIndex((unit, i) => unit !== expected[i]);
  if (wrong >= 0) {
    throw new GitopsError('generation-unit-order', `the charm of ${application} refreshes its units highest number first (${order.join(', ')}), so ${tracked[wrong]} cannot be unit ${wrong + 1} of the generation`, {
      hint: `target ${expected.join(', ')}, in that order`,
    });
  }
}
