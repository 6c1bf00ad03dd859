import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/index.js';
import { capabilitiesWith, liveApp, webBundle, webLive } from './fixtures.js';
import { defaultRolloutPolicy } from '../../src/model/config.js';
import type { UnitStaging } from '../../src/model/capabilities.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'));
const validate = addFormats(new Ajv2020({ allErrors: true })).compile(schema);

describe('schemas/plan.schema.json', () => {
  it('accepts a saved plan with every kind of change', () => {
    const desired = webBundle();
    Object.assign(desired.applications.appserver, { num_units: 5, constraints: 'mem=1G', options: { build_label: 'v3' }, offers: { web: { endpoints: ['website'], acl: { bob: 'read' } } } });
    desired.applications.haproxy.expose = false;
    desired.applications.db = { charm: 'mysql', num_units: 1, to: ['9'] };
    desired.machines = { '9': {} };
    desired.saas = { remote: { url: 'admin/other.db' } };
    desired.relations = [['appserver:db', 'db:db']];
    const live = webLive();
    live.applications.old = liveApp('old', 'legacy', { channel: 'latest/stable' });
    const plan = JSON.parse(JSON.stringify(buildPlan({ capabilities: embeddedControllerCapabilities, desired, live, model: 'web', controller: 'local', prune: true, sourceCommit: 'abc', now: new Date(0) })));
    expect(new Set([...plan.changes, ...plan.removals].map((c: { kind: string }) => c.kind)).size).toBeGreaterThanOrEqual(11);
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each<[string, UnitStaging]>([
    ['charm actions', { kind: 'action', preset: 'data-platform-refresh', actions: [{ name: 'resume-refresh', onNextUnit: true }] }],
    ['nothing (all at once, with a policy note)', { kind: 'none' }],
  ])('accepts a plan whose restart changes are staged by %s', (_case, staging) => {
    const desired = webBundle();
    desired.applications.appserver.options = { build_label: 'v9' };
    const plan = JSON.parse(JSON.stringify(buildPlan({
      capabilities: capabilitiesWith(staging), rollout: { rollout: { ...defaultRolloutPolicy, batch: 2 }, applications: {} },
      desired, live: webLive(), model: 'web', controller: 'prod', prune: false, now: new Date(0),
    })));
    expect(plan.changes[0].staging).toEqual(staging);
    expect(Boolean(plan.notes)).toBe(staging.kind === 'none');
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a plan whose change lacks its fields', () => {
    const plan = JSON.parse(JSON.stringify(buildPlan({ capabilities: embeddedControllerCapabilities, desired: webBundle(), live: webLive(), model: 'web', controller: 'local', prune: false, now: new Date(0) })));
    plan.changes.push({ id: 'x', kind: 'config', classification: 'restart', description: 'x', requires: [] });
    expect(validate(plan)).toBe(false);
  });
});
