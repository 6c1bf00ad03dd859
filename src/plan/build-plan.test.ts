import { describe, expect, it } from 'vitest';
import type { Bundle } from '../model/bundle.js';
import type { Plan } from '../model/change.js';
import { appserverCharm, capabilitiesWith, liveApp, liveModel, webBundle, webLive } from '../../test/plan/fixtures.js';
import type { LiveModel } from '../model/live.js';
import { buildPlan } from './build-plan.js';
import { diffModel } from './diff-model.js';
import { fingerprintLiveModel } from './fingerprint.js';
import { diffRevisions } from './revisions.js';

const now = new Date('2024-05-01T12:00:00Z');

function plan(desired: Bundle, live = webLive(), prune = false): Plan {
  return buildPlan({ capabilities: capabilitiesWith(), desired, live, model: 'web', controller: 'local', prune, now });
}

function edit(change: (b: Bundle) => void): Bundle {
  const bundle = webBundle();
  change(bundle);
  return bundle;
}

const ids = (p: Plan) => p.changes.map((c) => c.id);

describe('buildPlan', () => {
  it('finds nothing to do when the bundle spells the deployed model differently', () => {
    const bundle = edit((b) => {
      b.applications.appserver.options = { ...b.applications.appserver.options, port: 8080, ratio: '0.50' };
      b.relations = [['appserver', 'haproxy']];
    });
    expect(diffModel(bundle, webLive())).toEqual({});
    expect(plan(bundle)).toMatchObject({ changes: [], removals: [], summary: { inPlace: 0, restart: 0, destructive: 0, removals: 0 } });
  });

  it('rolls an option change out unit by unit', () => {
    const p = plan(edit((b) => void (b.applications.appserver.options!.build_label = 'v2')));
    expect(p.changes).toEqual([{
      id: 'config-appserver', kind: 'config', classification: 'restart', application: 'appserver', requires: [],
      set: { build_label: 'v2' }, unset: [], from: { build_label: 'v1' }, description: 'set application options for appserver',
    }]);
  });

  it('unsets an option the bundle no longer gives, returning it to the charm default', () => {
    const p = plan(edit((b) => void delete b.applications.appserver.options!.build_label));
    expect(p.changes).toMatchObject([{ kind: 'config', set: {}, unset: ['build_label'], from: { build_label: 'v1' } }]);
  });

  it('applies config before scaling out, and a scale-down is destructive', () => {
    const up = plan(edit((b) => {
      b.applications.appserver.num_units = 6;
      b.applications.appserver.options!.port = 9090;
    }));
    expect(ids(up)).toEqual(['config-appserver', 'scale-appserver']);
    expect(up.changes[1]).toMatchObject({ units: 6, from: 4, classification: 'in-place', requires: ['config-appserver'] });
    const down = plan(edit((b) => void (b.applications.appserver.num_units = 2)));
    expect(down.changes).toMatchObject([{ kind: 'scale', units: 2, from: 4, classification: 'destructive' }]);
  });

  it('deploys before relating, with machines first and requirements recorded', () => {
    const p = plan(edit((b) => {
      b.machines = { '0': {}, '1': {}, '2': {}, '3': {}, '4': {}, '5': { constraints: 'mem=4G' } };
      b.applications.appserver.to = ['0', '1', '2', '3'];
      b.applications.haproxy.to = ['4'];
      b.applications.cache = { charm: 'memcached', channel: 'stable', num_units: 1, to: ['5'] };
      b.relations!.push(['cache:cache', 'appserver:cache']);
    }));
    expect(ids(p)).toEqual(['add-machine-5', 'deploy-cache', 'relate-appserver:cache-cache:cache']);
    expect(p.changes[1]).toMatchObject({ kind: 'deploy', requires: ['add-machine-5'], spec: { charm: 'memcached', num_units: 1 } });
    expect(p.changes[2].requires).toEqual(['deploy-cache']);
  });

  it('groups charm, channel and revision into one restart refresh', () => {
    const live = liveModel({ applications: { db: liveApp('db', 'mysql', { channel: 'latest/stable', revision: 10 }) } });
    const p = plan({ applications: { db: { charm: 'ch:mysql', channel: '8.0/stable', revision: 12, num_units: 1 } } }, live);
    expect(p.changes).toMatchObject([{
      id: 'refresh-db', classification: 'restart', to: { channel: '8.0/stable', revision: 12 }, from: { charm: 'mysql', channel: 'latest/stable', revision: 10 },
    }]);
  });

  it('plans removals only with prune, apart and in reverse order of creation', () => {
    const live = webLive();
    live.applications.old = liveApp('old', 'legacy', { scale: 1, machines: ['9'] });
    live.machines['7'] = { id: '7', status: { current: 'started' } };
    live.relations.push({ id: 3, endpoints: [{ application: 'old', endpoint: 'db' }, { application: 'appserver', endpoint: 'db' }] });
    expect(plan(webBundle(), live).removals).toEqual([]);
    const pruned = plan(webBundle(), live, true);
    expect(pruned.changes).toEqual([]);
    expect(pruned.removals.map((c) => c.id)).toEqual(['unrelate-appserver:db-old:db', 'remove-application-old', 'remove-machine-7']);
    expect(pruned.removals[1].requires).toEqual(['unrelate-appserver:db-old:db']);
    expect(pruned.summary).toEqual({ inPlace: 0, restart: 0, destructive: 3, removals: 3 });
  });

  it('orders offers and grants before consumed offers and relations to them', () => {
    const p = plan(edit((b) => {
      b.applications.appserver.offers = { web: { endpoints: ['website'], acl: { bob: 'consume' } } };
      b.saas = { db: { url: 'admin/db.mysql' } };
      b.relations!.push(['appserver:db', 'db:db']);
    }));
    expect(ids(p)).toEqual(['offer-web', 'grant-web-bob', 'consume-db', 'relate-appserver:db-db:db']);
    expect(p.changes[1].requires).toEqual(['offer-web']);
    expect(p.changes[3].requires).toEqual(['consume-db']);
  });

  it.each([
    ['3.6', ['offer-web'], 'in-place'],
    ['4.0', ['remove-offer-web', 'offer-web', 'grant-web-bob'], 'destructive'],
  ] as const)('on Juju %s, a changed offer endpoint list becomes %j', (dialect, expected, first) => {
    const live = webLive();
    live.offers = { web: { name: 'web', application: 'appserver', url: 'admin/web.web', endpoints: ['website'], acl: { admin: 'admin', bob: 'consume' }, connections: [] } };
    const desired = edit((b) => void (b.applications.appserver.offers = { web: { endpoints: ['website', 'metrics'], acl: { bob: 'consume' } } }));
    const p = buildPlan({ capabilities: capabilitiesWith(), desired, live, model: 'web', controller: 'local', prune: false, now, dialect });
    expect(ids(p)).toEqual(expected);
    expect(p.changes[0].classification).toBe(first);
    if (dialect === '4.0') expect(p.changes[1].requires).toEqual(['remove-offer-web']);
  });

  it('records the source commit, the time given and the live fingerprint', () => {
    const p = buildPlan({ capabilities: capabilitiesWith(), desired: webBundle(), live: webLive(), model: 'web', controller: 'local', prune: false, sourceCommit: 'abc123', now });
    expect(p).toMatchObject({ formatVersion: 1, sourceCommit: 'abc123', createdAt: '2024-05-01T12:00:00.000Z', liveFingerprint: fingerprintLiveModel(webLive()) });
  });
});

