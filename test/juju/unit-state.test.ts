import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCharmUrl } from '../../src/backends/juju/unit-charm.js';
import { parseStatus } from '../../src/backends/juju/parse-status.js';
import type { RawStatus } from '../../src/backends/juju/status-types.js';
import { applicationDrift } from '../../src/plan/unit-drift.js';
import type { LiveModel } from '../../src/model/live.js';
import { corpusJujuCli } from '../helpers/corpus.js';

const capture = (file: string): RawStatus => JSON.parse(fs.readFileSync(path.join(corpusJujuCli, file), 'utf8')) as RawStatus;

/** A 3.6-shaped status of one application at `rev` whose units say what `upgrading-from` each carries. */
function status(charm: string, rev: number, units: Record<string, string | undefined>, origin = 'charmhub'): RawStatus {
  return {
    model: { name: 'm', type: 'iaas', controller: 'c', version: '3.6.11' },
    applications: {
      db: {
        charm, 'charm-origin': origin, 'charm-name': charm.replace(/^local:/, '').replace(/-\d+$/, ''), 'charm-rev': rev, ...(origin === 'local' ? {} : { 'charm-channel': '14/stable' }),
        units: Object.fromEntries(Object.entries(units).map(([name, from]) => [name, {
          'workload-status': { current: 'active' }, 'juju-status': { current: 'idle' }, machine: '0', ...(from ? { 'upgrading-from': from } : {}),
        }])),
      },
    },
  };
}

describe('charm URLs in juju status', () => {
  it.each([
    ['ch:amd64/jammy/postgresql-429', { local: false, name: 'postgresql', revision: 429 }],
    ['ch:amd64/postgresql-429', { local: false, name: 'postgresql', revision: 429 }],
    ['ch:mysql-1', { local: false, name: 'mysql', revision: 1 }],
    ['cs:~openstack-charmers/ceph-dashboard-0', { local: false, name: 'ceph-dashboard', revision: 0 }],
    ['cs:mysql-router-6', { local: false, name: 'mysql-router', revision: 6 }],
    ['local:focal/logrotated-1', { local: true, name: 'logrotated', revision: 1 }],
    ['local:database-0', { local: true, name: 'database', revision: 0 }],
  ])('reads %s', (url, expected) => {
    expect(parseCharmUrl(url)).toEqual(expected);
  });

  it.each(['ch:amd64/postgresql', '', 'nonsense'])('says nothing of %j, which names no revision', (url) => {
    expect(parseCharmUrl(url)).toBeUndefined();
  });
});

describe('what each unit runs, read from juju status', () => {
  it('gives a unit still on the old revision after a refresh that revision, and the others the application\'s', () => {
    const app = parseStatus(status('postgresql', 430, { 'db/0': 'ch:amd64/jammy/postgresql-429', 'db/1': 'ch:amd64/postgresql-429', 'db/2': undefined })).applications.db;
    expect(app.units['db/0'].applied).toEqual({ options: {}, charm: 'postgresql', revision: 429 });
    expect(app.units['db/1'].applied).toEqual({ options: {}, charm: 'postgresql', revision: 429 });
    expect(app.units['db/2'].applied).toEqual({ options: {}, charm: 'postgresql', channel: '14/stable', revision: 430 });
  });

  it('reads local charms and a switch to another charm', () => {
    expect(parseStatus(status('local:webapp-3', 3, { 'db/0': 'local:webapp-2' }, 'local')).applications.db.units['db/0'].applied).toEqual({ options: {}, charm: 'local:webapp', revision: 2 });
    expect(parseStatus(status('postgresql', 430, { 'db/0': 'ch:amd64/jammy/pgsql-7' })).applications.db.units['db/0'].applied).toEqual({ options: {}, charm: 'pgsql', revision: 7 });
  });

  it('leaves the revision unknown, not guessed, when the unit\'s charm URL cannot be read', () => {
    expect(parseStatus(status('postgresql', 430, { 'db/0': 'ch:amd64/postgresql' })).applications.db.units['db/0'].applied).toEqual({ options: {}, charm: 'postgresql' });
  });

  it('takes a 2.9 subordinate\'s upgrading-from, which names its own application\'s charm, as no difference', () => {
    // Juju 2.9 compared subordinate units with their principal's charm: all 1,270 such fields of
    // the 654 KB OpenStack capture name the subordinate's own application's charm and revision.
    const raw = capture('jhack__status__iaas-openstack-large.json');
    const snapshot = parseStatus(raw);
    const units = Object.values(snapshot.applications).flatMap((a) => Object.values(a.units).map((u) => ({ u, a })));
    expect(units).toHaveLength(1469);
    const off = units.filter(({ u, a }) => u.applied.charm !== a.charm || u.applied.revision !== a.revision || u.applied.channel !== a.channel);
    expect(off.map(({ u }) => u.name)).toEqual([]);
    const live: LiveModel = { name: 'openstack', uuid: 'u', type: 'iaas', controller: 'c', applications: snapshot.applications, machines: {}, relations: [], offers: {}, saas: {}, generation: null };
    const drifted = Object.values(live.applications).flatMap((a) => applicationDrift(live, a)).filter((d) => Object.keys(d.to).length);
    expect(drifted).toEqual([]);
  });

  it('makes a unit left on the old revision drift, and only that unit', () => {
    const snapshot = parseStatus(status('postgresql', 430, { 'db/0': 'ch:amd64/postgresql-429', 'db/1': undefined }));
    const live: LiveModel = { name: 'm', uuid: 'u', type: 'iaas', controller: 'c', applications: snapshot.applications, machines: {}, relations: [], offers: {}, saas: {}, generation: null };
    expect(applicationDrift(live, live.applications.db)).toEqual([{ unit: 'db/0', from: { revision: 429 }, to: { revision: 430 } }]);
  });
});
