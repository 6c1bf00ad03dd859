import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundleFiles } from '../../src/bundle/index.js';
import type { Bundle } from '../../src/model/bundle.js';
import { hasErrors } from '../../src/model/diagnostic.js';
import { buildPlan, diffModel } from '../../src/plan/index.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

/**
 * Every valid bundle of the corpus, deployed into the embedded controller by applying its own
 * plan, then compared with the model it produced: there must be nothing left to do.
 */
import { corpusBundles as corpus } from '../helpers/corpus.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';
const now = new Date('2024-05-01T12:00:00Z');

const loaded = await Promise.all(
  readdirSync(corpus).filter((f) => f.endsWith('.yaml')).sort().map(async (file) => ({ file, result: await loadBundleFiles([join(corpus, file)], { root: corpus }) })),
);
// A bundle naming an application Juju refuses (the loader only warns, as Juju's reader does)
// can be read but not deployed, so it cannot take part.
const deployable = ({ result }: (typeof loaded)[number]) =>
  !hasErrors(result.diagnostics) && !result.diagnostics.some((d) => d.code === 'invalid-application-name');
const valid = loaded.filter(deployable).map(({ file, result }, i) => [file, i, result.bundle] as const);

let tc: TestController;
beforeAll(async () => {
  tc = await startTestController();
});
afterAll(async () => {
  await tc?.stop();
});

async function deploy(model: string, bundle: Bundle): Promise<void> {
  await tc.backend.addModel(model, { type: bundle.bundle === 'kubernetes' ? 'caas' : 'iaas' });
  const plan = buildPlan({ capabilities: embeddedControllerCapabilities, desired: bundle, live: await tc.backend.readModel(model), model, controller: 'local', prune: false, now });
  for (const change of plan.changes) await tc.backend.applyChange(model, change);
}

const charms = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/charms');

function localBundle(edit: (b: Bundle) => void = () => {}): Bundle {
  const bundle: Bundle = {
    applications: {
      appserver: { charm: join(charms, 'appserver'), num_units: 1, options: { build_label: 'v1' } },
      haproxy: { charm: join(charms, 'haproxy'), num_units: 1, options: { port: 0 } },
    },
    relations: [['haproxy', 'appserver']],
  };
  edit(bundle);
  return bundle;
}

describe('no phantom differences', () => {
  it.each([
    ['as deployed', () => {}],
    ['with every default spelt out', (b: Bundle) => void (b.applications.appserver.options = { build_label: 'v1', port: 0, startup_delay_ms: 0 })],
    ['leaving defaults out', (b: Bundle) => void (b.applications.appserver.options = {})],
    ['naming the charm as the model does', (b: Bundle) => void (b.applications.appserver.charm = 'local:appserver')],
    ['with explicit endpoints, the other way round', (b: Bundle) => void (b.relations = [['appserver:http', 'haproxy:backend']])],
  ])('local charms: the deployed bundle %s diffs clean', async (_name, edit) => {
    const model = 'local-charms';
    if (!(await tc.backend.listModels()).some((m) => m.name === model)) await deploy(model, localBundle());
    expect(diffModel(localBundle(edit), await tc.backend.readModel(model))).toEqual({});
  });


  it('finds valid bundles in the corpus', () => expect(valid.length).toBeGreaterThan(20));

  it.each(valid)('%s: deployed from its plan, it diffs clean', async (_file, i, bundle) => {
    const model = `corpus-${i}`;
    await deploy(model, bundle);
    const live = await tc.backend.readModel(model);
    expect(diffModel(bundle, live)).toEqual({});
    expect(buildPlan({ capabilities: embeddedControllerCapabilities, desired: bundle, live, model, controller: 'local', prune: true, now })).toMatchObject({ changes: [], removals: [] });
  });
});

/** A small model with one of everything, deployed afresh for each single change. */
function baseBundle(): Bundle {
  return {
    'default-base': 'ubuntu@22.04',
    machines: { '0': {} },
    applications: {
      db: { charm: 'ch:mysql', channel: '8.0/stable', revision: 10, num_units: 1, to: ['0'], constraints: 'mem=4G', options: { 'max-connections': 100 } },
      web: { charm: 'wordpress', channel: 'stable', num_units: 2, expose: true, annotations: { team: 'blue' }, options: { tuning: 'single' } },
    },
    saas: { ext: { url: 'admin/other.ext' } },
    relations: [['web:db', 'db:db'], ['web:logs', 'ext:logs']],
  };
}

