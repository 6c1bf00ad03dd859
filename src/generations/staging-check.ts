import { unitStagingOf, type BackendCapabilities } from '../model/capabilities.js';
import { GitopsError } from '../model/errors.js';
import type { GenerationChanges } from '../model/live.js';

/** What a generation stages for one application: config, and the charm (charm, channel, revision, resources). */
export interface StagedKinds {
  options: boolean;
  artefact: boolean;
}

export function stagedKinds(changes: GenerationChanges | undefined): StagedKinds {
  return {
    options: Object.keys(changes?.options ?? {}).length > 0,
    artefact: ['charm', 'channel', 'revision'].some((f) => changes?.[f as keyof GenerationChanges] !== undefined) || Object.keys(changes?.resources ?? {}).length > 0,
  };
}

/**
 * Refuses what a controller cannot keep on some units only. A generation's point is that its
 * targets run the staged changes and the other units do not, and that reconcile can read back
 * which units do. Without per-unit generations (Juju) neither holds: Juju has no per-unit
 * config, and on machines it refreshes every unit's charm code at once; a charm that pauses a
 * refresh (the data-platform family) holds back only its workload, which Juju's status does not
 * report per unit, so a staged charm change could not be told moved on one unit and not another. Where units are kept apart, a staged charm
 * change still needs something that moves one unit alone. Refused before anything is written.
 */
export function refuseUnstageable(opts: { model: string; controller: string; application: string; staged: StagedKinds; capabilities: BackendCapabilities }): void {
  const { model, controller, application, staged, capabilities } = opts;
  if (staged.options && !capabilities.perUnitGenerations) {
    throw new GitopsError('generation-config-not-per-unit', `controller ${controller} keeps no per-unit config, so options of ${application} staged in a generation would reach every unit at once`, {
      hint: `change them for every unit in the bundle (\`juju-gitops config ${application} KEY=VALUE --generation current\`)`,
    });
  }
  if (!staged.artefact) return;
  if (!capabilities.perUnitGenerations) {
    throw new GitopsError('generation-charm-not-per-unit', `on controller ${controller} a refresh of ${application} reaches every unit's charm at once (a charm that pauses a refresh holds back only its workload, which Juju does not report per unit), so a charm change staged in a generation could not be kept on some units only`, {
      hint: `change the charm in the bundle: a unit strategy of charm actions (models.${model}.applications.${application}.unitStrategy) moves the units one at a time behind health checks`,
    });
  }
  if (unitStagingOf(capabilities, model, application).kind === 'none') {
    throw new GitopsError('generation-charm-not-per-unit', `on controller ${controller} a charm change of ${application} reaches all units at once, so a generation cannot move some units first`, {
      hint: `change the charm in the bundle instead`,
    });
  }
}
