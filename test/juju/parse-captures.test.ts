import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { dialectOfVersion, parseShowModel, versionOf } from '../../src/backends/juju/dialect.js';
import { parseConfig } from '../../src/backends/juju/parse-config.js';
import { parseOffers } from '../../src/backends/juju/parse-offers.js';
import { constraintsString, constraintsValue, parseShowApplication } from '../../src/backends/juju/parse-show-application.js';
import { canonicalConstraints } from '../../src/plan/constraints.js';
import { parseStatus } from '../../src/backends/juju/parse-status.js';
import type { RawStatus } from '../../src/backends/juju/status-types.js';
import { corpusJujuCli } from '../helpers/corpus.js';

const capture = <T>(file: string): T => {
  const text = fs.readFileSync(path.join(corpusJujuCli, file), 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as T;
};
const statusCaptures = fs.readdirSync(corpusJujuCli).filter((f) => /__status__.*\.json$/.test(f));

describe('juju status captures', () => {
  it.each(statusCaptures)('reads every application, unit and machine of %s', (file) => {
    const raw = capture<RawStatus>(file);
    const snapshot = parseStatus(raw);
    const healthy = Object.entries(raw.applications ?? {}).filter(([, a]) => a['status-error'] === undefined || a.charm);
    expect(Object.keys(snapshot.applications).sort()).toEqual(healthy.map(([n]) => n).sort());
    const units = (raw: RawStatus) =>
      Object.values(raw.applications ?? {}).flatMap((a) => Object.entries(a.units ?? {}).flatMap(([n, u]) => [n, ...Object.keys(u.subordinates ?? {})]));
    expect(Object.values(snapshot.applications).flatMap((a) => Object.keys(a.units)).sort()).toEqual([...new Set(units(raw))].sort());
    for (const app of Object.values(snapshot.applications)) for (const unit of Object.values(app.units)) expect(unit.application).toBe(app.name);
  });

  it('reads the 654 KB OpenStack capture (2.9, relations as names, containers, saas) in one pass', () => {
    const raw = capture<RawStatus>('jhack__status__iaas-openstack-large.json');
    const started = performance.now();
    const snapshot = parseStatus(raw);
    const ms = performance.now() - started;
    expect(Object.keys(snapshot.applications)).toHaveLength(93);
    expect(Object.keys(snapshot.machines)).toHaveLength(45 + 74);
    expect(Object.keys(snapshot.saas)).toHaveLength(9);
    expect(snapshot.applications.aodh).toMatchObject({ charm: 'aodh', revision: 46, base: 'focal', channel: 'stable' });
    // Both halves of aodh:shared-db ↔ aodh-mysql-router:shared-db become one relation; the peer `cluster` none.
    const aodh = snapshot.relations.filter((r) => r.endpoints.some((e) => e.application === 'aodh'));
    expect(aodh.map((r) => r.endpoints.map((e) => e.application).sort().join(' '))).toContain('aodh aodh-mysql-router');
    expect(aodh.some((r) => r.endpoints.every((e) => e.application === 'aodh'))).toBe(false);
    expect(ms).toBeLessThan(2_000);
  });

  it('pairs both sides of a relation by interface (3.6 objects) and nests subordinates under principals', () => {
    const snapshot = parseStatus(capture<RawStatus>('jubilant__status__iaas-subordinates.json'));
    expect(snapshot.applications.nrpe.subordinate).toBe(true);
    expect(Object.keys(snapshot.applications.nrpe.units).sort()).toEqual(['nrpe/1', 'nrpe/2']);
    expect(snapshot.relations.map((r) => r.endpoints.map((e) => `${e.application}:${e.endpoint}`).sort())).toContainEqual(['nrpe:general-info', 'ubuntu:juju-info']);
    expect(snapshot.applications.ubuntu.units['ubuntu/1']).toMatchObject({ leader: true, machine: '1', agent: { current: 'idle' } });
  });

  it('reads Juju times with their offsets as ISO-8601', () => {
    const snapshot = parseStatus(capture<RawStatus>('jubilant__status__k8s-snappass.json'));
    expect(snapshot.applications['snappass-test'].units['snappass-test/0'].workload.since).toBe('2025-02-23T23:03:17.000Z');
    expect(snapshot.type).toBe('caas');
    expect(snapshot.applications['snappass-test'].scale).toBe(1);
  });

  it('tolerates the 4.0 drifts: unit agents without since, machine agents with a null version', () => {
    const raw = capture<RawStatus>('jubilant__status__iaas-subordinates.json');
    for (const app of Object.values(raw.applications ?? {})) for (const u of Object.values(app.units ?? {})) delete u['juju-status']?.since;
    for (const m of Object.values(raw.machines ?? {})) m['juju-status']!.version = null;
    const unit = parseStatus(raw).applications.ubuntu.units['ubuntu/1'];
    expect(unit.agent).toEqual({ current: 'idle' });
  });

  it('keeps entities replaced by status-error visible as unknown, never as healthy', () => {
    const snapshot = parseStatus(capture<RawStatus>('jubilant__status__errors.json'));
    for (const unit of Object.values(snapshot.applications).flatMap((a) => Object.values(a.units))) expect(unit.workload.current).not.toBe('active');
  });
});

describe('juju show-application captures', () => {
  it.each(['juju__show-application__exposed-endpoints.json', 'juju__show-application__series-2.9.json', 'juju__show-application__two-applications.yaml'])(
    'reads the constraints of every application in %s as Juju writes them',
    (file) => {
      const read = parseShowApplication(capture(file));
      expect(Object.keys(read).length).toBeGreaterThan(0);
      // The test set them with constraints.MustParse("arch=amd64 mem=4G cores=1 root-disk=8G").
      for (const constraints of Object.values(read)) {
        expect(constraints).toBe('arch=amd64 cores=1 mem=4096M root-disk=8192M');
        expect(canonicalConstraints(constraints)).toBe(canonicalConstraints('arch=amd64 mem=4G cores=1 root-disk=8G'));
      }
    },
  );

  it.each([
    ['mem=4G', { mem: 4096 }, 'mem=4096M'],
    ['cpu-cores=2 root-disk=1.5G', { cores: 2, 'root-disk': 1536 }, 'cores=2 root-disk=1536M'],
    ['mem=0.3G', { mem: 308 }, 'mem=308M'],
    ['tags=a,b spaces=^dmz,db zones=z1', { tags: ['a', 'b'], spaces: ['^dmz', 'db'], zones: ['z1'] }, 'tags=a,b spaces=^dmz,db zones=z1'],
    ['allocate-public-ip=true instance-type=m5.large', { 'instance-type': 'm5.large', 'allocate-public-ip': true }, 'instance-type=m5.large allocate-public-ip=true'],
    ['', {}, undefined],
  ])('%j is %j in JSON and %j back', (given, value, written) => {
    expect(constraintsValue(given)).toEqual(value);
    expect(constraintsString(constraintsValue(given))).toBe(written);
    expect(canonicalConstraints(written)).toBe(canonicalConstraints(given));
  });
});

describe('juju config, offers, show-model and version captures', () => {
  it('keeps user-set and default options, leaves unset ones out, and reads the schema', () => {
    const config = parseConfig(capture('juju__config__iaas-sources.yaml'));
    expect(config.options).toEqual({ title: { value: 'My Title', source: 'default' }, username: { value: 'admin001', source: 'default' } });
    expect(config.schema['skill-level']).toEqual({ type: 'int', description: 'A number indicating skill.' });
    expect(config.trust).toBe(false);
  });

  it('reads every option type Juju prints', () => {
    const config = parseConfig(capture('jubilant__config__types.json'));
    expect(Object.fromEntries(Object.entries(config.schema).map(([k, o]) => [k, o.type]))).toEqual({ booly: 'boolean', inty: 'int', floaty: 'float', stry: 'string', secrety: 'secret' });
    expect(config.options.inty).toEqual({ value: 42, source: 'user' });
  });

  it('reads offers with their users and connections', () => {
    const offers = parseOffers(capture('juju__offers__connections.yaml'));
    expect(offers['hosted-db2']).toMatchObject({ application: 'app-hosted-db2', url: 'myctrl:fred@external/model.hosted-db2', endpoints: ['mysql'], acl: { fred: 'consume' } });
    expect(offers['hosted-db2'].connections.map((c) => [c.relationId, c.status])).toEqual([[0, 'joined'], [2, 'error']]);
  });

  it('reads show-model and detects the dialect from the agent version', () => {
    const info = parseShowModel(capture('jubilant__show-model__iaas-full.json'));
    expect(info).toMatchObject({ name: 't', uuid: '910dff48-2bc2-4007-858b-e382d2fcdc0f', type: 'iaas', qualifier: 'admin', agentVersion: '3.6.10' });
    expect(dialectOfVersion(versionOf(capture('jubilant__version__3.6.11.json')))).toBe('3.6');
    expect(dialectOfVersion(versionOf(capture('jubilant__version__4.0.0.json')))).toBe('4.0');
  });
});
