import type { ApplicationSpec, Bundle } from '../model/bundle.js';
import type { ApplicationField } from '../model/change.js';
import type { LiveApplication } from '../model/live.js';
import type { ChangeDraft } from './change-draft.js';
import { canonicalCharm } from './charm-url.js';
import type { ApplicationDiff } from './diff-types.js';
import { canonicalExposure, isPlainExposure, toBundleExposure } from './expose.js';
import { userOptions } from './options.js';
import { seriesToBase } from './series.js';

/**
 * The changes that bring one application in line with its bundle entry. Charm, channel,
 * revision and resources go together in one refresh and options in one config change, both
 * rolled unit by unit; other fields are set in place; fewer units is destructive.
 */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pick<T>(map: Record<string, T> | undefined, keys: string[]): Record<string, T> {
  return Object.fromEntries(keys.filter((k) => map?.[k] !== undefined).map((k) => [k, map![k]]));
}

/** What a deploy hands the backend: the bundle entry, with the default base made explicit and offers left to their own changes. */
export function deploySpec(spec: ApplicationSpec, bundle: Bundle): ApplicationSpec {
  const { offers: _offers, ...rest } = spec;
  const out: ApplicationSpec = { ...rest };
  const defaultBase = bundle['default-base'] ?? (bundle.series ? seriesToBase(bundle.series) : undefined);
  if (!out.base && !out.series && defaultBase) out.base = defaultBase;
  if (out.options) out.options = Object.fromEntries(Object.entries(out.options).filter(([, v]) => v !== null && v !== undefined));
  return out;
}

export function deployChange(name: string, spec: ApplicationSpec, bundle: Bundle): ChangeDraft {
  const units = spec.num_units ? ` with ${spec.num_units} unit${spec.num_units === 1 ? '' : 's'}` : '';
  const channel = spec.channel ? ` from channel ${spec.channel}` : '';
  return {
    id: `deploy-${name}`, kind: 'deploy', classification: 'in-place', application: name, spec: deploySpec(spec, bundle),
    description: `deploy application ${name} using ${canonicalCharm(spec.charm)}${channel}${units}`,
  };
}

function refreshChange(name: string, diff: ApplicationDiff, spec: ApplicationSpec, live: LiveApplication): ChangeDraft | undefined {
  const resourceKeys = Object.keys(diff.resources ?? {});
  if (!diff.charm && !diff.channel && !diff.revision && resourceKeys.length === 0) return undefined;
  const to = withoutUndefined({
    charm: diff.charm ? spec.charm : undefined,
    channel: diff.channel?.bundle ?? undefined,
    revision: diff.revision?.bundle ?? undefined,
    resources: resourceKeys.length ? pick(spec.resources, resourceKeys) : undefined,
  });
  const from = withoutUndefined({
    charm: live.charm, channel: live.channel, revision: live.revision,
    resources: resourceKeys.length ? pick(live.resources, resourceKeys) : undefined,
  });
  const what = [
    to.charm && `to charm ${canonicalCharm(to.charm)}`, to.channel && `to channel ${to.channel}`,
    to.revision !== undefined && `to revision ${to.revision}`, to.resources && `with resources ${resourceKeys.join(', ')}`,
  ].filter(Boolean);
  return { id: `refresh-${name}`, kind: 'refresh', classification: 'restart', application: name, to, from, description: `upgrade ${name} ${what.join(' ')}` };
}

function configChange(name: string, diff: ApplicationDiff, spec: ApplicationSpec, live: LiveApplication): ChangeDraft | undefined {
  if (!diff.options) return undefined;
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  const from: Record<string, unknown> = {};
  const current = userOptions(live.options);
  for (const [key, pair] of Object.entries(diff.options)) {
    // Leaving an option out of the bundle means "the charm's default", which is reached by unsetting it.
    if (spec.options?.[key] !== undefined && spec.options[key] !== null) set[key] = pair.bundle;
    else unset.push(key);
    if (current[key] !== undefined) from[key] = current[key];
  }
  return { id: `config-${name}`, kind: 'config', classification: 'restart', application: name, set, unset, from, description: `set application options for ${name}` };
}

function fieldChanges(name: string, diff: ApplicationDiff, spec: ApplicationSpec, live: LiveApplication): ChangeDraft[] {
  const fields: [ApplicationField, unknown, unknown][] = [];
  if (diff.base) fields.push(['base', diff.base.bundle, diff.base.model]);
  if (diff.constraints) fields.push(['constraints', diff.constraints.bundle ?? '', live.constraints ?? '']);
  if (diff.annotations) fields.push(['annotations', { ...(spec.annotations ?? {}) }, live.annotations]);
  if (diff.storage) fields.push(['storage', { ...live.storage, ...spec.storage }, live.storage]);
  if (diff.devices) fields.push(['devices', { ...live.devices, ...spec.devices }, live.devices]);
  if (diff.bindings) fields.push(['bindings', { ...live.bindings, ...spec.bindings }, live.bindings]);
  if (diff.trust) fields.push(['trust', diff.trust.bundle, diff.trust.model]);
  return fields.map(([field, value, from]) => ({
    id: `update-${name}-${field}`, kind: 'update-application', classification: 'in-place', application: name, field, value, from,
    description: `set ${field} of ${name}`,
  }));
}

function scaleChange(name: string, diff: ApplicationDiff, spec: ApplicationSpec): ChangeDraft | undefined {
  const pair = diff.num_units ?? diff.scale;
  if (!pair) return undefined;
  const [units, from] = [pair.bundle ?? 0, pair.model ?? 0];
  return {
    id: `scale-${name}`, kind: 'scale', classification: units < from ? 'destructive' : 'in-place', application: name, units, from,
    description: `scale ${name} from ${from} to ${units} unit${units === 1 ? '' : 's'}`,
    ...(units > from && spec.to?.length ? { to: spec.to } : {}),
  };
}

function exposeChange(name: string, diff: ApplicationDiff, spec: ApplicationSpec): ChangeDraft | undefined {
  if (!diff.expose && !diff.exposed_endpoints) return undefined;
  const map = canonicalExposure(spec.expose, spec['exposed-endpoints']);
  const expose = Object.keys(map).length > 0;
  const granular = !isPlainExposure(map);
  const description = !expose
    ? `unexpose ${name}`
    : granular ? `expose endpoints ${Object.keys(map).map((e) => e || '(all)').join(', ')} of ${name}` : `expose all endpoints of ${name}`;
  return {
    id: `expose-${name}`, kind: 'expose', classification: 'in-place', application: name, expose, description,
    ...(granular ? { exposedEndpoints: toBundleExposure(map) } : {}),
  };
}

export function applicationChanges(name: string, diff: ApplicationDiff, spec: ApplicationSpec, live: LiveApplication): ChangeDraft[] {
  return [
    refreshChange(name, diff, spec, live), configChange(name, diff, spec, live), ...fieldChanges(name, diff, spec, live),
    scaleChange(name, diff, spec), exposeChange(name, diff, spec),
  ].filter((c): c is ChangeDraft => c !== undefined);
}
