import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/model/bundle.js';
import type { LiveModel } from '../../src/model/live.js';
import { buildPlan, renderPlan, renderPlans, type PlanFormat } from '../../src/plan/index.js';
import { capabilitiesWith, liveApp, webBundle, webLive } from './fixtures.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';
import { defaultRolloutPolicy } from '../../src/model/config.js';

/** Rendered plans compared with files in golden/ (vitest file snapshots: `vitest -u` rewrites them, CI fails on a missing one). */
const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const now = new Date('2024-05-01T12:00:00Z');
const certificate = `-----BEGIN CERTIFICATE-----\n${'MIIBszCCAVmgAwIBAgIUVGhpcyBpcyBub3QgYSByZWFsIGNlcnQ=\n'.repeat(3)}-----END CERTIFICATE-----`;

function rollout(): Bundle {
  const bundle = webBundle();
  const appserver = bundle.applications.appserver;
  appserver.num_units = 6;
  appserver.options = { build_label: 'v2', 'admin-password': 'correct-horse', port: 9090, tls_cert: certificate };
  appserver.constraints = 'mem=2G';
  bundle.applications.haproxy['exposed-endpoints'] = { frontend: { 'expose-to-cidrs': ['10.0.0.0/8'] } };
  delete bundle.applications.haproxy.expose;
  bundle.applications.cache = { charm: 'memcached', channel: 'stable', num_units: 1, options: { 'auth-token': 's3cr3t', size: 64 } };
  bundle.relations!.push(['cache', 'appserver:cache']);
  return bundle;
}

function pruneLive(): LiveModel {
  const live = webLive();
  live.applications.old = liveApp('old', 'legacy', { scale: 2, machines: ['5', '6'] });
  live.machines['5'] = { id: '5', status: { current: 'started' } };
  live.machines['6'] = { id: '6', status: { current: 'started' } };
  live.relations.push({ id: 3, endpoints: [{ application: 'old', endpoint: 'db' }, { application: 'appserver', endpoint: 'db' }] });
  live.offers.web = { name: 'web', application: 'appserver', url: 'admin/web.web', endpoints: ['website'], acl: { admin: 'admin', bob: 'consume' }, connections: [] };
  live.saas.legacydb = { name: 'legacydb', url: 'admin/db.legacy' };
  return live;
}

function pruneBundle(): Bundle {
  const bundle = webBundle();
  bundle.applications.appserver.num_units = 3;
  bundle.applications.appserver.offers = { web: { endpoints: ['website'], acl: { alice: 'read' } } };
  bundle.saas = { db: { url: 'db.mysql' } };
  return bundle;
}

/** appserver/1 left on another build by an interrupted run (its secret too), appserver/3's workload dead. */
function driftLive(): LiveModel {
  const live = webLive();
  const units = live.applications.appserver.units;
  units['appserver/1'].applied.options = { build_label: 'v0', 'admin-password': 'old-horse' };
  units['appserver/3'].workload = { current: 'error', message: 'workload exited with code 1: Error: listen EADDRINUSE: address already in use 127.0.0.1:8080', since: '2024-05-01T11:58:00Z' };
  return live;
}

/** The same drift while v2 rolls out: appserver/0 already runs v2 (on its way, not drift). */
function driftMidRollout(): { desired: Bundle; live: LiveModel } {
  const desired = webBundle();
  desired.applications.appserver.options = { build_label: 'v2', 'admin-password': 'hunter2' };
  const live = driftLive();
  live.applications.appserver.units['appserver/0'].applied.options = { build_label: 'v2', 'admin-password': 'hunter2' };
  return { desired, live };
}

