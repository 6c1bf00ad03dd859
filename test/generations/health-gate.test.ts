import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveModel } from '../../src/model/live.js';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

/**
 * Generation moves go through the rolling executor: real appserver processes move in the
 * order of `targets`, each must come back healthy, and the first that does not stops the
 * rollout with every later target untouched.
 */
const appserver = join(dirname(fileURLToPath(import.meta.url)), '../../examples/charms/appserver');

let tc: TestController;
let repo: TempRepo | undefined;

const run = (...args: string[]) => runCliCaptured(args, { cwd: repo!.dir, env: tc.env });

beforeAll(async () => {
  tc = await startTestController();
  repo = await createTempRepo({
    prefix: 'juju-gitops-generation-gate-',
    copy: { 'charms/appserver': appserver },
    files: {
      'juju-gitops.yaml': 'models:\n  shop:\n    bundle: bundles/shop.yaml\n    rollout:\n      healthTimeout: 15s\n',
      'bundles/shop.yaml': 'applications:\n  appserver:\n    charm: ../charms/appserver\n    num_units: 3\n    options:\n      build_label: v1\n',
    },
    commitMessage: 'shop',
  });
  expect((await run('apply')).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await tc?.stop();
  repo?.cleanup();
});

function labels(model: LiveModel): Record<string, [unknown, string | null, string]> {
  const units = model.applications.appserver.units;
  return Object.fromEntries(Object.values(units).map((u) => [u.name, [u.applied.options.build_label, u.generation, u.workload.current]]));
}

function movedInOrder(ndjson: string): string[] {
  return ndjson
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; phase?: string; unit?: string })
    .filter((e) => e.type === 'unit' && e.phase === 'applying')
    .map((e) => e.unit!);
}

describe('generation moves are health-gated', () => {
  it('stops at the first target that fails, then moves the targets in order once the change is fixed', async () => {
    expect((await run('generation', 'add', '--name', 'canary')).code).toBe(0);
    expect((await run('config', 'appserver', 'build_label=v2-bad')).code).toBe(0);
    expect((await run('generation', 'set', 'appserver/2', 'appserver/0')).code).toBe(0);

    const failed = await run('apply', '--events', 'ndjson');
    expect(failed.code).toBe(1);
    expect(movedInOrder(failed.out)).toEqual(['appserver/2']);
    expect(failed.err).toMatch(/appserver\/2 failed/);
    let model = await tc.backend.readModel('shop');
    expect(labels(model)['appserver/0']).toEqual(['v1', null, 'active']);
    expect(labels(model)['appserver/1']).toEqual(['v1', null, 'active']);

    expect((await run('config', 'appserver', 'build_label=v2')).code).toBe(0);
    const fixed = await run('apply', '--events', 'ndjson');
    expect(fixed.code).toBe(0);
    expect(movedInOrder(fixed.out)).toEqual(['appserver/2', 'appserver/0']);
    model = await tc.backend.readModel('shop');
    expect(labels(model)).toEqual({
      'appserver/0': ['v2', 'canary', 'active'],
      'appserver/1': ['v1', null, 'active'],
      'appserver/2': ['v2', 'canary', 'active'],
    });
  }, 90_000);
});
