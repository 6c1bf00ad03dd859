import { describe, expect, it } from 'vitest';
import { canonicalCharm } from './charm-url.js';
import { canonicalConstraints, canonicalStorage } from './constraints.js';
import { canonicalExposure, isPlainExposure } from './expose.js';
import { coerceOption, desiredOptions, liveOptions } from './options.js';
import { comparablePlacement } from './placement.js';
import { inferEndpoints, matchRelations, parseEndpoint, relationKey, type RelationPair } from './relations.js';
import { canonicalBase, canonicalChannel } from './series.js';
import { canonicalOfferUrl } from './diff-offers.js';
import type { CharmEndpoint } from '../model/live.js';
import { appserverCharm, haproxyCharm, liveUnits } from '../../test/plan/fixtures.js';

describe('charm names', () => {
  it.each([
    ['mysql', 'mysql'],
    ['ch:mysql', 'mysql'],
    ['ch:amd64/jammy/mysql-42', 'mysql'],
    ['cs:~containers/kubernetes-master-123', 'kubernetes-master'],
    ['mysql-innodb-cluster', 'mysql-innodb-cluster'],
    ['local:appserver-3', 'local:appserver'],
    ['local:appserver', 'local:appserver'],
    ['/srv/repo/charms/appserver', 'local:appserver'],
    ['./charms/appserver/', 'local:appserver'],
    ['/tmp/build/haproxy_ubuntu-22.04-amd64.charm', 'local:haproxy'],
  ])('%s is %s', (given, canonical) => expect(canonicalCharm(given)).toBe(canonical));
});

describe('channels and bases', () => {
  it.each([
    ['stable', 'latest/stable'],
    ['edge', 'latest/edge'],
    ['latest/stable', 'latest/stable'],
    ['8.0', '8.0/stable'],
    ['8.0/candidate', '8.0/candidate'],
    ['stable/hotfix', 'latest/stable/hotfix'],
    ['', undefined],
  ])('channel %j is %j', (given, canonical) => expect(canonicalChannel(given)).toBe(canonical));

  it.each([
    ['ubuntu@22.04/stable', 'ubuntu@22.04'],
    ['ubuntu@22.04', 'ubuntu@22.04'],
    ['jammy', 'ubuntu@22.04'],
    ['focal', 'ubuntu@20.04'],
    ['centos7', 'centos@7'],
  ])('base %s is %s', (given, canonical) => expect(canonicalBase(given)).toBe(canonical));
});

describe('constraints and storage', () => {
  it.each([
    ['cores=2 mem=8G', 'cores=2 mem=8192M'],
    ['mem=8192M  cores=2', 'cores=2 mem=8192M'],
    ['cpu-cores=4 mem=1.5G', 'cores=4 mem=1536M'],
    // Juju rounds a size up to a whole MiB, so a model reads this back as mem=308M.
    ['mem=0.3G', 'mem=308M'],
    ['root-disk=16384 arch=amd64', 'arch=amd64 root-disk=16384M'],
    ['tags=b,a spaces=beta,alpha', 'spaces=alpha,beta tags=a,b'],
    ['', undefined],
  ])('%j is %j', (given, canonical) => expect(canonicalConstraints(given)).toBe(canonical));

  it.each([
    ['loop,100M', 'loop,1,100M'],
    ['100M,loop,1', 'loop,1,100M'],
    ['rootfs,1,10G', 'rootfs,1,10240M'],
    ['10G', '1,10240M'],
    ['ebs,3', 'ebs,3'],
  ])('storage %s is %s', (given, canonical) => expect(canonicalStorage(given)).toBe(canonical));
});