const scenarios = {
  'no-changes': () => buildPlan({ capabilities: embeddedControllerCapabilities, desired: webBundle(), live: webLive(), model: 'web', controller: 'local', prune: false, now }),
  rollout: () => buildPlan({ capabilities: embeddedControllerCapabilities, desired: rollout(), live: webLive(), model: 'web', controller: 'local', prune: false, sourceCommit: '3f2a9c1d0b7e', now }),
  prune: () => buildPlan({ capabilities: embeddedControllerCapabilities, desired: pruneBundle(), live: pruneLive(), model: 'web', controller: 'local', prune: true, now }),
  'prune-off': () => buildPlan({ capabilities: embeddedControllerCapabilities, desired: pruneBundle(), live: pruneLive(), model: 'web', controller: 'local', prune: false, now }),
  'unit-drift': () => buildPlan({ capabilities: embeddedControllerCapabilities, desired: webBundle(), live: driftLive(), model: 'web', controller: 'local', prune: false, now }),
  'unit-drift-mid-rollout': () => buildPlan({ capabilities: embeddedControllerCapabilities, ...driftMidRollout(), model: 'web', controller: 'local', prune: false, now }),
};

/** The rollout on a controller that cannot move appserver's units itself: charm actions do it, or nothing does. */
const staged = {
  'rollout-actions': () => buildPlan({
    capabilities: capabilitiesWith({ kind: 'none' }, { appserver: { kind: 'action', preset: 'openstack-upgrade', actions: [{ name: 'pause' }, { name: 'openstack-upgrade' }, { name: 'resume' }] } }),
    rollout: { rollout: { ...defaultRolloutPolicy, batch: 2, canary: 1 }, applications: {} },
    desired: rollout(), live: webLive(), model: 'web', controller: 'prod', prune: false, sourceCommit: '3f2a9c1d0b7e', now,
  }),
  'rollout-all-at-once': () => buildPlan({
    capabilities: capabilitiesWith({ kind: 'none' }),
    rollout: { rollout: defaultRolloutPolicy, applications: { appserver: { batch: 2, canary: 1 } } },
    desired: rollout(), live: webLive(), model: 'web', controller: 'prod', prune: false, sourceCommit: '3f2a9c1d0b7e', now,
  }),
};

const extension: Record<PlanFormat, string> = { text: 'txt', yaml: 'yaml', json: 'json', markdown: 'md' };

function expectGolden(name: string, actual: string): Promise<void> {
  return expect(actual).toMatchFileSnapshot(join(goldenDir, name));
}

const cases = Object.keys(scenarios).flatMap((scenario) => (Object.keys(extension) as PlanFormat[]).map((format) => [scenario, format] as const));

describe('rendered plans', () => {
  it.each(cases)('%s as %s matches its golden file', async (scenario, format) => {
    const plan = scenarios[scenario as keyof typeof scenarios]();
    await expectGolden(`${scenario}.${extension[format]}`, renderPlan(plan, { format, color: false, secrets: ['size'] }));
  });

  it.each(Object.keys(staged).flatMap((scenario) => (['text', 'json', 'markdown'] as const).map((format) => [scenario, format] as const)))('%s as %s matches its golden file', async (scenario, format) => {
    const plan = staged[scenario as keyof typeof staged]();
    await expectGolden(`${scenario}.${extension[format]}`, renderPlan(plan, { format, color: false, secrets: ['size'] }));
  });

  it('renders several models together', async () => {
    await expectGolden('two-models.md', renderPlans([scenarios.rollout(), scenarios.prune()], { format: 'markdown' }));
  });

  it('colours the text view only when asked', () => {
    const plan = scenarios.rollout();
    expect(renderPlan(plan, { format: 'text', color: true })).toContain('\u001b[');
    expect(renderPlan(plan, { format: 'text', color: false })).not.toContain('\u001b[');
  });
});

describe('secret options', () => {
  const secrets = ['hunter2', 'correct-horse', 's3cr3t', '"size": 64', 'size: 64'];
  it.each(Object.keys(extension) as PlanFormat[])('never appear in %s, yet show as changed', (format) => {
    const out = renderPlan(scenarios.rollout(), { format, secrets: ['size'] });
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(out).toContain('admin-password');
    if (format !== 'yaml') expect(out).toContain('auth-token');
    expect(out).toContain('(masked)');
  });
});