describe('fingerprintLiveModel', () => {
  it('ignores status, addresses and key order, but not what units run', () => {
    const base = fingerprintLiveModel(webLive());
    const noisy = webLive();
    noisy.applications.appserver.status = { current: 'maintenance', since: '2030-01-01T00:00:00Z' };
    noisy.applications.appserver.units['appserver/0'].address = '10.9.9.9';
    noisy.applications = { haproxy: noisy.applications.haproxy, appserver: noisy.applications.appserver };
    expect(fingerprintLiveModel(noisy)).toBe(base);
    const moved = webLive();
    moved.applications.appserver.units['appserver/0'].applied.options = { build_label: 'v2' };
    expect(fingerprintLiveModel(moved)).not.toBe(base);
  });

  const changes: [string, (live: LiveModel) => void][] = [
    ['an application option', (l) => { l.applications.appserver.options.port = { value: 9090, source: 'user' }; }],
    ['where an option comes from', (l) => { l.applications.appserver.options.port = { ...l.applications.appserver.options.port, source: l.applications.appserver.options.port?.source === 'user' ? 'default' : 'user' }; }],
    ['a charm revision', (l) => { l.applications.appserver.revision = 99; }],
    ['scale', (l) => { l.applications.appserver.scale += 1; }],
    ['exposure', (l) => { l.applications.appserver.expose = !l.applications.appserver.expose; }],
    ['an annotation', (l) => { l.applications.appserver.annotations = { ...l.applications.appserver.annotations, team: 'x' }; }],
    ['a binding', (l) => { l.applications.appserver.bindings = { ...l.applications.appserver.bindings, website: 'dmz' }; }],
    ['a unit\'s charm revision', (l) => { l.applications.appserver.units['appserver/1'].applied.revision = 41; }],
    ['a unit\'s generation', (l) => { l.applications.appserver.units['appserver/1'].generation = 'canary'; }],
    ['a unit\'s machine', (l) => { l.applications.appserver.units['appserver/1'].machine = '77'; }],
    ['a unit more', (l) => { const unit = l.applications.appserver.units['appserver/0']; l.applications.appserver.units['appserver/9'] = { ...unit, name: 'appserver/9' }; }],
    ['a machine\'s base', (l) => { l.machines['0'] = { ...l.machines['0'], id: '0', status: { current: 'started' }, base: 'ubuntu@20.04' }; }],
    ['an option value that is an object rather than its text', (l) => { l.applications.appserver.options.port = { value: { a: 1 }, source: 'user' }; }],
  ];

  it.each(changes)('moves with %s', (_, change) => {
    const live = webLive();
    change(live);
    expect(fingerprintLiveModel(live)).not.toBe(fingerprintLiveModel(webLive()));
  });

  it('does not tell an object option from a string holding its JSON', () => {
    const object = webLive();
    object.applications.appserver.options.port = { value: { a: 1 }, source: 'user' };
    const text = webLive();
    text.applications.appserver.options.port = { value: '{"a":1}', source: 'user' };
    expect(fingerprintLiveModel(object)).not.toBe(fingerprintLiveModel(text));
  });

  it('ignores the order units, machines and options were read in', () => {
    const live = webLive();
    const reordered = webLive();
    const app = reordered.applications.appserver;
    app.units = Object.fromEntries(Object.entries(app.units).reverse());
    app.options = Object.fromEntries(Object.entries(app.options).reverse());
    reordered.machines = Object.fromEntries(Object.entries(reordered.machines).reverse());
    expect(fingerprintLiveModel(reordered)).toBe(fingerprintLiveModel(live));
  });
});

describe('diffRevisions', () => {
  it('compares two bundles as if the first were deployed', () => {
    const head = edit((b) => {
      b.applications.appserver.options!.build_label = 'v2';
      delete b.applications.haproxy;
      b.relations = [];
    });
    expect(diffRevisions(webBundle(), head)).toEqual({
      applications: { appserver: { options: { build_label: { bundle: 'v2', model: 'v1' } } }, haproxy: { missing: 'bundle' } },
      relations: { 'model-additions': [['appserver:website', 'haproxy:reverseproxy']] },
    });
  });

  it('finds nothing between a bundle and itself', () => {
    expect(diffRevisions(webBundle(), webBundle())).toEqual({});
    expect(appserverCharm.config.port.default).toBe(8080);
  });
});
