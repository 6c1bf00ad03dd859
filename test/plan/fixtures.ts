import type { Bundle } from '../../src/model/bundle.js';
import type { BackendCapabilities, UnitStaging } from '../../src/model/capabilities.js';
import type { CharmInfo, LiveApplication, LiveModel, LiveUnit } from '../../src/model/live.js';

/** Live models built in code, the way a backend reports them, for diff and plan tests. */

export const appserverCharm: CharmInfo = {
  name: 'appserver',
  subordinate: false,
  hasWorkload: true,
  endpoints: { website: { interface: 'http', role: 'provider' }, cluster: { interface: 'appserver-peer', role: 'peer' } },
  config: {
    build_label: { type: 'string', default: 'v0' },
    port: { type: 'int', default: 8080 },
    ratio: { type: 'float', default: 0.5 },
    debug: { type: 'boolean', default: false },
    'admin-password': { type: 'string' },
  },
};

export const haproxyCharm: CharmInfo = {
  name: 'haproxy',
  subordinate: false,
  hasWorkload: true,
  endpoints: { reverseproxy: { interface: 'http', role: 'requirer' }, peer: { interface: 'haproxy-peer', role: 'peer' } },
  config: { 'balance-method': { type: 'string', default: 'roundrobin' } },
};

export function liveUnits(application: string, count: number, opts: { machines?: string[]; options?: Record<string, unknown>; charm?: string } = {}): Record<string, LiveUnit> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${application}/${i}`, {
    name: `${application}/${i}`, application, machine: opts.machines?.[i] ?? String(i), address: `10.0.0.${i + 1}`, ports: [],
    workload: { current: 'active', since: '2024-01-01T00:00:00Z' }, agent: { current: 'idle' }, leader: i === 0,
    applied: { options: { ...opts.options }, charm: opts.charm ?? application }, generation: null,
  } satisfies LiveUnit]));
}

/** An application with `userOptions` set by the user and the charm's defaults reported as such. */
export function liveApp(name: string, charm: string, opts: Partial<LiveApplication> & { userOptions?: Record<string, unknown>; machines?: string[] } = {}): LiveApplication {
  const { userOptions = {}, machines, ...rest } = opts;
  const options: LiveApplication['options'] = {};
  for (const [key, option] of Object.entries(rest.charmInfo?.config ?? {})) {
    if (option.default !== undefined) options[key] = { value: option.default, source: 'default' };
  }
  for (const [key, value] of Object.entries(userOptions)) options[key] = { value, source: 'user' };
  const scale = rest.scale ?? 1;
  return {
    name, charm, subordinate: false, scale, expose: false, options, annotations: {}, storage: {}, devices: {}, bindings: {},
    resources: {}, trust: false, status: { current: 'active', since: '2024-01-01T00:00:00Z' },
    units: rest.subordinate ? {} : liveUnits(name, scale, { machines, options: userOptions, charm }),
    ...rest,
  };
}

export function liveModel(parts: Partial<LiveModel> = {}): LiveModel {
  return {
    name: 'web', uuid: '00000000-0000-4000-8000-000000000001', type: 'iaas', controller: 'local',
    applications: {}, machines: {}, relations: [], offers: {}, saas: {}, generation: null, ...parts,
  };
}

/** The example web model: four appservers behind haproxy, deployed and settled. */
export function webLive(): LiveModel {
  return liveModel({
    applications: {
      appserver: liveApp('appserver', 'local:appserver', { charmInfo: appserverCharm, scale: 4, userOptions: { build_label: 'v1', 'admin-password': 'hunter2' } }),
      haproxy: liveApp('haproxy', 'local:haproxy', { charmInfo: haproxyCharm, scale: 1, expose: true, machines: ['4'] }),
    },
    machines: Object.fromEntries(['0', '1', '2', '3', '4'].map((id) => [id, { id, status: { current: 'started' } }])),
    relations: [
      { id: 1, endpoints: [{ application: 'haproxy', endpoint: 'reverseproxy', role: 'requirer' }, { application: 'appserver', endpoint: 'website', role: 'provider' }] },
      { id: 2, endpoints: [{ application: 'appserver', endpoint: 'cluster', role: 'peer' }] },
    ],
  });
}

export function webBundle(): Bundle {
  return {
    applications: {
      appserver: { charm: '/repo/charms/appserver', num_units: 4, options: { build_label: 'v1', 'admin-password': 'hunter2' } },
      haproxy: { charm: '/repo/charms/haproxy', num_units: 1, expose: true },
    },
    relations: [['haproxy:reverseproxy', 'appserver:website']],
  };
}

/**
 * What a backend declares, every restart change reaching units one way (by default `native`,
 * as on the embedded controller), with per-application exceptions in model `web`.
 */
export function capabilitiesWith(staging: UnitStaging = { kind: 'native' }, applications: Record<string, UnitStaging> = {}): BackendCapabilities {
  return {
    unitStaging: { default: staging, models: { web: { applications } } },
    exec: true,
    offers: true,
    migration: true,
    perUnitGenerations: staging.kind === 'native',
  };
}
