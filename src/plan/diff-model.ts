import type { ApplicationSpec, Bundle } from '../model/bundle.js';
import type { LiveApplication, LiveModel } from '../model/live.js';
import { diffApplication } from './diff-applications.js';
import { diffByName } from './diff-by-name.js';
import { diffMachines } from './diff-machines.js';
import { diffOffers, diffSaas } from './diff-offers.js';
import type { ApplicationDiff, ModelDiff, RelationsDiff } from './diff-types.js';
import {
  formatEndpoint, inferEndpoints, liveRelationPairs, matchRelations, parseEndpoint, relationKey, sortPair,
  type EndpointsOf, type RelationPair,
} from './relations.js';

/** True for a Kubernetes model, where units are counted as `scale` and never placed on machines. */
export function isKubernetes(desired: Bundle, live: LiveModel): boolean {
  return live.type === 'caas' || desired.bundle === 'kubernetes';
}

export function endpointsOf(live: LiveModel): EndpointsOf {
  return (application) => live.applications[application]?.charmInfo?.endpoints ?? live.saas[application]?.endpoints;
}

/** The bundle's relations with every endpoint the charms' metadata can settle filled in. */
export function desiredRelationPairs(desired: Bundle, live: LiveModel): RelationPair[] {
  const lookup = endpointsOf(live);
  return (desired.relations ?? []).map(([a, b]) => sortPair(inferEndpoints([parseEndpoint(a), parseEndpoint(b)], lookup)));
}

export function compareRelations(desired: Bundle, live: LiveModel): { bundleOnly: RelationPair[]; modelOnly: RelationPair[] } {
  const result = matchRelations(desiredRelationPairs(desired, live), liveRelationPairs(live.relations));
  const byKey = (a: RelationPair, b: RelationPair) => (relationKey(a) < relationKey(b) ? -1 : 1);
  return { bundleOnly: result.bundleOnly.sort(byKey), modelOnly: result.modelOnly.sort(byKey) };
}

function asStrings(pairs: RelationPair[]): [string, string][] {
  return pairs.map(([a, b]) => [formatEndpoint(a), formatEndpoint(b)]);
}

/** Everything that differs between the desired bundle and the live model; `{}` when nothing does. */
export function diffModel(desired: Bundle, live: LiveModel, opts: { machineMap?: Record<string, string> } = {}): ModelDiff {
  const kubernetes = isKubernetes(desired, live);
  const applications = diffByName<ApplicationSpec, LiveApplication, ApplicationDiff>(desired.applications, live.applications, (spec, app) =>
    diffApplication(spec, app, desired, { kubernetes }),
  );
  const relations = compareRelations(desired, live);
  const relationsDiff: RelationsDiff = {};
  if (relations.bundleOnly.length) relationsDiff['bundle-additions'] = asStrings(relations.bundleOnly);
  if (relations.modelOnly.length) relationsDiff['model-additions'] = asStrings(relations.modelOnly);

  const diff: ModelDiff = {};
  if (Object.keys(applications).length) diff.applications = applications;
  const machines = kubernetes ? {} : diffMachines(desired, live, opts.machineMap);
  if (Object.keys(machines).length) diff.machines = machines;
  if (Object.keys(relationsDiff).length) diff.relations = relationsDiff;
  const offers = diffOffers(desired, live);
  if (Object.keys(offers).length) diff.offers = offers;
  const saas = diffSaas(desired, live);
  if (Object.keys(saas).length) diff.saas = saas;
  return diff;
}
