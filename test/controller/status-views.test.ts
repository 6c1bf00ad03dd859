import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJujuStatus } from '../../src/cli/views/status-json.js';
import { formatStatusTable } from '../../src/cli/views/status-table.js';
import type { LiveApplication, LiveModel, LiveUnit } from '../../src/model/live.js';

const golden = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'golden', name), 'utf8');
const since = '2025-03-04T10:20:30.000Z';
const now = new Date('2025-03-04T11:00:00.000Z');

function unit(name: string, machine: string, extra: Partial<LiveUnit> = {}): LiveUnit {
  return {
    name, application: name.split('/')[0], machine, address: '127.0.0.1', ports: [],
    workload: { current: 'active', since }, agent: { current: 'idle', since }, leader: name.endsWith('/0'),
    applied: { options: {}, charm: `local:${name.split('/')[0]}` }, generation: null, ...extra,
  };
}

function app(name: string, extra: Partial<LiveApplication>, units: LiveUnit[]): LiveApplication {
  return {
    name, charm: name, subordinate: false, scale: units.length, expose: false, options: {}, annotations: {}, storage: {},
    devices: {}, bindings: {}, resources: {}, trust: false, status: { current: 'active', since },
    units: Object.fromEntries(units.map((u) => [u.name, u])), ...extra,
  };
}

/** A web model mid-rollout: appserver/1 tracks the open generation, appserver/0 does not; appserver/2 failed (drift). */
const web: LiveModel = {
  name: 'web', uuid: '5f3e2a10-0000-4000-8000-00000a1b2c3d', type: 'iaas', controller: 'local',
  applications: {
    appserver: app('appserver', {
      charm: 'local:appserver', revision: 3, status: { current: 'error', message: 'workload exited with code 1', since },
      charmInfo: { name: 'appserver', subordinate: false, hasWorkload: true, config: {}, endpoints: { http: { interface: 'http', role: 'provider' } } },
    }, [
      unit('appserver/0', '0', { ports: ['41001/tcp'] }),
      unit('appserver/1', '1', { ports: ['41002/tcp'], generation: 'next', applied: { options: { build_label: 'v2' }, charm: 'local:appserver' } }),
      unit('appserver/2', '2', { workload: { current: 'error', message: 'workload exited with code 1', since } }),
    ]),
    haproxy: app('haproxy', {
      charm: 'local:haproxy', expose: true,
      charmInfo: { name: 'haproxy', subordinate: false, hasWorkload: true, config: {}, endpoints: { backend: { interface: 'http', role: 'requirer' } } },
    }, [unit('haproxy/0', '0/lxd/0', { ports: ['8080/tcp'] })]),
    mysql: app('mysql', { channel: '8.0/stable', revision: 42, base: 'ubuntu@22.04' }, []),
  },
  machines: {
    '0': { id: '0', status: { current: 'started', since }, base: 'ubuntu@22.04' },
    '0/lxd/0': { id: '0/lxd/0', status: { current: 'started', since } },
    '1': { id: '1', status: { current: 'started', since } },
    '2': { id: '2', status: { current: 'started', since }, constraints: 'mem=2G' },
  },
  relations: [{
    id: 0, interface: 'http', scope: 'global',
    endpoints: [{ application: 'haproxy', endpoint: 'backend', role: 'requirer', interface: 'http' }, { application: 'appserver', endpoint: 'http', role: 'provider', interface: 'http' }],
  }],
  offers: { web: { name: 'web', application: 'appserver', url: 'local:admin/web.web', endpoints: ['http'], acl: { admin: 'admin' }, connections: [] } },
  saas: { db: { name: 'db', url: 'local:admin/mysql.db' } },
  generation: { name: 'next', createdAt: since, applications: { appserver: { options: { build_label: 'v2' } } } },
};

describe('status views', () => {
  it('renders the juju-style table, marking units behind the open generation [old]', () => {
    expect(formatStatusTable(web, { now, version: '0.1.0', relations: true })).toBe(golden('status-web.txt'));
  });

  it('renders the shape of juju status --format=json', () => {
    expect(`${JSON.stringify(toJujuStatus(web, { now, version: '0.1.0' }), null, 2)}\n`).toBe(golden('status-web.json'));
  });
});
