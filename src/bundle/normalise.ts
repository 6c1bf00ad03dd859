import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { isInclude, resolveInclude, type IncludeContext } from './includes.js';
import { knownKeys } from './keys.js';
import { isRecord, type Raw } from './merge.js';
import type { ParsedDocument } from './parse.js';
import { pathToPointer, positionIn, sourceText, type Path } from './positions.js';

/** Fields Go decodes into `string`: any scalar is taken as its text there (go-yaml v2). */
const stringFields = new Set(['charm', 'channel', 'series', 'base', 'placement', 'constraints', 'plan']);
const stringMapFields = ['annotations', 'storage', 'devices', 'bindings'] as const;

/**
 * Turns one parsed document into the shape Juju's BundleData holds after decoding: unknown
 * keys dropped, scalars in string fields as text, `scale` folded into `num_units`, `placement`
 * into `to`, relative charm paths absolute, includes resolved. Fresh containers are built down
 * to the map fields, so merging never writes through a YAML alias into another application.
 */
export async function normaliseDocument(
  part: ParsedDocument,
  opts: { role: 'base' | 'overlay'; root?: string; readBytes: (absPath: string) => Promise<Buffer> },
): Promise<{ value: Raw; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const doc = isRecord(part.value) ? part.value : {};
  const keys = knownKeys();
  const role = opts.role;
  const value = pick(doc, keys.top);
  if (role === 'base') dropNulls(value);
  const report = (d: Omit<Diagnostic, 'file' | 'line' | 'col'>, path: Path) =>
    diagnostics.push({ ...d, pointer: pathToPointer(path), ...positionIn(part, path) });
  const include: IncludeContext = { baseDir: dirname(part.absPath), root: opts.root, readBytes: opts.readBytes };
  const kubernetes = value.bundle === 'kubernetes';
  const pending: Promise<void>[] = [];
  const resolveMap = (map: Raw, path: Path) => {
    for (const [key, v] of Object.entries(map)) {
      if (!isInclude(v)) continue;
      pending.push(
        resolveInclude(v, include).then((result) => {
          if ('value' in result) map[key] = result.value;
          else report(result.diagnostic, [...path, key]);
        }),
      );
    }
  };

  if (isRecord(value.applications)) {
    const apps: Raw = {};
    for (const [name, spec] of Object.entries(value.applications)) {
      if (!isRecord(spec)) {
        apps[name] = spec;
        continue;
      }
      const path = ['applications', name];
      const app = pick(spec, keys.application);
      if (role === 'base') dropNulls(app);
      if (typeof app.charm === 'string' && app.charm.startsWith('.')) app.charm = resolve(dirname(part.absPath), app.charm);
      foldScale(app, name, path, report);
      foldPlacement(app, name, path, kubernetes, report);
      for (const field of ['options', 'resources', 'offers', 'exposed-endpoints', ...stringMapFields]) {
        if (isRecord(app[field])) app[field] = { ...(app[field] as Raw) };
      }
      if (isRecord(app.options)) resolveMap(app.options as Raw, [...path, 'options']);
      if (isRecord(app.annotations)) resolveMap(app.annotations as Raw, [...path, 'annotations']);
      apps[name] = app;
    }
    value.applications = apps;
  }
  if (isRecord(value.machines)) {
    const machines: Raw = {};
    for (const [id, spec] of Object.entries(value.machines)) {
      if (!isRecord(spec)) {
        machines[id] = spec;
        continue;
      }
      const machine = pick(spec, keys.machine);
      if (role === 'base') dropNulls(machine);
      if (isRecord(machine.annotations)) {
        machine.annotations = { ...(machine.annotations as Raw) };
        resolveMap(machine.annotations as Raw, ['machines', id, 'annotations']);
      }
      machines[id] = machine;
    }
    value.machines = machines;
  }
  if (isRecord(value.saas)) {
    const saas: Raw = {};
    for (const [name, spec] of Object.entries(value.saas)) saas[name] = isRecord(spec) ? pick(spec, keys.saas) : spec;
    value.saas = saas;
  }
  await Promise.all(pending);
  return { value, diagnostics };
}

