import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { bundleText, makeRepoFixture, type RepoFixture } from './fixture.js';

let tc: TestController;
beforeAll(async () => {
  tc = await startTestController();
});
afterAll(async () => {
  await tc.stop();
});

/** Waits until the state `check` looks at is reached (polled: these states have no event of their own). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  await expect.poll(check, { timeout: timeoutMs, interval: 50, message: `timed out waiting for ${what}` }).toBe(true);
}

function startWatch(f: RepoFixture, args: string[]) {
  const cli = startCli(['watch', ...args], { cwd: f.dir, env: { ...f.tc.env, JUJU_GITOPS_LEASE_TTL: '2s' } });
  return { ...cli, running: cli.done.then((r) => ({ code: r.code, stdout: r.out, stderr: r.err })) };
}

/** Counts the watch's reads of one model on the controller: each drift check reads it once. */
function countReads(model: string): { count: () => number; restore: () => void } {
  const backend = tc.backend;
  const original = backend.readModel;
  let reads = 0;
  backend.readModel = (name) => {
    if (name === model) reads += 1;
    return original.call(backend, name);
  };
  return { count: () => reads, restore: () => void (backend.readModel = original) };
}

describe('watch', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc });
  });
  afterAll(() => f?.cleanup());

  it('reconciles on a commit, reports a bad commit and keeps going, and stops cleanly', async () => {
    const watch = startWatch(f, ['--interval', '200ms']);
    const labels = async () => Object.values(await f.applied('app', 'label').catch(() => ({})));
    await until('the first reconcile', async () => (await labels()).length === 4);

    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    await until('units at v2', async () => (await labels()).every((l) => l === 'v2'));

    await f.commit({ [f.bundle]: 'applications:\n  app: [unterminated\n' }, 'broken bundle');
    await watch.printed(/reconcile failed; still watching/);
    await f.commit({ [f.bundle]: bundleText({ label: 'v3' }) }, 'label v3');
    await until('units at v3', async () => (await labels()).every((l) => l === 'v3'));

    watch.stop();
    const { code, stdout } = await watch.running;
    expect(code).toBe(0);
    // Reported once, though drift checks kept finding the same broken bundle until the fix.
    expect(stdout.match(/reconcile failed; still watching/g)).toHaveLength(1);
    expect(stdout).toMatch(/error\[bundle-invalid\]|error\[[a-z-]+\]/);
    expect(stdout).toContain('stopped watching');
  });
});

describe('drift', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, applied: true });
  });
  afterAll(() => f?.cleanup());

  const drift = () =>
    tc.backend.applyChange(f.model, {
      id: 'config-app', kind: 'config', classification: 'restart', description: 'out-of-band change', requires: [],
      application: 'app', set: { label: 'hand-edited' }, unset: [], from: { label: 'v1' },
    });

  it('is reported, and left alone, without --self-heal', async () => {
    const reads = countReads(f.model);
    try {
      const watch = startWatch(f, ['--interval', '200ms']);
      await watch.printed(/watching .* drift check every 200ms/);
      await expect.poll(reads.count).toBeGreaterThan(0);
      await drift();
      await watch.printed(/drift from the repository/);
      // Two more drift checks find the same drift, and say nothing more about it.
      const seen = reads.count();
      await expect.poll(reads.count, { timeout: 10_000 }).toBeGreaterThanOrEqual(seen + 2);
      watch.stop();
      const { stdout } = await watch.running;
      expect(stdout).toMatch(/model m\d+: drift from the repository: 1 change: .*run with --self-heal/);
      expect(stdout.match(/drift from the repository/g)).toHaveLength(1);
      expect((await f.live()).applications.app.options.label.value).toBe('hand-edited');
    } finally {
      reads.restore();
    }
  });

  it('is corrected with --self-heal', async () => {
    const watch = startWatch(f, ['--interval', '200ms', '--self-heal']);
    await until('the drift healed', async () => (await f.live()).applications.app.options.label.value === 'v1');
    await drift();
    await until('the drift healed again', async () => (await f.live()).applications.app.options.label.value === 'v1');
    watch.stop();
    const { stdout } = await watch.running;
    expect(stdout).toMatch(/drift found \(1 change: .*\); healing/);
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v1', 'v1', 'v1', 'v1']);
  });
});
