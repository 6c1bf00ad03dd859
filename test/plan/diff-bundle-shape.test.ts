import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/model/bundle.js';
import type { LiveModel } from '../../src/model/live.js';
import { buildPlan, renderPlan } from '../../src/plan/index.js';
import { liveApp, liveModel } from './fixtures.js';

/**
 * The scenarios of Juju's own diff-bundle tests, rebuilt as bundle + live model: our YAML must
 * be byte for byte what `juju diff-bundle` prints for them (corpus/juju-cli).
 */
import { corpusJujuCli as corpus } from '../helpers/corpus.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';

function prometheusModel(extra: Partial<LiveModel> = {}): LiveModel {
  return liveModel({
    applications: {
      grafana: liveApp('grafana', 'grafana', { machines: ['0'] }),
      prometheus: liveApp('prometheus', 'prometheus', { machines: ['0'], userOptions: { ontology: 'kant' }, constraints: 'cores=3', annotations: { aspect: 'north' } }),
    },
    machines: { '0': { id: '0', status: { current: 'started' } }, '1': { id: '1', status: { current: 'started' } } },
    ...extra,
  });
}

/** Juju's diffbundle_test `testCharmHubBundle`, and the model its mocked API reports. */
const charmHubBundle = (): Bundle => ({
  applications: {
    prometheus: {
      charm: 'prometheus2', revision: 47, channel: 'stable', num_units: 1, base: 'ubuntu@16.04/stable',
      options: { ontology: 'anselm' }, annotations: { aspect: 'west' }, constraints: 'cores=4', to: ['0'],
    },
  },
  machines: { '0': { base: 'ubuntu@16.04/stable' } },
});
const charmHubModel = (): LiveModel => liveModel({
  applications: {
    prometheus: liveApp('prometheus', 'prometheus2', { revision: 47, channel: 'stable', base: 'ubuntu@16.04', machines: ['0'], userOptions: { ontology: 'kant' }, constraints: 'cores=3', annotations: { aspect: 'north' } }),
    grafana: liveApp('grafana', 'grafana', { revision: 19, channel: 'stable', base: 'ubuntu@18.04', machines: ['1'] }),
  },
  machines: { '0': { id: '0', base: 'ubuntu@16.04', status: { current: 'started' } }, '1': { id: '1', base: 'ubuntu@18.04', status: { current: 'started' } } },
});

interface Scenario {
  desired: Bundle;
  live: LiveModel;
  annotations?: boolean;
  machineMap?: Record<string, string>;
}

/** Juju's own expected outputs, kept byte for byte in the corpus. */
const corpusScenarios: [string, Scenario][] = [
  ['juju__diff-bundle__overlays.yaml', {
    desired: {
      applications: {
        prometheus: { charm: 'prometheus', num_units: 1, to: ['0'], options: { 'admin-user': 'lovecraft', ontology: 'anselm' }, constraints: 'cores=4', annotations: { aspect: 'north' } },
        telegraf: { charm: 'telegraf' },
      },
      machines: { '0': {} },
      relations: [['telegraf:info', 'prometheus:juju-info']],
    },
    live: prometheusModel(),
  }],
  // TestIncludeAnnotations: `juju diff-bundle --annotations`.
  ['juju__diff-bundle__annotations.yaml', { desired: charmHubBundle(), live: charmHubModel(), annotations: true }],
  // TestMachineMap: `juju diff-bundle --map-machines 0=1`.
  ['juju__diff-bundle__machine-map.yaml', { desired: charmHubBundle(), live: charmHubModel(), machineMap: { '0': '1' } }],
  ['juju__diff-bundle__exposed-endpoints.yaml', {
    desired: {
      applications: {
        prometheus: { charm: 'prometheus', num_units: 1, 'exposed-endpoints': { '': { 'expose-to-cidrs': ['0.0.0.0/0'] }, website: { 'expose-to-cidrs': ['40.0.0.0/24'] } } },
      },
    },
    live: liveModel({
      applications: {
        prometheus: liveApp('prometheus', 'prometheus', { expose: true, exposedEndpoints: { website: { 'expose-to-spaces': ['alpha'], 'expose-to-cidrs': ['10.0.0.0/24'] } } }),
      },
      machines: { '0': { id: '0', status: { current: 'started' } } },
    }),
  }],
  ['juju__diff-bundle__empty.yaml', {
    desired: { applications: { prometheus: { charm: 'prometheus', channel: 'stable', num_units: 1 } } },
    live: liveModel({ applications: { prometheus: liveApp('prometheus', 'prometheus', { channel: 'latest/stable' }) }, machines: { '0': { id: '0', status: { current: 'started' } } } }),
  }],
];

const render = ({ desired, live, annotations, machineMap }: Scenario) =>
  renderPlan(buildPlan({ capabilities: embeddedControllerCapabilities, desired, live, model: 'm', controller: 'c', prune: false, now: new Date(0), machineMap }), { format: 'yaml', annotations });