describe('options', () => {
  it.each([
    ['1', { type: 'int' as const }, 1],
    ['1.0', { type: 'float' as const }, 1],
    [1.0, { type: 'int' as const }, 1],
    ['True', { type: 'boolean' as const }, true],
    [8080, { type: 'string' as const }, '8080'],
    ['x', undefined, 'x'],
  ])('%j as %j is %j', (value, option, coerced) => expect(coerceOption(value, option)).toEqual(coerced));

  it('makes charm defaults explicit on both sides, so leaving a default out is no change', () => {
    const schema = appserverCharm.config;
    const desired = desiredOptions({ build_label: 'v2' }, schema);
    const live = liveOptions({ build_label: { value: 'v2', source: 'user' }, port: { value: 8080, source: 'default' } }, schema, { build_label: 'v2' });
    expect(desired).toEqual(live);
    expect(desired).toMatchObject({ port: 8080, ratio: 0.5, debug: false });
  });

  it('without a schema compares a default only when the bundle names it', () => {
    const live = { port: { value: 8080, source: 'default' as const }, label: { value: 'x', source: 'user' as const } };
    expect(liveOptions(live, undefined, {})).toEqual({ label: 'x' });
    expect(liveOptions(live, undefined, { port: 8080 })).toEqual({ label: 'x', port: 8080 });
  });

  it('treats a null option in the bundle as the default', () => {
    expect(desiredOptions({ port: null, build_label: 'v3' }, appserverCharm.config)).toMatchObject({ port: 8080, build_label: 'v3' });
  });
});

describe('exposure', () => {
  it.each([
    [true, undefined, { '': { expose_to_cidrs: ['0.0.0.0/0', '::/0'] } }, true],
    [false, undefined, {}, true],
    [undefined, { website: {} }, { website: { expose_to_cidrs: ['0.0.0.0/0', '::/0'] } }, false],
    [undefined, { '': { 'expose-to-cidrs': ['10.0.0.0/8'] } }, { '': { expose_to_cidrs: ['10.0.0.0/8'] } }, false],
  ])('expose %j endpoints %j', (expose, endpoints, canonical, plain) => {
    const map = canonicalExposure(expose, endpoints);
    expect(map).toEqual(canonical);
    expect(isPlainExposure(map)).toBe(plain);
  });
});

describe('relations', () => {
  const charms: Record<string, Record<string, CharmEndpoint>> = {
    appserver: appserverCharm.endpoints,
    haproxy: haproxyCharm.endpoints,
    nrpe: { 'general-info': { interface: 'juju-info', role: 'requirer', scope: 'container' } },
    ubuntu: {},
  };
  const lookup = (app: string) => charms[app];
  const pair = (a: string, b: string): RelationPair => [parseEndpoint(a), parseEndpoint(b)];

  it.each([
    ['haproxy', 'appserver', 'appserver:website haproxy:reverseproxy'],
    ['haproxy:reverseproxy', 'appserver', 'appserver:website haproxy:reverseproxy'],
    ['nrpe', 'ubuntu', 'nrpe:general-info ubuntu:juju-info'],
    ['appserver', 'unknown', 'appserver unknown'],
  ])('infers %s - %s as %s', (a, b, key) => expect(relationKey(inferEndpoints(pair(a, b), lookup))).toBe(key));

  it('matches order-insensitively and lets an unknown endpoint match any', () => {
    const live = [pair('appserver:website', 'haproxy:reverseproxy'), pair('mysql:db', 'wordpress:db')];
    const result = matchRelations([pair('haproxy:reverseproxy', 'appserver:website'), pair('wordpress', 'mysql')], live);
    expect(result).toEqual({ bundleOnly: [], modelOnly: [] });
  });

  it('reports each side of a changed endpoint', () => {
    const result = matchRelations([pair('a:x', 'b:y')], [pair('a:x', 'b:z')]);
    expect(result.bundleOnly.map(relationKey)).toEqual(['a:x b:y']);
    expect(result.modelOnly.map(relationKey)).toEqual(['a:x b:z']);
  });
});

describe('placement and offer URLs', () => {
  it.each([
    [['0', '1'], ['0', '1'], true],
    [['lxd:0'], ['0/lxd/3'], true],
    [['new', 'mysql/0'], ['7', '8'], true],
    [['0'], ['5'], false],
  ])('directives %j on machines %j hold: %s', (to, machines, holds) => {
    const p = comparablePlacement(to, to.length, liveUnits('app', machines.length, { machines }));
    expect(p.bundle.join() === p.model.join()).toBe(holds);
  });

  it.each([
    ['admin/db.mysql', 'admin/db.mysql'],
    ['db.mysql', 'admin/db.mysql'],
    ['local:admin/db.mysql', 'admin/db.mysql'],
    ['other:bob/db.mysql', 'other:bob/db.mysql'],
  ])('offer URL %s is %s on controller local', (url, canonical) => expect(canonicalOfferUrl(url, 'local')).toBe(canonical));
});
