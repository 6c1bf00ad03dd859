import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundleFiles } from '../../src/bundle/index.js';
import { hasErrors } from '../../src/model/diagnostic.js';
import { buildPlan } from '../../src/plan/index.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

import { corpusBundles as corpus } from '../helpers/corpus.js';
const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.yaml')).sort();
// Only bundles that load without errors on their own; overlays that patch a base elsewhere do not.
const valid: { file: string; loaded: Awaited<ReturnType<typeof loadBundleFiles>> }[] = [];
for (const file of files) {
  const loaded = await loadBundleFiles([path.join(corpus, file)], { root: corpus });
  if (!hasErrors(loaded.diagnostics)) valid.push({ file, loaded });
}

const pairOf = (a: string, b: string) => [a, b].sort().join(' ~ ');
// Juju's names.IsValidApplication: every hyphenated part needs a letter (`app-1-name` is refused).
const jujuApplicationName = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;
const importable = valid.filter((v) => Object.keys(v.loaded.bundle.applications).every((n) => jujuApplicationName.test(n)));
const badNames = valid.filter((v) => !importable.includes(v));

describe('importing the real bundles of the corpus as models', () => {
  let tc: TestController;
  beforeAll(async () => (tc = await startTestController()));
  afterAll(async () => tc?.stop());

  it('finds valid bundles to import', () => {
    expect(valid.length).toBeGreaterThan(20);
  });

  it.each(badNames.map((v, i) => [v.file, v.loaded, i] as const))('refuses %s, whose application names Juju refuses too', async (_file, loaded, index) => {
    const model = `bad-names-${index}`;
    await tc.backend.addModel(model);
    const plan = buildPlan({ capabilities: tc.backend.capabilities, desired: loaded.bundle, live: await tc.backend.readModel(model), model, controller: 'local', prune: false, now: new Date(0) });
    const deploy = plan.changes.find((c) => c.kind === 'deploy' && !jujuApplicationName.test(c.application))!;
    await expect(tc.backend.applyChange(model, deploy)).rejects.toMatchObject({ code: 'application-name-invalid' });
    expect((await tc.backend.readModel(model)).applications).toEqual({});
  });

  it.each(importable.map((v, i) => [v.file, v.loaded, i] as const))('imports %s with the same applications, units and relations', async (_file, loaded, index) => {
    const { bundle } = loaded;
    const model = `bundle-${index}`;
    await tc.backend.addModel(model, { type: bundle.bundle === 'kubernetes' ? 'caas' : 'iaas' });
    const plan = buildPlan({ capabilities: tc.backend.capabilities, desired: bundle, live: await tc.backend.readModel(model), model, controller: 'local', prune: false, now: new Date(0) });
    for (const change of plan.changes) await tc.backend.applyChange(model, change);

    const live = await tc.backend.readModel(model);
    expect(Object.keys(live.applications).sort()).toEqual(Object.keys(bundle.applications).sort());
    for (const [name, spec] of Object.entries(bundle.applications)) {
      expect([name, Object.keys(live.applications[name].units).length]).toEqual([name, spec.num_units ?? 0]);
    }
    expect(Object.keys(live.saas).sort()).toEqual(Object.keys(bundle.saas ?? {}).sort());
    const relations = bundle.relations ?? [];
    expect(live.relations.map((r) => pairOf(r.endpoints[0].application, r.endpoints[1].application)).sort()).toEqual(
      relations.map(([a, b]) => pairOf(a.split(':')[0], b.split(':')[0])).sort(),
    );
    const liveEndpoints = new Set(live.relations.flatMap((r) => r.endpoints.map((e) => `${e.application}:${e.endpoint}`)));
    for (const endpoint of relations.flat().filter((e) => e.includes(':'))) expect(liveEndpoints).toContain(endpoint);
  });
});
