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

const scenarios: [string, Bundle, LiveModel][] = [
  ['juju__diff-bundle__overlays.yaml', {
    applications: {
      prometheus: { charm: 'prometheus', num_units: 1, to: ['0'], options: { 'admin-user': 'lovecraft', ontology: 'anselm' }, constraints: 'cores=4', annotations: { aspect: 'north' } },
      telegraf: { charm: 'telegraf' },
    },
    machines: { '0': {} },
    relations: [['telegraf:info', 'prometheus:juju-info']],
  }, prometheusModel()],
  ['juju__diff-bundle__annotations.yaml', {
    applications: { prometheus: { charm: 'ch:prometheus', num_units: 1, options: { ontology: 'anselm' }, constraints: 'cores=4', annotations: { aspect: 'west' } } },
    machines: { '0': {} },
  }, prometheusModel()],
  ['juju__diff-bundle__exposed-endpoints.yaml', {
    applications: {
      prometheus: { charm: 'prometheus', num_units: 1, 'exposed-endpoints': { '': { 'expose-to-cidrs': ['0.0.0.0/0'] }, website: { 'expose-to-cidrs': ['40.0.0.0/24'] } } },
    },
  }, liveModel({
    applications: {
      prometheus: liveApp('prometheus', 'prometheus', { expose: true, exposedEndpoints: { website: { 'expose-to-spaces': ['alpha'], 'expose-to-cidrs': ['10.0.0.0/24'] } } }),
    },
    machines: { '0': { id: '0', status: { current: 'started' } } },
  })],
  ['juju__diff-bundle__empty.yaml', { applications: { prometheus: { charm: 'prometheus', channel: 'stable', num_units: 1 } } },
    liveModel({ applications: { prometheus: liveApp('prometheus', 'prometheus', { channel: 'latest/stable' }) }, machines: { '0': { id: '0', status: { current: 'started' } } } })],
];

describe('diff output in the shape of juju diff-bundle', () => {
  it.each(scenarios)('matches %s', (file, desired, live) => {
    const plan = buildPlan({ desired, live, model: 'm', controller: 'c', prune: false, now: new Date(0) });
    expect(renderPlan(plan, { format: 'yaml' })).toBe(readFileSync(`${corpus}/${file}`, 'utf8').replace(/\n*$/, '\n'));
  });
});
