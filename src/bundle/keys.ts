import type { Diagnostic } from '../model/diagnostic.js';
import { isRecord } from './merge.js';
import type { ParsedDocument } from './parse.js';
import { pathToPointer, positionIn, type Path } from './positions.js';
import { loadSchema } from './schemas.js';
import { closestMatch } from './suggest.js';

/** The keys Juju's structs know at each level, read from the bundle schema. */
interface KnownKeys {
  top: string[];
  application: string[];
  machine: string[];
  saas: string[];
  offer: string[];
  exposedEndpoint: string[];
}

let known: KnownKeys | undefined;

export function knownKeys(): KnownKeys {
  if (known) return known;
  const schema = loadSchema('bundle') as { properties: object; $defs: Record<string, { properties?: object; additionalProperties?: { properties?: object } }> };
  const props = (o: object | undefined) => Object.keys(o ?? {});
  const defs = schema.$defs;
  known = {
    top: props(schema.properties),
    application: props(defs.application.properties),
    machine: props(defs.machine.properties),
    saas: props(defs.saas.properties),
    offer: props(defs.offers.additionalProperties?.properties),
    exposedEndpoint: props(defs.exposedEndpoints.additionalProperties?.properties),
  };
  return known;
}

export const overlayOnlyFields = ['offers', 'exposed-endpoints'] as const;
const mapFields = new Set(['options', 'annotations', 'storage', 'devices', 'bindings', 'resources']);

/**
 * Juju decodes strictly only to warn: unknown keys are dropped and the bundle deploys
 * (`juju deploy --dry-run` prints "These fields … will be ignored during deployment"). So an
 * unknown key is a warning, with the known key it was probably meant to be; `validate
 * --strict` makes warnings errors for CI that wants typo protection.
 */
export function checkKeys(part: ParsedDocument, role: 'base' | 'overlay'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const doc = part.value;
  if (!isRecord(doc)) return out;
  const keys = knownKeys();
  scan(part, doc, [], keys.top, out, 'services');
  if ('services' in doc) {
    const overlay = role === 'overlay';
    out.push({
      code: 'legacy-services-key',
      severity: 'error',
      summary: overlay
        ? "overlay uses the deprecated 'services' key, which is not valid in overlays"
        : "bundle uses the legacy 'services' key, which Juju 3 no longer reads",
      hint: 'rename `services:` to `applications:`',
      pointer: '/services',
      ...positionIn(part, ['services'], 'key'),
    });
  }
  for (const [name, app] of entries(doc.applications)) {
    const path = ['applications', name];
    scan(part, app, path, keys.application, out);
    checkMisindented(part, app, path, out);
    if (role === 'base') checkOverlayOnly(part, app, path, out);
    for (const [offer, spec] of entries(app.offers)) scan(part, spec, [...path, 'offers', offer], keys.offer, out);
    for (const [ep, spec] of entries(app['exposed-endpoints'])) scan(part, spec, [...path, 'exposed-endpoints', ep], keys.exposedEndpoint, out);
  }
  for (const [id, machine] of entries(doc.machines)) scan(part, machine, ['machines', id], keys.machine, out);
  for (const [name, saas] of entries(doc.saas)) scan(part, saas, ['saas', name], keys.saas, out);
  return out;
}

function entries(value: unknown): [string, Record<string, unknown>][] {
  if (!isRecord(value)) return [];
  return Object.entries(value).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]));
}

function scan(part: ParsedDocument, node: Record<string, unknown>, path: Path, allowed: string[], out: Diagnostic[], ...handledElsewhere: string[]): void {
  for (const key of Object.keys(node)) {
    if (allowed.includes(key) || handledElsewhere.includes(key)) continue;
    const keyPath = [...path, key];
    const where = path.length ? `in ${path.join('.')}` : 'at the top level';
    const guess = closestMatch(key, allowed);
    out.push(
      guess
        ? { code: 'misspelled-key', severity: 'warning', summary: `unknown key \`${key}\` ${where} is ignored by Juju`, hint: `did you mean \`${guess}\`?`, pointer: pathToPointer(keyPath), ...positionIn(part, keyPath, 'key') }
        : { code: 'unknown-key', severity: 'warning', summary: `unknown key \`${key}\` ${where} is ignored by Juju`, hint: `known keys here: ${allowed.join(', ')}`, pointer: pathToPointer(keyPath), ...positionIn(part, keyPath, 'key') },
    );
  }
}

/**
 * `options:` left empty and followed by an unknown key is the classic indentation slip: the
 * option was meant to sit under `options:`, and Juju would silently drop it.
 */
function checkMisindented(part: ParsedDocument, app: Record<string, unknown>, path: Path, out: Diagnostic[]): void {
  const keys = Object.keys(app);
  const allowed = knownKeys().application;
  keys.forEach((field, i) => {
    if (!mapFields.has(field) || app[field] !== null) return;
    const stray = keys.slice(i + 1).filter((k) => !allowed.includes(k));
    if (!stray.length) return;
    const keyPath = [...path, stray[0]];
    // The unknown-key warning for the same key would only repeat this; replace it.
    const existing = out.findIndex((d) => d.pointer === pathToPointer(keyPath));
    if (existing >= 0) out.splice(existing, 1);
    out.push({
      code: 'misindented-key',
      severity: 'warning',
      summary: `\`${stray[0]}\` is not an application field and is ignored by Juju; \`${field}:\` above it is empty`,
      hint: `indent ${stray.map((k) => `\`${k}\``).join(', ')} under \`${field}:\``,
      pointer: pathToPointer(keyPath),
      ...positionIn(part, keyPath, 'key'),
    });
  });
}

function checkOverlayOnly(part: ParsedDocument, app: Record<string, unknown>, path: Path, out: Diagnostic[]): void {
  for (const field of overlayOnlyFields) {
    const value = app[field];
    if (value === undefined || value === null || (isRecord(value) && Object.keys(value).length === 0)) continue;
    const keyPath = [...path, field];
    out.push({
      code: 'overlay-field-in-base',
      severity: 'error',
      summary: `${keyPath.join('.')} can only appear in an overlay`,
      hint: 'move it to an overlay file, or to a second `---` document of this file',
      pointer: pathToPointer(keyPath),
      ...positionIn(part, keyPath, 'key'),
    });
  }
}
