import { createHash } from 'node:crypto';
import type { LiveModel } from '../model/live.js';

/**
 * A hash of the live state a plan depends on: what each application is set to, what each unit
 * runs and which generation it tracks, machines, relations, offers and saas. Status, messages,
 * timestamps, addresses, ports and leadership are left out, so the fingerprint only moves when
 * something a plan would act on moves.
 */
export function fingerprintLiveModel(live: LiveModel): string {
  return `sha256:${createHash('sha256').update(canonicalJson(fingerprintInput(live))).digest('hex')}`;
}

function byName<T, U>(items: Record<string, T>, pick: (item: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(items).map(([name, item]) => [name, pick(item)]));
}

function fingerprintInput(live: LiveModel): unknown {
  const applications = byName(live.applications, (app) => ({
    charm: app.charm, channel: app.channel, revision: app.revision, base: app.base,
    scale: app.scale, expose: app.expose, exposedEndpoints: app.exposedEndpoints, options: app.options,
    constraints: app.constraints, annotations: app.annotations, storage: app.storage, devices: app.devices,
    bindings: app.bindings, resources: app.resources, trust: app.trust,
    units: byName(app.units, (unit) => ({ machine: unit.machine, applied: unit.applied, generation: unit.generation })),
  }));
  const machines = byName(live.machines, ({ base, series, constraints, annotations }) => ({ base, series, constraints, annotations }));
  const relations = live.relations
    .map((r) => r.endpoints.map((e) => `${e.application}:${e.endpoint}`).sort().join(' '))
    .sort();
  const offers = byName(live.offers, ({ application, url, endpoints, acl }) => ({ application, url, endpoints: [...endpoints].sort(), acl }));
  const saas = byName(live.saas, ({ url }) => url);
  const generation = live.generation && { name: live.generation.name, applications: live.generation.applications };
  return { name: live.name, uuid: live.uuid, applications, machines, relations, offers, saas, generation };
}

/** JSON with object keys sorted and undefined dropped, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
