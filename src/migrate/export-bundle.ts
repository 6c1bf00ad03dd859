import { stringify } from 'yaml';
import { GitopsError } from '../model/errors.js';
import { canonicalBase } from '../plan/series.js';
import type { ExportedApplication, ModelExport } from '../model/export.js';
import { byText, compareMachineIds, compareUnitNames } from './export-model.js';

/**
 * A model export as the bundle `juju export-bundle` writes (Juju 3.x `ExportBundle` facade):
 * a base document, then — only when there are overlay-only fields — a second document
 * `--- # overlay.yaml` with the offers and granular exposed endpoints. Options are the
 * user-set ones; secrets the export withheld stay out.
 */
export interface ExportedBundle {
  base: Record<string, unknown>;
  overlay?: Record<string, unknown>;
}

export function exportBundle(doc: ModelExport): ExportedBundle {
  const names = Object.keys(doc.applications).sort();
  if (names.length === 0) {
    throw new GitopsError('export-empty', `nothing to export as there are no applications in model ${doc.model.name}`);
  }
  const kubernetes = doc.model.type === 'caas';
  const bases = new Set<string>();
  for (const app of Object.values(doc.applications)) if (app.base) bases.add(canonicalBase(app.base)!);
  for (const m of Object.values(doc.machines)) if (m.base ?? m.series) bases.add(canonicalBase(m.base ?? m.series)!);
  const defaultBase = !kubernetes && bases.size === 1 ? [...bases][0] : undefined;
  const spaces = new Set(Object.values(doc.applications).flatMap((a) => Object.values(a.bindings)));

  const base: Record<string, unknown> = {};
  if (kubernetes) base.bundle = 'kubernetes';
  if (defaultBase) base['default-base'] = defaultBase;
  if (Object.keys(doc.saas).length) {
    base.saas = Object.fromEntries(Object.entries(doc.saas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, s]) => [n, { url: s.url }]));
  }
  const applications: Record<string, unknown> = {};
  const overlayApps: Record<string, Record<string, unknown>> = {};
  const hosting = new Set<string>();
  for (const name of names) {
    const app = doc.applications[name];
    applications[name] = bundleApplication(app, { kubernetes, defaultBase, bindings: spaces.size > 1 });
    for (const unit of Object.values(app.units)) if (unit.machine !== undefined) hosting.add(unit.machine.split('/')[0]);
    const extra: Record<string, unknown> = {};
    // Juju refuses image-id constraints in a base bundle: they belong to an overlay.
    if (app.constraints && !app.subordinate && hasImageId(app.constraints)) extra.constraints = app.constraints;
    const exposed = Object.keys(app.exposedEndpoints ?? {});
    if (exposed.length && !(exposed.length === 1 && exposed[0] === '' && isWorld(app.exposedEndpoints![''] ?? {}))) {
      extra['exposed-endpoints'] = app.exposedEndpoints;
    }
    const offers = Object.entries(doc.offers).filter(([, o]) => o.application === name).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (offers.length) {
      extra.offers = Object.fromEntries(
        offers.map(([offer, o]) => {
          const acl = Object.fromEntries(Object.entries(o.acl).filter(([user]) => user !== 'everyone@external').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
          return [offer, { endpoints: [...o.endpoints].sort(), ...(Object.keys(acl).length ? { acl } : {}) }];
        }),
      );
    }
    if (Object.keys(extra).length) overlayApps[name] = extra;
  }
  base.applications = applications;
  if (!kubernetes) {
    const machines = Object.entries(doc.machines)
      .filter(([id]) => hosting.has(id))
      .sort(([a], [b]) => compareMachineIds(a, b))
      .map(([id, m]) => {
        const spec: Record<string, unknown> = {};
        if (m.constraints) spec.constraints = m.constraints;
        if (m.annotations && Object.keys(m.annotations).length) spec.annotations = m.annotations;
        const machineBase = canonicalBase(m.base ?? m.series);
        if (machineBase && machineBase !== defaultBase) spec.base = machineBase;
        return [id, Object.keys(spec).length ? spec : null];
      });
    if (machines.length) base.machines = Object.fromEntries(machines);
  }
  const relations = doc.relations
    .filter((r) => r.endpoints.length === 2 && r.endpoints.every((e) => e.role !== 'peer'))
    .filter((r) => r.endpoints.every((e) => doc.applications[e.application] || doc.saas[e.application]))
    .map((r) => r.endpoints.map((e) => (e.endpoint ? `${e.application}:${e.endpoint}` : e.application)).sort() as [string, string])
    .sort((a, b) => byText(a.join(' '), b.join(' ')));
  if (relations.length) base.relations = relations;
  return Object.keys(overlayApps).length ? { base, overlay: { applications: overlayApps } } : { base };
}

