import jsonpatch from 'fast-json-patch';
import type { ApplicationSpec, Bundle } from '../model/bundle.js';
import type { LiveApplication } from '../model/live.js';
import { applicationFieldOrder, mapFields, type ApplicationDiff, type ApplicationDiffField, type ValueDiff } from './diff-types.js';
import { comparableApplication, type Comparable } from './normalise-application.js';
import { sameJson } from './same-json.js';

/**
 * Compares one application present on both sides. The canonical forms are diffed as JSON
 * documents (RFC 6902, fast-json-patch); each operation's path names the field, and for map
 * fields the key, whose two values are then reported as a `{bundle, model}` pair.
 */
export function diffApplication(
  spec: ApplicationSpec,
  live: LiveApplication,
  bundle: Pick<Bundle, 'default-base' | 'series'>,
  opts: { kubernetes: boolean },
): ApplicationDiff | undefined {
  const sides = comparableApplication(spec, live, bundle, opts);
  // Nearly every application of a large model is settled: equal sides need no patch.
  if (sameJson(sides.model, sides.bundle)) return undefined;
  const operations = jsonpatch.compare(sides.model, sides.bundle);
  if (operations.length === 0) return undefined;
  const touched = new Map<ApplicationDiffField, Set<string>>();
  for (const { path } of operations) {
    const [field, key] = path.split('/').slice(1) as [ApplicationDiffField, string | undefined];
    if (!touched.has(field)) touched.set(field, new Set());
    if (mapFields.has(field) && key !== undefined) touched.get(field)?.add(jsonpatch.unescapePathComponent(key));
  }
  const diff: Record<string, unknown> = {};
  for (const field of applicationFieldOrder) {
    const keys = touched.get(field);
    if (!keys) continue;
    diff[field] = mapFields.has(field) ? mapPairs(sides, field, keys) : pair(sides.bundle[field], sides.model[field]);
  }
  return diff as ApplicationDiff;
}

function pair<T>(bundle: T | undefined, model: T | undefined): ValueDiff<T> {
  return { bundle: bundle ?? null, model: model ?? null };
}

function mapPairs(sides: { bundle: Comparable; model: Comparable }, field: string, keys: Set<string>): Record<string, ValueDiff> {
  const bundle = (sides.bundle[field] ?? {}) as Record<string, unknown>;
  const model = (sides.model[field] ?? {}) as Record<string, unknown>;
  // A whole map replaced (one side absent) reports every key of both sides.
  const all = keys.size > 0 ? [...keys] : [...new Set([...Object.keys(bundle), ...Object.keys(model)])];
  const out: Record<string, ValueDiff> = {};
  for (const key of all.sort()) out[key] = pair(bundle[key], model[key]);
  return out;
}