describe('diff output in the shape of juju diff-bundle', () => {
  it.each(corpusScenarios)('matches %s', (file, scenario) => {
    expect(render(scenario)).toBe(readFileSync(`${corpus}/${file}`, 'utf8').replace(/\n*$/, '\n'));
  });
});

/**
 * Further expected outputs of Juju's diffbundle_test (TestLocalBundle, TestExposedEndpoints'
 * first case) and outputs that follow from diff.go for shapes its tests do not cover.
 */
const inlineScenarios: [name: string, scenario: Scenario, expected: string][] = [
  ['annotations are not compared without --annotations (TestLocalBundle)', { desired: charmHubBundle(), live: charmHubModel() }, `applications:
  grafana:
    missing: bundle
  prometheus:
    options:
      ontology:
        bundle: anselm
        model: kant
    constraints:
      bundle: cores=4
      model: cores=3
machines:
  "1":
    missing: bundle
`],
  ['an application whose only difference is an annotation is no difference without --annotations', {
    desired: { applications: { web: { charm: 'nginx', num_units: 1, annotations: { owner: 'ops' } } } },
    live: liveModel({ applications: { web: liveApp('web', 'nginx') }, machines: { '0': { id: '0', status: { current: 'started' } } } }),
  }, '{}\n'],
  ['a missing annotation prints as "" with --annotations', {
    desired: { applications: { web: { charm: 'nginx', num_units: 1, annotations: { owner: 'ops' } } } },
    live: liveModel({ applications: { web: liveApp('web', 'nginx', { annotations: { team: 'db' } }) }, machines: { '0': { id: '0', status: { current: 'started' } } } }),
    annotations: true,
  }, `applications:
  web:
    annotations:
      owner:
        bundle: ops
        model: ""
      team:
        bundle: ""
        model: db
`],
  ['expose: true against granular model exposure (TestExposedEndpoints, first case)', {
    desired: { applications: { prometheus: { charm: 'prometheus', num_units: 1, expose: true } } },
    live: liveModel({
      applications: { prometheus: liveApp('prometheus', 'prometheus', { exposedEndpoints: { '': { 'expose-to-spaces': ['alpha'], 'expose-to-cidrs': ['10.0.0.0/24'] } } }) },
      machines: { '0': { id: '0', status: { current: 'started' } } },
    }),
  }, `applications:
  prometheus:
    exposed_endpoints:
      "":
        bundle:
          expose_to_cidrs:
          - 0.0.0.0/0
          - ::/0
        model:
          expose_to_spaces:
          - alpha
          expose_to_cidrs:
          - 10.0.0.0/24
`],
  ['an expose change carries exposed_endpoints, as Juju computes them', {
    desired: { applications: { web: { charm: 'nginx', num_units: 1, expose: true } } },
    live: liveModel({ applications: { web: liveApp('web', 'nginx') }, machines: { '0': { id: '0', status: { current: 'started' } } } }),
  }, `applications:
  web:
    expose:
      bundle: true
      model: false
    exposed_endpoints:
      "":
        bundle:
          expose_to_cidrs:
          - 0.0.0.0/0
          - ::/0
        model: null
`],
  ['bases print with their risk, as Juju prints them', {
    desired: { 'default-base': 'ubuntu@22.04', applications: { web: { charm: 'nginx', num_units: 1 } } },
    live: liveModel({ applications: { web: liveApp('web', 'nginx', { base: 'ubuntu@20.04' }) }, machines: { '0': { id: '0', status: { current: 'started' } } } }),
  }, `applications:
  web:
    base:
      bundle: ubuntu@22.04/stable
      model: ubuntu@20.04/stable
`],
  ['placement of machine units is not compared, as Juju does not', {
    desired: { applications: { web: { charm: 'nginx', num_units: 1, to: ['1'] } }, machines: { '1': {} } },
    live: liveModel({ applications: { web: liveApp('web', 'nginx', { machines: ['0'] }) }, machines: { '0': { id: '0', status: { current: 'started' } }, '1': { id: '1', status: { current: 'started' } } } }),
  }, '{}\n'],
  ['a Kubernetes node selector is compared, as placement', {
    desired: { bundle: 'kubernetes', applications: { web: { charm: 'nginx-k8s', num_units: 2, to: ['node=a'] } } },
    live: liveModel({ type: 'caas', applications: { web: liveApp('web', 'nginx-k8s', { scale: 2, placement: 'node=b' }) } }),
  }, `applications:
  web:
    placement:
      bundle: node=a
      model: node=b
`],
];

describe('diff-bundle shape points', () => {
  it.each(inlineScenarios)('%s', (_name, scenario, expected) => {
    expect(render(scenario)).toBe(expected);
  });
});
