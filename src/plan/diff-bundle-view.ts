import type { ApplicationDiff, MachineDiff, ModelDiff, ValueDiff } from './diff-types.js';

/**
 * The diff as `juju diff-bundle` prints it (juju/juju internal/bundle/changes/diff.go
 * `BundleDiff`): only the fields Juju compares, in its struct order; annotations only when asked
 * (`--annotations`, off by default); a string side that is missing printed as `""` and a number
 * as 0, as Go's zero values print; bases as Juju prints them (`ubuntu@22.04/stable`); placement
 * only for Kubernetes. Offers, saas, storage, devices, resources, bindings and trust — which
 * juju-gitops also plans — are not in Juju's output and are left out here.
 */
export interface DiffBundleOptions {
  annotations?: boolean;
}

type Out = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? String(v[0] ?? '') : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const bool = (v: unknown) => v === true;
/** Juju's `Base.String()`: the risk is always written, `stable` when none is given. */
export const jujuBase = (v: unknown) => {
  const text = str(v);
  return text === '' || text.includes('/') ? text : `${text}/stable`;
};

function pair<T>(d: ValueDiff | undefined, side: (v: unknown) => T): { bundle: T; model: T } | undefined {
  return d ? { bundle: side(d.bundle), model: side(d.model) } : undefined;
}

function strings(map: Record<string, ValueDiff> | undefined): Out | undefined {
  if (!map) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, d]) => [k, { bundle: str(d.bundle), model: str(d.model) }]));
}

function put(out: Out, key: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0)) out[key] = value;
}

function applicationView(app: ApplicationDiff, opts: DiffBundleOptions): Out {
  if (app.missing) return { missing: app.missing };
  const out: Out = {};
  put(out, 'charm', pair(app.charm, str));
  put(out, 'base', pair(app.base, jujuBase));
  put(out, 'channel', pair(app.channel, str));
  put(out, 'revision', app.revision && { bundle: app.revision.bundle ?? -1, model: num(app.revision.model) });
  // Machine placement of existing units is juju-gitops' own note; Juju compares k8s selectors only.
  if (app.placement && !Array.isArray(app.placement.bundle)) put(out, 'placement', pair(app.placement, str));
  put(out, 'num_units', pair(app.num_units, num));
  put(out, 'scale', pair(app.scale, num));
  put(out, 'expose', pair(app.expose, bool));
  put(out, 'exposed_endpoints', app.exposed_endpoints);
  put(out, 'options', app.options);
  if (opts.annotations) put(out, 'annotations', strings(app.annotations));
  put(out, 'constraints', pair(app.constraints, str));
  return out;
}

function machineView(machine: MachineDiff, opts: DiffBundleOptions): Out {
  if (machine.missing) return { missing: machine.missing };
  const out: Out = {};
  if (opts.annotations) put(out, 'annotations', strings(machine.annotations));
  put(out, 'base', pair(machine.base, jujuBase));
  return out;
}

export function diffBundleView(diff: ModelDiff, opts: DiffBundleOptions = {}): Out {
  const out: Out = {};
  const entries = <T>(m: Record<string, T> | undefined, view: (v: T) => Out) =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, view(v)] as const).filter(([, v]) => Object.keys(v).length > 0));
  put(out, 'applications', entries(diff.applications, (a) => applicationView(a, opts)));
  put(out, 'machines', entries(diff.machines, (m) => machineView(m, opts)));
  put(out, 'relations', diff.relations);
  return out;
}
