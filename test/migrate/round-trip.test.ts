import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTransfer } from '../../src/backends/transfer.js';
import { loadBundleFiles } from '../../src/bundle/index.js';
import { isSecretOption } from '../../src/model/secrets.js';
import { compareExports } from '../../src/migrate/compare-exports.js';
import { exportBundle, renderExportedBundle } from '../../src/migrate/export-bundle.js';
import { exportModel } from '../../src/migrate/export-model.js';
import { hasErrors } from '../../src/model/diagnostic.js';
import type { LiveModel } from '../../src/model/live.js';
import { buildPlan, isEmptyPlan } from '../../src/plan/index.js';
import { corpusBundles as corpus } from '../helpers/corpus.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';

const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.yaml')).sort();
const jujuApplicationName = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;
const importable: { file: string; loaded: Awaited<ReturnType<typeof loadBundleFiles>> }[] = [];
for (const file of files) {
  const loaded = await loadBundleFiles([path.join(corpus, file)], { root: corpus });
  if (!hasErrors(loaded.diagnostics) && Object.keys(loaded.bundle.applications).every((n) => jujuApplicationName.test(n))) importable.push({ file, loaded });
}

const exportOf = (live: LiveModel, reveal = true) =>
  exportModel(live, { exportedAt: '2026-01-01T00:00:00.000Z', kind: 'local', isSecret: (_a, o) => isSecretOption(o), revealSecrets: reveal });

describe('exporting every real bundle of the corpus once deployed', () => {
  let source: TestController;
  let target: TestController;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-export-'));
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestController(), startTestController()]);
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('has real bundles to export', () => {
    expect(importable.length).toBeGreaterThan(20);
  });

  it.each(importable.map((v, i) => [v.file, v.loaded, i] as const))('%s: deploy → export → import → export is identical, and its bundle export diffs as no changes', async (file, loaded, index) => {
    const { bundle } = loaded;
    const model = `corpus-${index}`;
    await source.backend.addModel(model, { type: bundle.bundle === 'kubernetes' ? 'caas' : 'iaas' });
    const plan = buildPlan({ capabilities: embeddedControllerCapabilities, desired: bundle, live: await source.backend.readModel(model), model, controller: 'local', prune: false, now: new Date(0) });
    for (const change of plan.changes) await source.backend.applyChange(model, change);
    const live = await source.backend.readModel(model);
    const first = exportOf(live);

    if (!canTransfer(target.backend)) throw new Error('the local backend must support import');
    await target.backend.importModel(first);
    const second = exportOf(await target.backend.readModel(model));
    expect(compareExports(first, second)).toEqual([]);

    if (!Object.keys(live.applications).length) return;
    const bundleFile = path.join(scratch, `${model}.yaml`);
    // Without --reveal secret values stay out of the file (and a diff would then unset them).
    const masked = exportBundle(exportOf(live, false)).base as { applications: Record<string, { options?: Record<string, unknown> }> };
    for (const [name, app] of Object.entries(live.applications)) {
      for (const [key, o] of Object.entries(app.options)) {
        if (o.source === 'user' && isSecretOption(key) && o.value) expect(masked.applications[name].options ?? {}, `${name}.${key}`).not.toHaveProperty(key);
      }
    }
    fs.writeFileSync(bundleFile, renderExportedBundle(exportBundle(exportOf(live))));
    const reread = await loadBundleFiles([bundleFile], { root: scratch });
    expect(reread.diagnostics.filter((d) => d.severity === 'error'), `${file} exported as a bundle must validate`).toEqual([]);
    const again = buildPlan({ capabilities: embeddedControllerCapabilities, desired: reread.bundle, live, model, controller: 'local', prune: true, now: new Date(0) });
    expect(again.changes.concat(again.removals).map((c) => JSON.stringify(c))).toEqual([]);
    expect(isEmptyPlan(again)).toBe(true);
  });
});
