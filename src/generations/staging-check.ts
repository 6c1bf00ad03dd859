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
 * targets run the staged changes and the other units do not: staged config needs per-unit
 * config (Juju has none), and a staged charm change needs something that moves one unit alone
 * (a unit strategy of charm actions on Juju). Refused before anything is written.
 */
export function refuseUnstageable(opts: { model: string; controller: string; application: string; staged: StagedKinds; capabilities: BackendCapabilities }): void {
  const { model, controller, application, staged, capabilities } = opts;
  if (staged.options && !capabilities.perUnitGenerations) {
    throw new GitopsError('generation-config-not-per-unit', `controller ${controller} keeps no per-unit config, so options of ${application} staged in a generation would reach every unit at once`, {
      hint: `change them for every unit in the bundle (\`juju-gitops config ${application} KEY=VALUE --generation current\`); a generation can still stage a charm revision there`,
    });
  }
  if (staged.artefact && unitStagingOf(capabilities, model, application).kind === 'none') {
    throw new GitopsError('generation-charm-not-per-unit', `on controller ${controller} a charm change of ${application} reaches all units at once, so a generation cannot move some units first`, {
      hint: `give ${application} a unit strategy of charm actions in juju-gitops.yaml (models.${model}.applications.${application}.unitStrategy), or change the charm in the bundle`,
    });
  }
}
