import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseRuns } from '../../src/apply/runs.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { bundleText, makeRepoFixture, type RepoFixture } from './fixture.js';

let tc: TestController;
beforeAll(async () => {
  tc = await startTestController();
});
afterAll(async () => {
  await tc.stop();
});

describe('two reconciles of one model', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    // The bake time keeps a first run going for seconds, longer than a second run takes to reach
    // the lease on a busy machine (it reads the repository, the model and git first).
    f = await makeRepoFixture({ tc, rollout: '      batch: 1\n      pause: 1s', applied: true });
  });
  afterAll(() => f?.cleanup());

  it('never act at once: one rolls, the other exits naming the holder', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    const runsBefore = summariseRuns(await f.journal()).length;
    const [a, b] = await Promise.all([f.cli(['apply']), f.cli(['apply'])]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 3]);
    const loser = a.code === 3 ? a : b;
    expect(loser.stderr).toMatch(/error\[lease-held\]: model m\d+ is being reconciled by apply on host \S+, pid \d+, commit [0-9a-f]{12}, since \d{4}-/);
    expect(loser.stderr).toContain('--wait');
    const runs = summariseRuns(await f.journal()).slice(runsBefore);
    expect(runs).toHaveLength(1);
    expect(runs[0].unitsDone.sort()).toEqual(['app/0', 'app/1', 'app/2', 'app/3']);
  });

  it('lets the second wait for the first with --wait, then finds nothing left to do', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v3' }) }, 'label v3');
    const runsBefore = summariseRuns(await f.journal()).length;
    const first = f.cli(['apply']);
    // The first run holds the lease once its start is journalled.
    await expect.poll(async () => summariseRuns(await f.journal()).length, { interval: 10, timeout: 20_000 }).toBe(runsBefore + 1);
    const second = await f.cli(['apply', '--wait', '20s']);
    expect((await first).code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/waiting for the lease on model m\d+, held by apply on host/);
    expect(second.stdout).toContain('nothing to do');
  });
});

describe('deploy while another run holds the lease', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, applied: true });
  });
  afterAll(() => f?.cleanup());

  it('exits naming the holder, and with --wait deploys once the lease is free', async () => {
    const holder = { host: 'another-host', pid: 4242, since: new Date().toISOString(), purpose: 'apply' };
    expect(await tc.runs.acquireLease(f.model, holder, 1_500)).toMatchObject({ acquired: true });
    // The repository manages the model: a deploy into it must say it means it (--adopt).
    const refused = await f.cli(['deploy', f.bundle, '--model', f.model, '--adopt']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('is being reconciled by apply on host another-host, pid 4242');
    const waited = await f.cli(['deploy', f.bundle, '--model', f.model, '--wait', '20s', '--adopt']);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/waiting for the lease on model m\d+, held by apply on host another-host/);
  });

  it('takes over at once a lease whose holder on this host is gone, saying so', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const holder = { host: hostname(), pid: dead, since: new Date().toISOString(), purpose: 'apply' };
    expect(await tc.runs.acquireLease(f.model, holder, 60_000)).toMatchObject({ acquired: true });
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    const started = Date.now();
    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(0);
    expect(stdout).toContain(`took over the lease on model ${f.model} from apply on host ${hostname()}, pid ${dead}`);
    expect(stdout).toContain('that process is gone from this host');
    // Not after the 60 s the dead holder's lease had left.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses a lease TTL it cannot read instead of falling back to the default', async () => {
    const { code, err } = await runCliCaptured(['apply'], { cwd: f.dir, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '30 seconds' } });
    expect(code).toBe(2);
    expect(err).toContain('error[usage]: JUJU_GITOPS_LEASE_TTL=30 seconds: not a duration');
  });
});

