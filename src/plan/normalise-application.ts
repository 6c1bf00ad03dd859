import type { ApplicationSpec, Bundle } from '../model/bundle.js';
import type { LiveApplication } from '../model/live.js';
import { canonicalCharm, isLocalCharm } from './charm-url.js';
import { canonicalConstraints, canonicalStorage } from './constraints.js';
import { canonicalExposure } from './expose.js';
import { desiredOptions, liveOptions } from './options.js';
import { comparablePlacement } from './placement.js';
import { canonicalBase, canonicalChannel } from './series.js';

/**
 * Both sides of one application in one canonical, JSON-only form, so that a structural diff of
 * the two finds exactly the differences that matter. Fields one side cannot speak to are left
 * out of both: a channel or revision the bundle does not pin, a base the model does not report,
 * storage, devices, resources and bindings the bundle does not name (the charm's defaults).
 */
export type Comparable = Record<string, unknown>;

export function desiredBase(spec: { base?: string; series?: string }, bundle: Pick<Bundle, 'default-base' | 'series'>): string | undefined {
  return canonicalBase(spec.base ?? spec.series ?? bundle['default-base'] ?? bundle.series);
}

/** Both sides of a map the bundle does not name, read only: most applications name few of theirs. */
const unnamed = Object.freeze({ bundle: Object.freeze({}), model: Object.freeze({}) });

function pickKeys<T>(
  desired: Record<string, T> | undefined,
  live: Record<string, T> | undefined,
  canonical: (value: T) => T = (v) => v,
): { bundle: Record<string, T>; model: Record<string, T> } {
  if (desired === undefined) return unnamed;
  const bundle: Record<string, T> = {};
  const model: Record<string, T> = {};
  for (const key in desired) {
    const value = desired[key];
    if (value === null || value === undefined) continue;
    bundle[key] = canonical(value);
    if (live?.[key] !== undefined) model[key] = canonical(live[key]);
  }
  return { bundle, model };
}

function set(target: Comparable, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

export function comparableApplication(
  spec: ApplicationSpec,
  live: LiveApplication,
  bundle: Pick<Bundle, 'default-base' | 'series'>,
  opts: { kubernetes: boolean },
): { bundle: Comparable; model: Comparable } {
  const b: Comparable = { charm: canonicalCharm(spec.charm) };
  const m: Comparable = { charm: canonicalCharm(live.charm) };
  if (!isLocalCharm(spec.charm) && !isLocalCharm(live.charm)) {
    if (spec.channel) {
      b.channel = canonicalChannel(spec.channel);
      set(m, 'channel', canonicalChannel(live.channel));
    }
    if (spec.revision !== undefined && spec.revision !== null) {
      b.revision = spec.revision;
      set(m, 'revision', live.revision);
    }
  }
  const base = desiredBase(spec, bundle);
  const liveBase = canonicalBase(live.base);
  if (base && liveBase) [b.base, m.base] = [base, liveBase];

  const subordinate = live.subordinate || live.charmInfo?.subordinate === true;
  if (!subordinate) {
    const units = opts.kubernetes ? 'scale' : 'num_units';
    b[units] = spec.num_units ?? 0;
    m[units] = live.scale;
    if (!opts.kubernetes && spec.to?.length) {
      const placement = comparablePlacement(spec.to, spec.num_units ?? 0, live.units);
      [b.placement, m.placement] = [placement.bundle, placement.model];
    }
  }
  // Kubernetes placement is a node selector, compared as Juju compares it: the bundle's first
  // directive against the application's, when the model reports one.
  if (opts.kubernetes && spec.to?.length && live.placement !== undefined) [b.placement, m.placement] = [spec.to[0], live.placement];

  // As Juju's diff: the effective expose flag (exposed-endpoints imply it) and the per-endpoint
  // map, where `expose: true` alone means "" open to 0.0.0.0/0 and ::/0.
  const exposure = { bundle: canonicalExposure(spec.expose, spec['exposed-endpoints']), model: canonicalExposure(live.expose, live.exposedEndpoints) };
  b.expose = Object.keys(exposure.bundle).length > 0;
  m.expose = Object.keys(exposure.model).length > 0;
  [b.exposed_endpoints, m.exposed_endpoints] = [exposure.bundle, exposure.model];

  const schema = live.charmInfo?.config;
  b.options = desiredOptions(spec.options, schema);
  m.options = liveOptions(live.options, schema, spec.options);
  b.annotations = { ...(spec.annotations ?? {}) };
  m.annotations = { ...live.annotations };
  set(b, 'constraints', canonicalConstraints(spec.constraints));
  set(m, 'constraints', canonicalConstraints(live.constraints));

  const storage = pickKeys(spec.storage, live.storage, canonicalStorage);
  const devices = pickKeys(spec.devices, live.devices);
  const resources = pickKeys(spec.resources, live.resources, (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
  const bindings = pickKeys(spec.bindings, live.bindings);
  [b.storage, m.storage] = [storage.bundle, storage.model];
  [b.devices, m.devices] = [devices.bundle, devices.model];
  [b.resources, m.resources] = [resources.bundle, resources.model];
  [b.bindings, m.bindings] = [bindings.bundle, bindings.model];
  b.trust = spec.trust === true;
  m.trust = live.trust === true;
  return { bundle: b, model: m };
}
