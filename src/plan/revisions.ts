import type { Bundle } from '../model/bundle.js';
import type { LiveApplication, LiveModel, LiveRelation } from '../model/live.js';
import { desiredOffers } from './diff-offers.js';
import { diffModel } from './diff-model.js';
import type { ModelDiff } from './diff-types.js';
import { desiredBase } from './normalise-application.js';
import { parseEndpoint } from './relations.js';

/**
 * A bundle seen as if it were deployed, so two git revisions can be compared with the same diff
 * that compares a bundle with a model (the pull-request view, no controller needed). Everything
 * the bundle sets counts as user-set; endpoints it leaves out stay open and match any.
 */
export function liveModelFromBundle(bundle: Bundle, opts: { name: string; controller: string }): LiveModel {
  const applications: Record<string, LiveApplication> = {};
  for (const [name, spec] of Object.entries(bundle.applications)) {
    const options = Object.entries(spec.options ?? {}).filter(([, v]) => v !== null && v !== undefined);
    applications[name] = {
      name, charm: spec.charm, channel: spec.channel, revision: spec.revision, base: desiredBase(spec, bundle),
      subordinate: false, scale: spec.num_units ?? 0, expose: spec.expose === true, exposedEndpoints: spec['exposed-endpoints'],
      options: Object.fromEntries(options.map(([k, value]) => [k, { value, source: 'user' as const }])),
      constraints: spec.constraints, annotations: { ...(spec.annotations ?? {}) }, storage: { ...(spec.storage ?? {}) },
      devices: { ...(spec.devices ?? {}) }, bindings: { ...(spec.bindings ?? {}) }, resources: { ...(spec.resources ?? {}) },
      trust: spec.trust === true, status: { current: 'unknown' }, units: {},
    };
  }
  const relations: LiveRelation[] = (bundle.relations ?? []).map(([a, b], id) => ({
    id, endpoints: [parseEndpoint(a), parseEndpoint(b)],
  }));
  const offers = Object.fromEntries(Object.entries(desiredOffers(bundle)).map(([name, offer]) => [
    name, { name, application: offer.application, url: `admin/${opts.name}.${name}`, endpoints: offer.endpoints, acl: offer.acl, connections: [] },
  ]));
  const machines = Object.fromEntries(Object.entries(bundle.machines ?? {}).map(([id, spec]) => [
    id, { ...(spec ?? {}), id, base: desiredBase(spec ?? {}, bundle), status: { current: 'unknown' } },
  ]));
  const saas = Object.fromEntries(Object.entries(bundle.saas ?? {}).map(([name, spec]) => [name, { name, url: spec.url }]));
  return {
    name: opts.name, uuid: '', type: bundle.bundle === 'kubernetes' ? 'caas' : 'iaas', controller: opts.controller,
    applications, machines, relations, offers, saas, generation: null,
  };
}

/** What changes between two revisions of a model's bundle: `base` plays the model's part. */
export function diffRevisions(base: Bundle, head: Bundle): ModelDiff {
  return diffModel(head, liveModelFromBundle(base, { name: 'base', controller: '' }));
}
