import type { UnitDrift } from '../../model/change.js';
import type { LiveApplication, LiveModel, LiveUnit } from '../../model/live.js';
import { applicationDrift, secretOptionNames, unitDriftLabel } from '../../plan/index.js';
import { charmUrl } from './status-json.js';
import { formatTable } from './table.js';

export interface StatusTableOptions {
  now: Date;
  version: string;
  relations: boolean;
}

/**
 * `juju status` as a table: the model line, applications, units (leader marked `*`), machines,
 * saas and offers, and with `relations` the integrations. A unit that does not track the open
 * generation of its application is marked `[old]` in its message; one that runs another build
 * than its application, or is in error, `[drift…]`, and its application counts them.
 */
export function formatStatusTable(live: LiveModel, opts: StatusTableOptions): string {
  const sections: string[] = [];
  const time = opts.now.toISOString().slice(11, 19) + 'Z';
  // Juju shows a migration in progress in the model line's Notes column.
  const notes = live.migration ? [`migrating to ${live.migration.target}: ${live.migration.phase.toLowerCase()}, ${live.migration.message}`] : [];
  sections.push(formatTable([
    ['Model', 'Controller', 'Cloud/Region', 'Version', 'SLA', 'Timestamp', ...(notes.length ? ['Notes'] : [])],
    [live.name, live.controller, 'local/localhost', opts.version, 'unsupported', time, ...notes],
  ]));
  const apps = Object.values(live.applications);
  if (Object.keys(live.saas).length) {
    sections.push(formatTable([
      ['SAAS', 'Status', 'Store', 'URL'],
      ...Object.values(live.saas).map((s) => [s.name, 'active', s.url.includes(':') ? s.url.split(':')[0] : live.controller, s.url]),
    ]));
  }
  if (apps.length) {
    const drift = new Map(apps.map((app) => [app.name, applicationDrift(live, app)]));
    const secrets = secretOptionNames(live);
    sections.push(formatTable([
      ['App', 'Version', 'Status', 'Scale', 'Charm', 'Channel', 'Rev', 'Exposed', 'Message'],
      ...apps.map((app) => [
        app.name,
        '',
        app.status.current,
        String(Object.keys(app.units).length),
        app.charm.replace(/^local:/, ''),
        app.channel ?? '',
        String(app.revision ?? 0),
        app.expose ? 'yes' : 'no',
        [driftSummary(drift.get(app.name)!), app.status.message ?? ''].filter(Boolean).join('; '),
      ]),
    ]));
    const driftOf = (unit: LiveUnit) => drift.get(unit.application)?.find((d) => d.unit === unit.name);
    const units = apps.flatMap((app) => Object.values(app.units).map((u) => unitRow(live, app, u, unitDriftLabel(driftOf(u), secrets))));
    if (units.length) sections.push(formatTable([['Unit', 'Workload', 'Agent', 'Machine', 'Address', 'Ports', 'Message'], ...units]));
  }
  // Object keys put numeric ids first; a container belongs right after its host.
  const machines = Object.values(live.machines).sort((a, b) => hostOf(a.id) - hostOf(b.id) || (a.id < b.id ? -1 : 1));
  if (machines.length) {
    sections.push(formatTable([
      ['Machine', 'State', 'Address', 'Base', 'Message'],
      ...machines.map((m) => [m.id, m.status.current, '127.0.0.1', m.base ?? m.series ?? '', m.status.message ?? '']),
    ]));
  }
  const offers = Object.values(live.offers);
  if (offers.length) {
    sections.push(formatTable([
      ['Offer', 'Application', 'Charm', 'Rev', 'Connected', 'Endpoint', 'Interface', 'Role'],
      ...offers.flatMap((o) =>
        o.endpoints.map((ep, i) => {
          const app = live.applications[o.application];
          const endpoint = app?.charmInfo?.endpoints[ep];
          return i === 0
            ? [o.name, o.application, charmUrl(app).replace(/^local:/, ''), String(app?.revision ?? 0), `${o.connections.length}/${o.connections.length}`, ep, endpoint?.interface ?? '', endpoint?.role ?? '']
            : ['', '', '', '', '', ep, endpoint?.interface ?? '', endpoint?.role ?? ''];
        }),
      ),
    ]));
  }
  if (opts.relations && live.relations.length) {
    sections.push(formatTable([
      ['Integration provider', 'Requirer', 'Interface', 'Type', 'Message'],
      ...live.relations.map((r) => {
        const [a, b] = r.endpoints;
        const [provider, requirer] = a.role === 'requirer' || b.role === 'provider' ? [b, a] : [a, b];
        const name = (e: typeof a) => (e.endpoint ? `${e.application}:${e.endpoint}` : e.application);
        return [name(provider), name(requirer), r.interface ?? '', r.scope === 'container' ? 'subordinate' : 'regular', ''];
      }),
    ]));
  }
  return sections.join('\n');
}

function hostOf(id: string): number {
  return Number.parseInt(id, 10);
}

/** `2 units drifted: app/1, app/3`, or nothing. */
function driftSummary(drift: UnitDrift[]): string {
  if (!drift.length) return '';
  return `${drift.length} unit${drift.length === 1 ? '' : 's'} drifted: ${drift.map((d) => d.unit).join(', ')}`;
}

function unitRow(live: LiveModel, app: LiveApplication, unit: LiveUnit, drift: string): string[] {
  const staged = live.generation?.applications[app.name];
  const behind = Boolean(staged && Object.keys(staged).length && unit.generation !== live.generation?.name);
  const message = [behind ? '[old]' : '', drift, unit.workload.message ?? ''].filter(Boolean).join(' ');
  return [
    `${unit.name}${unit.leader ? '*' : ''}`,
    unit.workload.current,
    unit.agent.current,
    unit.machine ?? '',
    unit.address,
    unit.ports.join(','),
    message,
  ];
}
