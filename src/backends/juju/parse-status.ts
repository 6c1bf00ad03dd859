import type { LiveApplication, LiveMachine, LiveRelation, LiveSaas, LiveUnit, StatusValue } from '../../model/live.js';
import { parseJujuTime } from './juju-time.js';
import type { RawApplication, RawMachine, RawStatus, RawStatusInfo, RawUnit } from './status-types.js';
import { unitApplied } from './unit-charm.js';

/** What one `juju status --format=json` tells about a model (config comes from `juju config`). */
export interface StatusSnapshot {
  name: string;
  type: 'iaas' | 'caas';
  controller: string;
  /** The model's agent version as status prints it (`3.6.4`, `4.0.1`). */
  version?: string;
  applications: Record<string, LiveApplication>;
  machines: Record<string, LiveMachine>;
  relations: LiveRelation[];
  saas: Record<string, LiveSaas>;
}

/**
 * Reads status in every shape Juju has printed since 2.9: `relations` as objects (3.x/4.x) or
 * bare names (2.9), `base` or legacy `series`, subordinate units nested under their
 * principals, units without `since` (4.0), entities replaced by `status-error`.
 */
export function parseStatus(raw: RawStatus): StatusSnapshot {
  const applications: Record<string, LiveApplication> = {};
  for (const [name, app] of Object.entries(raw.applications ?? {})) {
    if (app['status-error'] !== undefined && !app.charm) continue;
    applications[name] = applicationOf(name, app, raw.model?.type === 'caas');
  }
  // Subordinate units exist only under the principal units they are attached to.
  for (const app of Object.values(raw.applications ?? {})) {
    for (const unit of Object.values(app.units ?? {})) {
      for (const [subName, sub] of Object.entries(unit.subordinates ?? {})) {
        const owner = applications[subName.split('/')[0]];
        if (owner) owner.units[subName] = unitOf(subName, { ...sub, machine: sub.machine ?? unit.machine }, owner);
      }
    }
  }
  for (const app of Object.values(applications)) if (app.subordinate) app.scale = Object.keys(app.units).length;
  return {
    name: raw.model?.name ?? '',
    type: raw.model?.type === 'caas' ? 'caas' : 'iaas',
    controller: raw.model?.controller ?? '',
    version: raw.model?.version,
    applications,
    machines: machinesOf(raw.machines ?? {}),
    relations: relationsOf(raw),
    saas: Object.fromEntries(
      Object.entries(raw['application-endpoints'] ?? {}).map(([name, s]) => [
        name,
        {
          name,
          url: s.url ?? '',
          ...(s.endpoints
            ? { endpoints: Object.fromEntries(Object.entries(s.endpoints).map(([ep, e]) => [ep, { interface: e.interface ?? '', role: roleOf(e.role) }])) }
            : {}),
        },
      ]),
    ),
  };
}

function applicationOf(name: string, app: RawApplication, caas: boolean): LiveApplication {
  const local = app['charm-origin'] === 'local' || app.charm?.startsWith('local:');
  const bare = app['charm-name'] ?? (app.charm ?? '').replace(/^(ch|local):/, '').replace(/-\d+$/, '');
  const bindings = app['endpoint-bindings'] ?? {};
  const live: LiveApplication = {
    name,
    charm: local ? `local:${bare}` : bare,
    ...(app['charm-channel'] ? { channel: app['charm-channel'] } : {}),
    ...(typeof app['charm-rev'] === 'number' ? { revision: app['charm-rev'] } : {}),
    ...(baseOf(app) ? { base: baseOf(app) } : {}),
    subordinate: (app['subordinate-to'] ?? []).length > 0,
    scale: 0,
    expose: app.exposed === true,
    options: {},
    annotations: {},
    storage: {},
    devices: {},
    // As export-bundle does: bindings only matter when the model uses more than one space.
    bindings: new Set(Object.values(bindings)).size > 1 ? { ...bindings } : {},
    resources: {},
    trust: false,
    status: statusOf(app['application-status']),
    units: {},
  };
  for (const [unitName, unit] of Object.entries(app.units ?? {})) live.units[unitName] = unitOf(unitName, unit, live);
  live.scale = caas && typeof app.scale === 'number' ? app.scale : Object.keys(live.units).length;
  return live;
}