function pick(source: Raw, allowed: string[]): Raw {
  const out: Raw = {};
  for (const key of allowed) if (key in source) out[key] = source[key];
  return out;
}

/** Go's zero values: in a base document a null field is the same as an absent one. */
function dropNulls(spec: Raw): void {
  for (const key in spec) if (spec[key] === null) delete spec[key];
}

/**
 * go-yaml v2 stores any scalar's text in a `string` field, so `to: [0]` means "0" and
 * `charm: y` means "y" (not YAML 1.1's true). Applied before schema checks, in place.
 */
export function coerceStringFields(part: ParsedDocument): void {
  const doc = part.value;
  if (!isRecord(doc)) return;
  // The path is only built for a value that needs its source text: nearly every value is left as it is.
  const text = (value: unknown, path: Path, key: string | number, inner?: string) =>
    typeof value === 'number' || typeof value === 'boolean' ? (sourceText(part, inner === undefined ? [...path, key] : [...path, key, inner]) ?? String(value)) : value;
  const fields = (spec: Raw, path: Path) => {
    for (const field of stringFields) if (field in spec) spec[field] = text(spec[field], path, field);
  };
  const map = (m: unknown, path: Path, field: string) => {
    if (isRecord(m)) for (const k in m) m[k] = text(m[k], path, field, k);
  };
  const list = (l: unknown, path: Path) => {
    if (Array.isArray(l)) l.forEach((v, i) => (l[i] = text(v, path, i)));
  };
  for (const field of ['series', 'default-base', 'description'] as const) if (field in doc) doc[field] = text(doc[field], [], field);
  for (const [name, app] of Object.entries(isRecord(doc.applications) ? doc.applications : {})) {
    if (!isRecord(app)) continue;
    const path = ['applications', name];
    fields(app, path);
    if (Array.isArray(app.to)) list(app.to, [...path, 'to']);
    for (const field of stringMapFields) map(app[field], path, field);
  }
  for (const [id, machine] of Object.entries(isRecord(doc.machines) ? doc.machines : {})) {
    if (!isRecord(machine)) continue;
    fields(machine, ['machines', id]);
    map(machine.annotations, ['machines', id], 'annotations');
  }
  for (const [name, saas] of Object.entries(isRecord(doc.saas) ? doc.saas : {})) {
    if (isRecord(saas) && 'url' in saas) saas.url = text(saas.url, ['saas', name], 'url');
  }
  if (Array.isArray(doc.relations)) doc.relations.forEach((r, i) => list(r, ['relations', i]));
}

type Report = (d: Omit<Diagnostic, 'file' | 'line' | 'col'>, path: Path) => void;

function foldScale(app: Raw, name: string, path: Path, report: Report): void {
  if (!('scale' in app)) return;
  const scale = app.scale;
  delete app.scale;
  if (typeof scale !== 'number' || scale <= 0) return;
  if (typeof app.num_units === 'number' && app.num_units > 0) {
    report({ code: 'scale-and-num-units', severity: 'error', summary: `cannot specify both scale and num_units for application \`${name}\``, hint: 'keep one: `scale` on Kubernetes, `num_units` on machines' }, [...path, 'scale']);
    return;
  }
  // Juju's quirk: `scale: 0` leaves num_units alone, any other scale replaces it.
  app.num_units = scale;
}

function foldPlacement(app: Raw, name: string, path: Path, kubernetes: boolean, report: Report): void {
  if (!('placement' in app)) return;
  const placement = app.placement;
  delete app.placement;
  if (typeof placement !== 'string' || placement === '') return;
  if (!kubernetes) {
    report({ code: 'placement-not-kubernetes', severity: 'error', summary: `placement (${placement}) not valid for non-Kubernetes application \`${name}\``, hint: 'use `to:` on machine models' }, [...path, 'placement']);
  } else if (Array.isArray(app.to) && app.to.length > 0) {
    report({ code: 'placement-and-to', severity: 'error', summary: `cannot specify both placement and to for application \`${name}\``, hint: 'keep `placement:` only' }, [...path, 'placement']);
  } else {
    app.to = [placement];
  }
}
