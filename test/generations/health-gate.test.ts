import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { LiveModel } from '../../src/model/live.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

/**
 * Generation moves go through the rolling executor: real appserver processes move in the
 * order of `targets`, each must come back healthy, and the first that does not stops the
 * rollout with every later target untouched.
 */
const appserver = join(dirname(fileURLToPath(import.meta.url)), '../../examples/charms/appserver');

let tc: TestController;
let dir: string;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = captureContext({ cwd: dir, env: tc.env });
  const code = await runCli(args, ctx);
  return { code, out: ctx.stdout(), err: ctx.stderr() };
}

beforeAll(async () => {
  tc = await startTestController();
  dir = mkdtempSync(join(tmpdir(), 'juju-gitops-generation-gate-'));
  cpSync(appserver, join(dir, 'charms/appserver'), { recursive: true });
  mkdirSync(join(dir, 'bundles'));
  writeFileSync(join(dir, 'juju-gitops.yaml'), 'models:\n  shop:\n    bundle: bundles/shop.yaml\n    rollout:\n      healthTimeout: 15s\n');
  writeFileSync(join(dir, 'bundles/shop.yaml'), 'applications:\n  appserver:\n    charm: ../charms/appserver\n    num_units: 3\n    options:\n      build_label: v1\n');
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.name', 'Test Operator');
  await git.addConfig('user.email', 'operator@example.com');
  await git.add('.');
  await git.commit('shop');
  expect((await run('apply')).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await tc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
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
