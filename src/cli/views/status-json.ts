import type { LiveApplication, LiveMachine, LiveModel, LiveUnit, StatusValue } from '../../model/live.js';

export interface StatusViewOptions {
  now: Date;
  /** Version shown where Juju shows its agent version. */
  version: string;
}

type Json = Record<string, unknown>;

/**
 * The model in the shape of `juju status --format=json` (JUJU-FORMATS §8), so scripts written
 * against Juju read it unchanged: `applications.<app>.units.<unit>.workload-status.current`,
 * `juju-status`, `leader`, `open-ports`, `charm-rev`, `offers`, `application-endpoints`…
 */
export function toJujuStatus(live: LiveModel, opts: StatusViewOptions): Json {
  const status: Json = {
    model: {
      name: live.name,
      type: live.type,
      controller: live.controller,
      cloud: 'local',
      region: 'localhost',
      version: opts.version,
      'model-status': live.migration
        ? { current: 'busy', message: `migrating: ${live.migration.phase.toLowerCase()}, ${live.migration.message}` }
        : { current: 'available' },
      sla: 'unsupported',
    },
    machines: machinesOf(live, opts),
    applications: Object.fromEntries(Object.values(live.applications).map((app) => [app.name, applicationOf(live, app, opts)])),
  };
  if (Object.keys(live.saas).length) {
    status['application-endpoints'] = Object.fromEntries(
      Object.values(live.saas).map((s) => [
        s.name,
        {
          url: s.url,
          ...(s.endpoints ? { endpoints: Object.fromEntries(Object.entries(s.endpoints).map(([ep, e]) => [ep, { interface: e.interface, role: e.role }])) } : {}),
          'application-status': { current: 'active' },
          relations: relationsOf(live, s.name, (other) => other.application),
        },
      ]),
    );
  }
  if (Object.keys(live.offers).length) {
    status.offers = Object.fromEntries(
      Object.values(live.offers).map((o) => {
        const info = live.applications[o.application]?.charmInfo;
        return [
          o.name,
          {
            application: o.application,
            charm: charmUrl(live.applications[o.application]),
            endpoints: Object.fromEntries(o.endpoints.map((ep) => [ep, { interface: info?.endpoints[ep]?.interface ?? '', role: info?.endpoints[ep]?.role ?? 'provider' }])),
            'total-connected-count': o.connections.length,
            'active-connected-count': o.connections.filter((c) => c.status === 'joined').length,
          },
        ];
      }),
    );
  }
  status.controller = { timestamp: clock(opts.now) };
  return status;
}

function machinesOf(live: LiveModel, opts: StatusViewOptions): Json {
  const top: Json = {};
  const byId = new Map<string, Json>();
  for (const machine of Object.values(live.machines)) {
    const entry = machineOf(live, machine, opts);
    byId.set(machine.id, entry);
    const parent = machine.id.split('/').slice(0, -2).join('/');
    const host = parent ? byId.get(parent) : undefined;
    if (host) ((host.containers ??= {}) as Json)[machine.id] = entry;
    else top[machine.id] = entry;
  }
  return top;
}

function machineOf(live: LiveModel, machine: LiveMachine, opts: StatusViewOptions): Json {
  const since = jujuTime(machine.status.since);
  const base = machine.base ?? machine.series;
  return {
    'juju-status': { current: machine.status.current, ...(since ? { since } : {}), version: opts.version },
    hostname: `juju-${live.uuid.slice(-6)}-${machine.id.replace(/\//g, '-')}`,
    'dns-name': '127.0.0.1',
    'ip-addresses': ['127.0.0.1'],
    'instance-id': `juju-${live.uuid.slice(-6)}-${machine.id.replace(/\//g, '-')}`,
    'machine-status': { current: 'running', message: 'Running', ...(since ? { since } : {}) },
    ...(base ? { base: baseOf(base) } : {}),
    ...(machine.constraints ? { constraints: machine.constraints } : {}),
  };
}

