import { stringify } from 'yaml';
import type { Bundle } from '../model/bundle.js';
import { isRecord, type Raw } from './merge.js';

/** `juju export-bundle` key order for the document, Go struct order for applications. */
const topOrder = ['bundle', 'description', 'series', 'default-base', 'tags', 'saas', 'applications', 'machines', 'relations'];
const applicationOrder = [
  'charm', 'channel', 'revision', 'series', 'base', 'resources', 'num_units', 'to', 'expose', 'options',
  'annotations', 'constraints', 'storage', 'devices', 'bindings', 'plan', 'trust',
];
const overlayOnly = ['offers', 'exposed-endpoints'] as const;

/**
 * The composed bundle as YAML that `juju deploy` accepts: the base document, then, as
 * `juju export-bundle` does, a second document for overlay-only fields (offers,
 * exposed-endpoints, and image-id constraints), since Juju refuses those in document 0.
 * Empty fields are left out; maps are sorted, as go-yaml writes them.
 */
export function renderBundle(bundle: Bundle): string {
  const base: Raw = {};
  const overlayApps: Raw = {};
  for (const key of topOrder) {
    const value = (bundle as unknown as Raw)[key];
    if (isEmpty(value)) continue;
    if (key === 'applications') base[key] = renderApplications(value as Raw, overlayApps);
    else if (key === 'saas' || key === 'machines') base[key] = sortKeys(value as Raw);
    else base[key] = value;
  }
  const options = { version: '1.1', indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false } as const;
  let text = stringify(base, options);
  if (Object.keys(overlayApps).length) text += '--- # overlay.yaml\n' + stringify({ applications: overlayApps }, options);
  return text;
}

function renderApplications(apps: Raw, overlayApps: Raw): Raw {
  const out: Raw = {};
  for (const name of Object.keys(apps).sort()) {
    const app = apps[name];
    if (!isRecord(app)) continue;
    const rendered: Raw = {};
    for (const field of applicationOrder) {
      const value = app[field];
      if (isEmpty(value) || value === false || (field === 'num_units' && value === 0)) continue;
      rendered[field] = isRecord(value) ? sortKeys(value) : value;
    }
    const extra: Raw = {};
    // Juju refuses image-id in a base bundle; the overlay document carries the full constraints.
    if (typeof rendered.constraints === 'string' && /(^|\s)image-id=/.test(rendered.constraints)) {
      extra.constraints = rendered.constraints;
      const rest = rendered.constraints.split(/\s+/).filter((c) => c && !c.startsWith('image-id=')).join(' ');
      if (rest) rendered.constraints = rest;
      else delete rendered.constraints;
    }
    out[name] = rendered;
    for (const field of overlayOnly) if (!isEmpty(app[field])) extra[field] = sortKeys(app[field] as Raw);
    if (Object.keys(extra).length) overlayApps[name] = extra;
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function sortKeys(map: Raw): Raw {
  const out: Raw = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}
