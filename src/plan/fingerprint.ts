import { createHash, type Hash } from 'node:crypto';
import type { AppliedState, LiveApplication, LiveModel } from '../model/live.js';
import { sameJson } from './same-json.js';

/**
 * A hash of the live state a plan depends on: what each application is set to, what each unit
 * runs and which generation it tracks, machines, relations, offers and saas. Status, messages,
 * timestamps, addresses, ports and leadership are left out, so the fingerprint only moves when
 * something a plan would act on moves.
 */
export function fingerprintLiveModel(live: LiveModel): string {
  // Hashed one application at a time, so a large model never becomes one huge string.
  const hash = createHash('sha256');
  // One list of rows is filled for each application's units in turn, rather than one grown for each.
  const rows: unknown[] = [];
  for (const name of Object.keys(live.applications).sort()) {
    const app = live.applications[name];
    // Each line is a JSON array, so the two are hashed one after the other rather than joined.
    hash.update(applicationLine(name, app));
    hash.update(unitLines(app, rows));
  }
  hashMachines(live.machines, hash);
  hash.update(canonicalJson(modelInput(live)));
  return `sha256:${hash.digest('hex')}`;
}

function byName<T, U>(items: Record<string, T>, pick: (item: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(items).map(([name, item]) => [name, pick(item)]));
}

/*
 * Applications, units and machines are the bulk of a large model, so each is written as a flat
 * JSON array in a fixed order by the native serialiser, its records as their entries in key
 * order: nothing is built value by value here.
 */

function applicationLine(name: string, app: LiveApplication): string {
  return JSON.stringify([
    name, app.charm, app.channel ?? null, app.revision ?? null, app.base ?? null, app.scale, app.expose, app.trust, app.constraints ?? null,
    entries(app.options, (out, option) => out.push(plain(option.value), option.source)),
    entries(app.exposedEndpoints), entries(app.annotations), entries(app.storage), entries(app.devices), entries(app.bindings), entries(app.resources),
  ]);
}

/**
 * The units of an application nearly always run the same build, so each distinct build is
 * written once and a unit names it by its number.
 */
function unitLines(app: LiveApplication, rows: unknown[]): string {
  rows.length = 0;
  const builds: unknown[] = [];
  let previous: AppliedState | undefined;
  let build = -1;
  for (const name of jsonKeyOrder(Object.keys(app.units))) {
    const unit = app.units[name];
    const { applied } = unit;
    if (previous === undefined || !sameBuild(previous, applied)) {
      builds.push(applied.charm, applied.channel ?? null, applied.revision ?? null, entries(applied.options));
      build++;
    }
    previous = applied;
    rows.push(unit.name, unit.machine ?? null, unit.generation ?? null, build);
  }
  return JSON.stringify([rows, builds]);
}

function sameBuild(a: AppliedState, b: AppliedState): boolean {
  return a.charm === b.charm && a.channel === b.channel && a.revision === b.revision && sameJson(a.options, b.options);
}

/** Machines in rows of a hundred, so a model's thousands never make one long array. */
function hashMachines(machines: LiveModel['machines'], hash: Hash): void {
  const ids = jsonKeyOrder(Object.keys(machines));
  const rows: unknown[] = [];
  for (let start = 0; start < ids.length; start += 100) {
    rows.length = 0;
    for (let i = start; i < Math.min(start + 100, ids.length); i++) {
      const id = ids[i];
      const { base, series, constraints, annotations } = machines[id];
      rows.push(id, base ?? null, series ?? null, constraints ?? null, entries(annotations));
    }
    hash.update(JSON.stringify(rows));
  }
}

/** A record's keys in JSON order, each followed by what `write` adds for its value (the value as it is); null for none. */
function entries<T>(record: Record<string, T> | undefined, write: (out: unknown[], value: T) => void = writePlain): readonly unknown[] | null {
  if (record === undefined) return null;
  // Most of an application's records are empty: they cost no list of keys.
  if (isEmpty(record)) return none;
  const out: unknown[] = [];
  for (const key of jsonKeyOrder(Object.keys(record))) {
    out.push(key);
    write(out, record[key]);
  }
  return out;
}

const none: readonly unknown[] = Object.freeze([]);

function isEmpty(record: object): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

function writePlain(out: unknown[], value: unknown): void {
  out.push(plain(value));
}

/** A scalar as it is; an object or array as its canonical text, inside an array so no string can be taken for it. */
function plain(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value ?? null : [canonicalJson(value)];
}

function modelInput(live: LiveModel): unknown {
  const relations = live.relations
    .map((r) => sortFew(r.endpoints.map((e) => `${e.application}:${e.endpoint}`)).join(' '))
    .sort();
  const offers = byName(live.offers, ({ application, url, endpoints, acl }) => ({ application, url, endpoints: [...endpoints].sort(), acl }));
  const saas = byName(live.saas, ({ url }) => url);
  const generation = live.generation && { name: live.generation.name, applications: live.generation.applications };
  return { name: live.name, uuid: live.uuid, relations, offers, saas, generation };
}

/**
 * JSON with object keys sorted and undefined dropped, so equal values always hash alike. It is
 * the text `JSON.stringify(value, sortKeys)` gives (see the test), written out so a large model
 * costs no replacer call per value: as there, keys that are array indices come first in
 * numeric order (objects keep them so), then the other keys sorted.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return scalarJson(value) ?? 'null';
  // A value with its own JSON form (a Date) is left to the native serialiser.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value, sortKeys) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (omitted(value[i]) ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of jsonKeyOrder(Object.keys(record))) {
    const item = record[key];
    if (!omitted(item)) out += (out.length > 1 ? ',' : '') + scalarJson(key) + ':' + canonicalJson(item);
  }
  return `${out}}`;
}

// Text with nothing JSON escapes (quotes, backslashes, control characters, surrogates) is
// quoted as it is; only the rest goes through the native serialiser.
const needsNoEscape = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** JSON.stringify of a value that is not an object, without a native call for the usual ones. */
function scalarJson(value: unknown): string {
  if (typeof value === 'string') return needsNoEscape.test(value) ? `"${value}"` : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

/** What JSON.stringify leaves out of objects (and writes as null in arrays). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Object.keys lists array-index keys first, in numeric order; the rest are sorted after them.
 * Keys a backend already lists in order (Juju's JSON does) are not sorted again.
 */
function jsonKeyOrder(keys: string[]): string[] {
  let indices = 0;
  while (indices < keys.length && isArrayIndex(keys[indices])) indices++;
  let sorted = true;
  for (let i = indices + 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
  if (sorted) return keys;
  if (indices === 0) return sortFew(keys);
  return [...keys.slice(0, indices), ...sortFew(keys.slice(indices))];
}

/**
 * Sorts strings in place as Array.prototype.sort does. The few keys of a record or ends of a
 * relation are sorted by insertion, which allocates nothing, where the built-in sort makes a
 * working copy each time: a plan sorts thousands of such lists.
 */
function sortFew(items: string[]): string[] {
  if (items.length > 16) return items.sort();
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    for (; j >= 0 && items[j] > item; j--) items[j + 1] = items[j];
    items[j + 1] = item;
  }
  return items;
}

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && key.length > 1) || key.length > 10) return false;
  for (let i = 1; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return Number(key) < 4294967295;
}

/** The definition canonicalJson follows: objects whose keys are out of order become sorted copies. */
export function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.every((key, i) => i === 0 || keys[i - 1] < key)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of keys.sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}
