/**
 * Local charms: folders with Juju's `metadata.yaml` and `config.yaml`, and optionally
 * juju-gitops' `workload.yaml` saying how each unit runs (see WorkloadSpec). The catalogue
 * resolves a bundle's `charm:` to a folder (a path, or `local:NAME` in its folders); any other
 * name is an opaque Charmhub charm with no schema. Options are type-checked and defaulted
 * against `config.yaml` when it is known.
 */
export { CharmCatalogue, parseCharmUrl, type CharmRef } from './catalogue.js';
export { loadCharm } from './load-charm.js';
export { checkOptions, withDefaults } from '../../bundle/charm-options.js';
export { hasManagedUnits, type HealthSpec, type LocalCharm, type WorkloadSpec } from './types.js';