type Kind = [string, (b: Bundle) => void, string[], { prune?: boolean; removals?: string[] }?];

const kinds: Kind[] = [
  ['an option', (b) => void (b.applications.web.options!.tuning = 'optimized'), ['config-web restart']],
  ['a channel', (b) => void (b.applications.db.channel = '8.0/edge'), ['refresh-db restart']],
  ['a revision', (b) => void (b.applications.db.revision = 11), ['refresh-db restart']],
  ['scale-out with new config', (b) => {
    b.applications.web.num_units = 3;
    b.applications.web.options!.tuning = 'optimized';
  }, ['config-web restart', 'scale-web in-place']],
  ['scale-down', (b) => void (b.applications.web.num_units = 1), ['scale-web destructive']],
  ['exposure', (b) => void (b.applications.web.expose = false), ['expose-web in-place']],
  ['constraints', (b) => void (b.applications.db.constraints = 'mem=8G'), ['update-db-constraints in-place']],
  ['annotations', (b) => void (b.applications.web.annotations = { team: 'red' }), ['update-web-annotations in-place']],
  ['trust', (b) => void (b.applications.db.trust = true), ['update-db-trust in-place']],
  ['a new application and its relation', (b) => {
    b.applications.cache = { charm: 'memcached', num_units: 1 };
    b.relations!.push(['web:cache', 'cache:cache']);
  }, ['deploy-cache in-place', 'relate-cache:cache-web:cache in-place']],
  ['a new machine and what it hosts', (b) => {
    // Bundle machine ids are model machine ids (as diff-bundle without --map-machines); the web
    // units already took 1 and 2.
    b.machines!['5'] = { constraints: 'cores=4' };
    b.applications.batch = { charm: 'batch', num_units: 1, to: ['5'] };
  }, ['add-machine-5 in-place', 'deploy-batch in-place']],
  ['an offer', (b) => void (b.applications.db.offers = { shared: { endpoints: ['db'], acl: { bob: 'consume' } } }), ['offer-shared in-place', 'grant-shared-bob in-place']],
  ['a consumed offer', (b) => {
    b.saas!.metrics = { url: 'admin/monitoring.metrics' };
    b.relations!.push(['web:metrics', 'metrics:metrics']);
  }, ['consume-metrics in-place', 'relate-metrics:metrics-web:metrics in-place']],
  ['a relation, pruned', (b) => void b.relations!.pop(), [], { prune: true, removals: ['unrelate-ext:logs-web:logs destructive'] }],
  ['an application, pruned', (b) => {
    delete b.applications.web;
    b.relations = [];
  }, [], {
    prune: true,
    removals: ['unrelate-db:db-web:db', 'unrelate-ext:logs-web:logs', 'remove-application-web', 'remove-machine-1', 'remove-machine-2'].map((id) => `${id} destructive`),
  }],
  ['an application, without prune', (b) => {
    delete b.applications.web;
    b.relations = [];
  }, []],
];

describe('one change of each kind', () => {
  it.each(kinds)('%s is planned exactly, in order, and applying it leaves nothing to do', async (name, change, expected, opts = {}) => {
    const model = `kind-${kinds.findIndex((k) => k[0] === name)}`;
    await deploy(model, baseBundle());
    const desired = baseBundle();
    change(desired);
    const plan = buildPlan({ capabilities: embeddedControllerCapabilities, desired, live: await tc.backend.readModel(model), model, controller: 'local', prune: opts.prune ?? false, now });
    const summary = (list: typeof plan.changes) => list.map((c) => `${c.id} ${c.classification}`);
    expect(summary(plan.changes)).toEqual(expected);
    expect(summary(plan.removals)).toEqual(opts.removals ?? []);
    for (const c of [...plan.changes, ...plan.removals]) await tc.backend.applyChange(model, c);
    const after = buildPlan({ capabilities: embeddedControllerCapabilities, desired, live: await tc.backend.readModel(model), model, controller: 'local', prune: opts.prune ?? false, now });
    expect([...after.changes, ...after.removals]).toEqual([]);
  });
});