function unitOf(name: string, unit: RawUnit, app: LiveApplication): LiveUnit {
  const errored = unit['status-error'] !== undefined;
  return {
    name,
    application: app.name,
    ...(unit.machine !== undefined ? { machine: unit.machine } : {}),
    address: unit['public-address'] ?? unit.address ?? '',
    ports: unit['open-ports'] ?? [],
    workload: errored ? { current: 'unknown', message: unit['status-error'] } : statusOf(unit['workload-status']),
    agent: errored ? { current: 'lost', message: unit['status-error'] } : statusOf(unit['juju-status']),
    leader: unit.leader === true,
    // Options are the application's (from `juju config`); the charm is the unit's own.
    applied: unitApplied(errored ? undefined : unit['upgrading-from'], app),
    generation: null,
  };
}

function machinesOf(raw: Record<string, RawMachine>, into: Record<string, LiveMachine> = {}): Record<string, LiveMachine> {
  for (const [id, m] of Object.entries(raw)) {
    const base = baseOf(m);
    into[id] = {
      id,
      status: m['status-error'] !== undefined ? { current: 'unknown', message: m['status-error'] } : statusOf(m['juju-status']),
      ...(base ? { base } : {}),
      ...(m.constraints ? { constraints: m.constraints } : {}),
    };
    machinesOf(m.containers ?? {}, into);
  }
  return into;
}

interface HalfRelation {
  application: string;
  endpoint: string;
  other: string;
  interface?: string;
  scope?: string;
}

/**
 * Status lists each relation twice, once per side, as "my endpoint → other application", never
 * the other side's endpoint. Pairing the two halves (same applications, same interface) gives
 * both endpoints; peers (an application related to itself) are not relations to plan.
 */
function relationsOf(raw: RawStatus): LiveRelation[] {
  const halves: HalfRelation[] = [];
  for (const [app, a] of Object.entries(raw.applications ?? {})) {
    for (const [endpoint, entries] of Object.entries(a.relations ?? {})) {
      for (const e of entries) {
        const other = typeof e === 'string' ? e : (e['related-application'] ?? '');
        if (other && other !== app) halves.push({ application: app, endpoint, other, ...(typeof e === 'string' ? {} : { interface: e.interface, scope: e.scope }) });
      }
    }
  }
  for (const [saas, s] of Object.entries(raw['application-endpoints'] ?? {})) {
    for (const [endpoint, apps] of Object.entries(s.relations ?? {})) {
      for (const other of apps) halves.push({ application: saas, endpoint, other, interface: s.endpoints?.[endpoint]?.interface });
    }
  }
  const used = new Set<number>();
  const relations: LiveRelation[] = [];
  halves.forEach((h, i) => {
    if (used.has(i)) return;
    used.add(i);
    const j = halves.findIndex((o, k) => !used.has(k) && o.application === h.other && o.other === h.application && sameInterface(o, h));
    if (j >= 0) used.add(j);
    const mate = j >= 0 ? halves[j] : undefined;
    const iface = h.interface ?? mate?.interface;
    relations.push({
      id: relations.length,
      endpoints: [
        { application: h.application, endpoint: h.endpoint, ...(iface ? { interface: iface } : {}) },
        { application: h.other, endpoint: mate?.endpoint ?? '', ...(iface ? { interface: iface } : {}) },
      ],
      ...(iface ? { interface: iface } : {}),
      ...(h.scope === 'container' || mate?.scope === 'container' ? { scope: 'container' as const } : h.scope === 'global' ? { scope: 'global' as const } : {}),
    });
  });
  return relations;
}

function sameInterface(a: HalfRelation, b: HalfRelation): boolean {
  return !a.interface || !b.interface || a.interface === b.interface;
}

function statusOf(raw: RawStatusInfo | undefined): StatusValue {
  const since = parseJujuTime(raw?.since);
  return { current: raw?.current ?? 'unknown', ...(raw?.message ? { message: raw.message } : {}), ...(since ? { since } : {}) };
}

/** `{name: ubuntu, channel: "22.04"}` → `ubuntu@22.04`; a 2.9 `series` stays as it is. */
function baseOf(entity: { base?: { name?: string; channel?: string }; series?: string }): string | undefined {
  if (entity.base?.name) return entity.base.channel ? `${entity.base.name}@${entity.base.channel}` : entity.base.name;
  return entity.series || undefined;
}

function roleOf(role: string | undefined): 'provider' | 'requirer' | 'peer' {
  return role === 'requirer' || role === 'peer' ? role : 'provider';
}