function applicationOf(live: LiveModel, app: LiveApplication, opts: StatusViewOptions): Json {
  const local = app.charm.startsWith('local:');
  const name = local ? app.charm.slice('local:'.length) : app.charm;
  const principals = live.relations
    .filter((r) => r.endpoints.some((e) => e.application === app.name))
    .flatMap((r) => r.endpoints.filter((e) => e.application !== app.name).map((e) => e.application));
  return {
    charm: charmUrl(app),
    ...(app.base ? { base: baseOf(app.base) } : {}),
    'charm-origin': local ? 'local' : 'charmhub',
    'charm-name': name,
    'charm-rev': app.revision ?? 0,
    ...(app.channel ? { 'charm-channel': app.channel } : {}),
    ...(live.type === 'caas' ? { scale: app.scale } : {}),
    exposed: app.expose,
    'application-status': statusOf(app.status),
    relations: relationsOf(live, app.name, (other) => ({
      'related-application': other.application,
      interface: other.interface ?? '',
      scope: other.scope ?? 'global',
    })),
    ...(app.subordinate ? { 'subordinate-to': [...new Set(principals)].sort() } : {}),
    ...(Object.keys(app.units).length ? { units: Object.fromEntries(Object.values(app.units).map((u) => [u.name, unitOf(live, app, u, opts)])) } : {}),
    ...(Object.keys(app.bindings).length ? { 'endpoint-bindings': app.bindings } : {}),
  };
}

function unitOf(live: LiveModel, app: LiveApplication, unit: LiveUnit, opts: StatusViewOptions): Json {
  const from = upgradingFrom(app, unit);
  return {
    'workload-status': statusOf(unit.workload),
    'juju-status': { ...statusOf(unit.agent), version: opts.version },
    ...(unit.leader ? { leader: true } : {}),
    ...(from ? { 'upgrading-from': from } : {}),
    ...(live.type === 'caas' ? { address: unit.address } : { machine: unit.machine, 'public-address': unit.address }),
    ...(unit.ports.length ? { 'open-ports': unit.ports } : {}),
  };
}

function relationsOf<T>(
  live: LiveModel,
  application: string,
  describe: (other: { application: string; interface?: string; scope?: string }) => T,
): Record<string, T[]> {
  const result: Record<string, T[]> = {};
  for (const relation of live.relations) {
    const [a, b] = relation.endpoints;
    for (const [mine, other] of [[a, b], [b, a]]) {
      if (mine.application !== application) continue;
      (result[mine.endpoint || other.endpoint] ??= []).push(
        describe({ application: other.application, interface: relation.interface ?? mine.interface, scope: relation.scope }),
      );
    }
  }
  return result;
}

/**
 * Juju prints a unit's charm URL as `upgrading-from` only where it is not its application's
 * (a unit the charm has not moved to the application's revision yet). Charmhub URLs carry the
 * architecture (`ch:amd64/mysql-42`, as Juju 4.x writes them), local ones only the name.
 */
function upgradingFrom(app: LiveApplication, unit: LiveUnit): string | undefined {
  const runs = unit.applied;
  // A unit that reports no revision says nothing about it.
  if (runs.charm === app.charm && (runs.revision === undefined || runs.revision === (app.revision ?? 0))) return undefined;
  const local = runs.charm.startsWith('local:');
  const name = runs.charm.replace(/^(local|ch):/, '');
  return local ? `local:${name}-${runs.revision ?? 0}` : `ch:amd64/${name}-${runs.revision ?? 0}`;
}

export function charmUrl(app: LiveApplication | undefined): string {
  if (!app) return '';
  return app.charm.startsWith('local:') ? `${app.charm}-${app.revision ?? 0}` : app.charm;
}

function statusOf(status: StatusValue): Json {
  const since = jujuTime(status.since);
  return { current: status.current, ...(status.message ? { message: status.message } : {}), ...(since ? { since } : {}) };
}

/** `ubuntu@22.04` → `{name: ubuntu, channel: "22.04"}`; a bare series stays a name. */
function baseOf(base: string): Json {
  const [name, channel] = base.split('@');
  return channel ? { name, channel: channel.split('/')[0] } : { name: base };
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Juju's `02 Jan 2006 15:04:05Z07:00`, in UTC. */
export function jujuTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${clock(d)}`;
}

function clock(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}
