import type { LiveApplication, LiveModel, LiveOption } from '../model/live.js';
import { exportFormatVersion, type ExportedApplication, type ExportedOption, type ModelExport } from '../model/export.js';

export interface ExportOptions {
  /** When the live model was read (the caller owns the clock). */
  exportedAt: string;
  kind: 'local' | 'juju';
  /** Decides which options are secrets (name rule, `secrets:`, charm `type: secret`). */
  isSecret: (application: string, option: string) => boolean;
  /** Keep secret values in the export; only for in-memory hand-over or an explicit `--reveal`. */
  revealSecrets: boolean;
}

/** The live model in the export format: everything that is model state, nothing that is run state. */
export function exportModel(live: LiveModel, opts: ExportOptions): ModelExport {
  const applications: Record<string, ExportedApplication> = {};
  for (const [name, app] of sorted(live.applications)) applications[name] = exportApplication(name, app, opts);
  return {
    formatVersion: exportFormatVersion,
    exportedAt: opts.exportedAt,
    source: { controller: live.controller, kind: opts.kind },
    model: { name: live.name, uuid: live.uuid, type: live.type },
    applications,
    machines: Object.fromEntries(
      sorted(live.machines, compareMachineIds).map(([id, m]) => {
        const { id: _id, ...rest } = m;
        return [id, rest];
      }),
    ),
    relations: [...live.relations].sort((a, b) => a.id - b.id).map((r) => ({
      id: r.id,
      endpoints: r.endpoints.map((e) => ({ ...e })),
      ...(r.interface ? { interface: r.interface } : {}),
      ...(r.scope ? { scope: r.scope } : {}),
    })),
    offers: Object.fromEntries(
      sorted(live.offers).map(([name, o]) => [
        name,
        { application: o.application, url: o.url, endpoints: [...o.endpoints].sort(), acl: { ...o.acl }, connections: o.connections.map((c) => ({ ...c })) },
      ]),
    ),
    saas: Object.fromEntries(sorted(live.saas).map(([name, s]) => [name, { url: s.url, ...(s.endpoints ? { endpoints: s.endpoints } : {}) }])),
    generation: live.generation ? { ...live.generation } : null,
  };
}

function exportApplication(name: string, app: LiveApplication, opts: ExportOptions): ExportedApplication {
  const option = (key: string, value: unknown, source: LiveOption['source']): ExportedOption => {
    if (!opts.isSecret(name, key) || value === null || value === undefined || value === '') return { value, source };
    return opts.revealSecrets ? { value, source, secret: true } : { source, secret: true };
  };
  const config: Record<string, ExportedOption> = {};
  for (const [key, o] of sorted(app.options)) config[key] = option(key, o.value, o.source);
  // The live model is read fresh for each export, so its objects are taken over, not copied.
  const units: ExportedApplication['units'] = {};
  for (const [unitName, unit] of sorted(app.units, compareUnitNames)) {
    const options: Record<string, ExportedOption> = {};
    for (const [key, value] of sorted(unit.applied.options)) options[key] = option(key, value, 'user');
    units[unitName] = {
      ...(unit.machine !== undefined ? { machine: unit.machine } : {}),
      address: unit.address,
      ports: unit.ports,
      leader: unit.leader,
      workload: unit.workload,
      agent: unit.agent,
      applied: { ...unit.applied, options },
      generation: unit.generation,
    };
  }
  return {
    charm: app.charm,
    ...(app.channel ? { channel: app.channel } : {}),
    ...(app.revision !== undefined ? { revision: app.revision } : {}),
    ...(app.base ? { base: app.base } : {}),
    subordinate: app.subordinate,
    scale: app.scale,
    expose: app.expose,
    ...(app.exposedEndpoints ? { exposedEndpoints: app.exposedEndpoints } : {}),
    ...(app.constraints ? { constraints: app.constraints } : {}),
    config,
    annotations: app.annotations,
    storage: app.storage,
    devices: app.devices,
    bindings: app.bindings,
    resources: app.resources,
    trust: app.trust,
    units,
  };
}

/** Code-point order: the same everywhere, and far cheaper than a locale's collation. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sorted<T>(record: Record<string, T>, compare: (a: string, b: string) => number = byText): [string, T][] {
  const entries = Object.entries(record);
  return entries.length < 2 ? entries : entries.sort(([a], [b]) => compare(a, b));
}

/** `app/2` before `app/10`. */
export function compareUnitNames(a: string, b: string): number {
  const [appA, numA] = a.split('/');
  const [appB, numB] = b.split('/');
  return appA === appB ? Number(numA) - Number(numB) : byText(appA, appB);
}

/** `2` before `10`, `0/lxd/1` after `0`. */
export function compareMachineIds(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    const cmp = Number.isNaN(na) || Number.isNaN(nb) ? byText(pa[i], pb[i]) : na - nb;
    if (cmp !== 0) return cmp;
  }
  return 0;
}