describe('a canary', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, rollout: '      batch: 1\n      order: ordinal\n      canary: 1', applied: true });
  });
  afterAll(() => f?.cleanup());

  it('moves N units, exits 0 waiting for promotion, and promote moves the rest', async () => {
    expect((await f.cli(['promote'])).stderr).toContain('error[nothing-to-promote]');
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    const canary = await f.cli(['apply']);
    expect(canary.code).toBe(0);
    expect(canary.stdout).toContain('canary in place on app/0; waiting for promotion');
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'v2', 'app/1': 'v1', 'app/2': 'v1', 'app/3': 'v1' });

    const journal = await f.journal();
    expect(journal.some((e) => e.kind === 'note' && e.data?.state === 'waiting for promotion')).toBe(true);
    expect((await f.cli(['history'])).stdout).toContain('waiting for promotion');

    // Applying again keeps waiting; it does not creep forward.
    expect((await f.cli(['apply'])).stdout).toContain('waiting for promotion');
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'v2', 'app/1': 'v1', 'app/2': 'v1', 'app/3': 'v1' });

    const promoted = await f.cli(['promote', '--model', f.model]);
    expect(promoted.code).toBe(0);
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v2', 'v2', 'v2', 'v2']);
    const runs = summariseRuns(await f.journal());
    const last = runs[runs.length - 1];
    expect(last.start.purpose).toBe('promote');
    expect(last.unitsChecked).toEqual(['app/0']);
    expect(last.unitsDone).toEqual(['app/1', 'app/2', 'app/3']);
  });
});

describe('promoting after the repository moved', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, rollout: '      batch: 1\n      order: ordinal\n      canary: 1', applied: true });
  });
  afterAll(() => f?.cleanup());

  it('refuses, naming both commits, and moves nothing the canary did not test', async () => {
    const tested = await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    expect((await f.cli(['apply'])).stdout).toContain('waiting for promotion');
    const moved = await f.commit({ [f.bundle]: bundleText({ label: 'v3' }) }, 'label v3');
    const { code, stderr } = await f.cli(['promote']);
    expect(code).toBe(2);
    expect(stderr).toContain(`error[promote-source-moved]: the canary of model ${f.model} ran ${tested.slice(0, 7)}`);
    expect(stderr).toContain(`the repository now gives ${moved.slice(0, 7)}`);
    expect(stderr).toContain('to start a new canary from HEAD');
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'v2', 'app/1': 'v1', 'app/2': 'v1', 'app/3': 'v1' });
  });
});

describe('a canary with nothing left to change', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, rollout: '      batch: 1\n      order: ordinal\n      canary: 1', applied: true });
  });
  afterAll(() => f?.cleanup());

  it('finishes instead of waiting for a promotion that would move nothing', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    // Every unit already runs v2 (as a run killed before finalising leaves them); the application does not.
    for (const unit of ['app/0', 'app/1', 'app/2', 'app/3']) await tc.backend.applyUnitChange(f.model, unit, { options: { label: 'v2' } });
    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(0);
    expect(stdout).not.toContain('waiting for promotion');
    expect((await f.live()).applications.app.options.label.value).toBe('v2');
    expect((await f.cli(['promote'])).stderr).toContain('error[nothing-to-promote]');
  });
});

/** A deployed model whose policy rolls units in ordinal order, rolls back, and fails `failing`'s check. */
async function rollbackFixture(failing: string): Promise<RepoFixture> {
  const rollout = ['      batch: 1', '      order: ordinal', '      rollback: true', '      healthTimeout: 600ms', '      healthCheck:', '        type: exec', `        command: 'test "$UNIT" != ${failing}'`].join('\n');
  const f = await makeRepoFixture({ tc, rollout: '      batch: 1', applied: true });
  await f.commit({ 'juju-gitops.yaml': f.config(rollout) }, 'policy');
  return f;
}

describe('rollback', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await rollbackFixture('app/1');
  });
  afterAll(() => f?.cleanup());

  it('returns the failed unit to what it ran before and touches nothing after it', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(1);
    expect(stdout).toContain('unit app/1 failed its exec check');
    expect(stdout).toContain('app/1 was rolled back to what it ran before');
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'v2', 'app/1': 'v1', 'app/2': 'v1', 'app/3': 'v1' });
    const runs = summariseRuns(await f.journal());
    expect(runs[runs.length - 1].end?.failure).toMatchObject({ unit: 'app/1', check: 'exec', rolledBack: true });
  });
});

describe('rollback after a killed run', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await rollbackFixture('app/0');
  });
  afterAll(() => f?.cleanup());

  it('returns a unit the killed run had already moved to what the application still runs', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    // As a run killed right after moving app/0 leaves it: at the new label, the application not yet.
    await tc.backend.applyUnitChange(f.model, 'app/0', { options: { label: 'v2' } });
    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(1);
    expect(stdout).toContain('unit app/0 failed its exec check');
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'v1', 'app/1': 'v1', 'app/2': 'v1', 'app/3': 'v1' });
    const runs = summariseRuns(await f.journal());
    expect(runs[runs.length - 1].end?.failure).toMatchObject({ unit: 'app/0', check: 'exec', rolledBack: true });
  });
});