function bundleApplication(app: ExportedApplication, ctx: { kubernetes: boolean; defaultBase?: string; bindings: boolean }): Record<string, unknown> {
  const spec: Record<string, unknown> = { charm: app.charm };
  if (app.channel) spec.channel = app.channel;
  if (app.revision !== undefined) spec.revision = app.revision;
  const base = canonicalBase(app.base);
  if (base && base !== ctx.defaultBase && !ctx.kubernetes) spec.base = base;
  if (!app.subordinate) {
    if (ctx.kubernetes) spec.scale = app.scale;
    else {
      spec.num_units = app.scale;
      const to = Object.entries(app.units)
        .sort(([a], [b]) => compareUnitNames(a, b))
        .map(([, u]) => u.machine)
        .filter((m): m is string => m !== undefined)
        .map((m) => (m.includes('/') ? `${m.split('/')[1]}:${m.split('/')[0]}` : m));
      if (to.length) spec.to = to;
    }
  }
  const exposed = Object.keys(app.exposedEndpoints ?? {});
  if (app.expose && (exposed.length === 0 || (exposed.length === 1 && exposed[0] === '' && isWorld(app.exposedEndpoints![''] ?? {})))) spec.expose = true;
  const options = Object.fromEntries(
    Object.entries(app.config)
      .filter(([, o]) => o.source === 'user' && 'value' in o)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, o]) => [k, o.value]),
  );
  if (Object.keys(options).length) spec.options = options;
  if (Object.keys(app.annotations).length) spec.annotations = app.annotations;
  if (ctx.bindings && Object.keys(app.bindings).length) spec.bindings = app.bindings;
  const resources = Object.fromEntries(Object.entries(app.resources).filter(([, v]) => typeof v === 'number'));
  if (Object.keys(resources).length) spec.resources = resources;
  if (app.constraints && !app.subordinate && !hasImageId(app.constraints)) spec.constraints = app.constraints;
  if (Object.keys(app.storage).length) spec.storage = app.storage;
  if (Object.keys(app.devices).length) spec.devices = app.devices;
  if (app.trust) spec.trust = true;
  return spec;
}

function hasImageId(constraints: string): boolean {
  return /(^|\s)image-id=/.test(constraints);
}

function isWorld(spec: { 'expose-to-spaces'?: string[]; 'expose-to-cidrs'?: string[] }): boolean {
  if (spec['expose-to-spaces']?.length) return false;
  const cidrs = [...(spec['expose-to-cidrs'] ?? [])].sort();
  return cidrs.length === 0 || cidrs.join(',') === '0.0.0.0/0,::/0';
}

/** The bundle as YAML text, as `juju export-bundle` prints it. */
export function renderExportedBundle(bundle: ExportedBundle): string {
  // Juju reads bundles as YAML 1.1 (go-yaml): strings such as `yes` and `off` must come out quoted.
  const opts = { lineWidth: 0, nullStr: '', version: '1.1' } as const;
  const text = stringify(bundle.base, opts);
  return bundle.overlay ? `${text}--- # overlay.yaml\n${stringify(bundle.overlay, opts)}` : text;
}
