import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsOwners } from '../../src/backends/ownership.js';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { withoutCredentials } from '../../src/repo/identity.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { bundleText, configText, repoRoot } from './fixture.js';

/** Two repositories, as two `init`s would make them, both declaring model `m` on one controller. */
describe('model ownership', () => {
  let tc: TestController;
  let first: TempRepo;
  let second: TempRepo;
  const charms = path.join(repoRoot, 'test/apply/fixtures/charms');
  const makeRepo = (label: string) =>
    createTempRepo({ prefix: 'juju-gitops-owner-', copy: { charms }, files: { 'juju-gitops.yaml': configText(), 'bundles/m.yaml': bundleText({ units: 2, label }) } });
  const cli = (repo: TempRepo, ...args: string[]) => runCliCaptured(args, { cwd: repo.dir, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '2s' } });
  const labels = async () => Object.values((await tc.backend.readModel('m')).applications.app.units).map((u) => u.applied.options.label);
  const owner = async () => (recordsOwners(tc.backend) ? tc.backend.readOwner('m') : undefined);

  beforeAll(async () => {
    tc = await startTestController();
    first = await makeRepo('first');
    second = await makeRepo('second');
  });
  afterAll(async () => {
    await tc?.stop();
    first?.cleanup();
    second?.cleanup();
  });

  it('is recorded by the first repository to apply the model', async () => {
    const { code, out, err } = await cli(first, 'apply');
    expect(code, out + err).toBe(0);
    expect(await owner()).toEqual({ repository: first.dir, config: 'juju-gitops.yaml' });
    expect(await labels()).toEqual(['first', 'first']);
  });

  it.each([['apply'], ['plan'], ['apply', '--dry-run']])('refuses `%s` from a second repository, naming the owner, and changes nothing', async (...args) => {
    const { code, out, err } = await cli(second, ...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`error[model-owned-elsewhere]: model m on controller local is managed by ${first.dir}, not by this repository; nothing was changed`);
    expect(err).toContain('--adopt');
    expect(await labels()).toEqual(['first', 'first']);
    expect(await owner()).toEqual({ repository: first.dir, config: 'juju-gitops.yaml' });
  });

  it('lets diff show the second repository\'s changes, saying whose model it is', async () => {
    const { code, err } = await cli(second, 'diff');
    expect(code).toBe(0);
    expect(err).toContain(`note: model m on controller local is managed by ${first.dir}, not by this repository`);
  });

  it('refuses a deploy into the managed model unless --adopt', async () => {
    const bundle = path.join(second.dir, 'bundles/m.yaml');
    const refused = await runCliCaptured(['deploy', bundle, '--model', 'm'], { cwd: second.dir, env: tc.env });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`is managed by ${first.dir}, not by a deploy; nothing was changed`);
  });

  it('hands the model over with --adopt, saying so, and then refuses the first repository', async () => {
    const adopted = await cli(second, 'apply', '--adopt');
    expect(adopted.code, adopted.out + adopted.err).toBe(0);
    expect(adopted.out).toContain(`model m was managed by ${first.dir}; adopted: it is now managed by ${second.dir}`);
    expect(await labels()).toEqual(['second', 'second']);
    expect(await owner()).toEqual({ repository: second.dir, config: 'juju-gitops.yaml' });

    const again = await cli(second, 'apply');
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('adopted');

    const back = await cli(first, 'apply');
    expect(back.code).toBe(2);
    expect(back.err).toContain(`is managed by ${second.dir}, not by this repository`);
  });

  it('takes every clone of one remote as the same owner', async () => {
    await simpleGit(first.dir).addRemote('origin', 'https://ci-bot:s3cr3t-token@git.example.com/ops/models.git');
    await simpleGit(second.dir).addRemote('origin', 'https://git.example.com/ops/models.git');
    const adopted = await cli(first, 'apply', '--adopt');
    expect(adopted.code, adopted.out + adopted.err).toBe(0);
    expect(JSON.stringify(await owner())).not.toContain('s3cr3t');
    expect(await owner()).toEqual({ repository: 'https://git.example.com/ops/models.git', config: 'juju-gitops.yaml' });
    // The second folder is another clone of the same remote now: the same owner, not refused.
    const clone = await cli(second, 'apply');
    expect(clone.code, clone.out + clone.err).toBe(0);
    expect(await labels()).toEqual(['second', 'second']);
  });
});

describe('status without --model on a controller with several models', () => {
  let tc: TestController;
  let repo: TempRepo;
  beforeAll(async () => {
    tc = await startTestController();
    repo = await createTempRepo({ prefix: 'juju-gitops-status-', copy: { charms: path.join(repoRoot, 'test/apply/fixtures/charms') }, files: { 'juju-gitops.yaml': configText(), 'bundles/m.yaml': bundleText({ units: 1 }) } });
  });
  afterAll(async () => {
    await tc?.stop();
    repo?.cleanup();
  });

  it("shows the repository's one model, and refuses to guess outside a repository", async () => {
    const run = (cwd: string, ...args: string[]) => runCliCaptured(args, { cwd, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '2s' } });
    expect((await run(repo.dir, 'add-model', 'other')).code).toBe(0);
    expect((await run(repo.dir, 'apply')).code).toBe(0);
    const inRepo = await run(repo.dir, 'status');
    expect(inRepo.code, inRepo.err).toBe(0);
    expect(inRepo.out).toMatch(/^m +local /m);
    const elsewhere = await run(tc.dir, 'status');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.err).toContain('choose a model with --model: m, other');
  });
});

describe('a remote URL recorded as an owner', () => {
  it.each([
    ['https://user:token@github.com/o/r.git', 'https://github.com/o/r.git'],
    ['https://token@github.com/o/r.git', 'https://github.com/o/r.git'],
    ['https://github.com/o/r.git', 'https://github.com/o/r.git'],
    ['git@github.com:o/r.git', 'git@github.com:o/r.git'],
    ['ssh://git@host:2222/o/r.git', 'ssh://git@host:2222/o/r.git'],
  ])('%s is recorded as %s', (url, recorded) => {
    expect(withoutCredentials(url)).toBe(recorded);
  });
});
