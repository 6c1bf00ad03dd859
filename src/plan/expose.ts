import type { ExposedEndpointSpec } from '../model/bundle.js';

/**
 * Exposure in the form `juju diff-bundle` compares: per endpoint (`""` = all endpoints), the
 * spaces and CIDRs it is open to. `expose: true` and an endpoint given without either both mean
 * "open to the world", as Juju applies them.
 */
export interface CanonicalExposure {
  expose_to_spaces?: string[];
  expose_to_cidrs?: string[];
}

export type ExposureMap = Record<string, CanonicalExposure>;

const world = ['0.0.0.0/0', '::/0'];

function canonicalEntry(spec: ExposedEndpointSpec | null | undefined): CanonicalExposure {
  const spaces = [...(spec?.['expose-to-spaces'] ?? [])].sort();
  const cidrs = [...(spec?.['expose-to-cidrs'] ?? [])].sort();
  if (spaces.length === 0 && cidrs.length === 0) return { expose_to_cidrs: [...world] };
  const entry: CanonicalExposure = {};
  if (spaces.length) entry.expose_to_spaces = spaces;
  if (cidrs.length) entry.expose_to_cidrs = cidrs;
  return entry;
}

export function canonicalExposure(expose: boolean | undefined, endpoints: Record<string, ExposedEndpointSpec> | undefined): ExposureMap {
  const out: ExposureMap = {};
  const names = Object.keys(endpoints ?? {});
  if (names.length > 0) {
    for (const name of names.sort()) out[name] = canonicalEntry(endpoints?.[name]);
  } else if (expose) {
    out[''] = { expose_to_cidrs: [...world] };
  }
  return out;
}

/** True when the map says only "everything open" or "nothing open", so a plain boolean says it all. */
export function isPlainExposure(map: ExposureMap): boolean {
  const names = Object.keys(map);
  if (names.length === 0) return true;
  const all = map[''];
  return names.length === 1 && all !== undefined && !all.expose_to_spaces && all.expose_to_cidrs?.join(',') === world.join(',');
}

/** Back to the bundle's spelling, for the changes a plan carries. */
export function toBundleExposure(map: ExposureMap): Record<string, ExposedEndpointSpec> {
  const out: Record<string, ExposedEndpointSpec> = {};
  for (const [name, entry] of Object.entries(map)) {
    const spec: ExposedEndpointSpec = {};
    if (entry.expose_to_spaces) spec['expose-to-spaces'] = entry.expose_to_spaces;
    if (entry.expose_to_cidrs) spec['expose-to-cidrs'] = entry.expose_to_cidrs;
    out[name] = spec;
  }
  return out;
}
