import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveModel, LiveUnit } from '../../src/model/live.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { expectGolden } from './golden.js';
import { exampleRepo, type RepoFixture } from './repo-fixture.js';

/**
 * The model-generations walk-through of Juju's original design, on the embedded controller
 * and the examples' openstack model: stage changes, move a canary unit, stage more, refuse to
 * cancel half way, then cancel (keeping what every unit runs) — and, for a second generation,
 * move every unit and commit it into the bundle. Every command's file edits are checked, and
 * every refusal leaves the files as they were.
 */
const genFile = 'generations/openstack.yaml';
const bundleFile = 'bundles/openstack.yaml';

let tc: TestController;
let repo: RepoFixture;

beforeAll(async () => {
  tc = await startTestController();
  repo = await exampleRepo(tc.env);
}, 60_000);

afterAll(async () => {
  await tc?.stop();
  repo?.remove();
});

async function ok(...args: string[]): Promise<string> {
  const result = await repo.run(args);
  expect(result.err, `juju-gitops ${args.join(' ')}`).not.toMatch(/error\[/);
  expect(result.code, `juju-gitops ${args.join(' ')}: ${result.err}`).toBe(0);
  return result.out;
}

/** A refused command: its message, a non-zero exit, and not one byte changed in the repository. */
async function refused(args: string[], message: string | RegExp): Promise<void> {
  const before = repo.snapshot();
  const result = await repo.run(args);
  expect(result.code).not.toBe(0);
  if (typeof message === 'string') expect(result.err).toContain(message);
  else expect(result.err).toMatch(message);
  expect(repo.snapshot()).toEqual(before);
}

/** apply, then promote while the model's canary policy holds a rollout back. */
async function reconcile(): Promise<string> {
  let out = await ok('apply', '--model', 'openstack');
  for (let i = 0; i < 5 && /promot/i.test(out); i++) out = await ok('promote', '--model', 'openstack');
  return out;
}

async function live(): Promise<LiveModel> {
  return tc.backend.readModel('openstack');
}

function unit(model: LiveModel, name: string): LiveUnit {
  return model.applications[name.split('/')[0]].units[name];
}

/** The generation file, with the editor modeline's machine-specific path made stable. */
function generationText(): string {
  return repo.read(genFile).replace(/\$schema=\S*generation\.schema\.json/, '$schema=<schemas>/generation.schema.json').replace(/created: "[^"]+"/, 'created: "<now>"');
}

async function statusLines(): Promise<Record<string, string>> {
  const out = await ok('status', '--model', 'openstack');
  return Object.fromEntries(out.split('\n').filter((l) => /^\S+\/\d+/.test(l)).map((l) => [l.split(/\s+/)[0].replace(/\*$/, ''), l]));
}

describe('generations walk-through', () => {
  it('stages, canaries, refuses to cancel half way, then cancels keeping what every unit runs', async () => {
    await reconcile();
    const bundleBefore = repo.read(bundleFile);

    await ok('generation', 'add', '--model', 'openstack', '--name', 'gen-1', '--commit');
    await expectGolden('walkthrough/1-add.yaml', generationText());
    expect(await repo.lastCommitMessage()).toBe('openstack: add generation gen-1');
    await refused(['generation', 'add', '--model', 'openstack'], 'model openstack already has an open generation, gen-1');

    await ok('generation', 'refresh', 'keystone', '--revision', '51');
    await ok('config', 'keystone', 'debug=true', '--commit');
    await expectGolden('walkthrough/2-staged.yaml', generationText());
    expect(repo.read(bundleFile)).toBe(bundleBefore);
    expect(await repo.lastCommitMessage()).toBe('openstack: stage keystone debug=true in generation gen-1');
    await refused(['config', 'nova', 'debug=true', '--model', 'openstack'], 'application nova is not in the model');

    await refused(['generation', 'set', 'keystone/9'], 'unknown unit or application: keystone/9');
    await ok('generation', 'set', 'keystone/0', '--commit');
    await expectGolden('walkthrough/3-set.yaml', generationText());

    const pr = await ok('diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown');
    expect(pr).toContain('staged for keystone/0');
    expect(pr).toContain('| keystone | options.debug | true |');
    // Only the generation changed in that commit: a PR check with --exit-code still sees it.
    expect((await repo.run(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--exit-code'])).code).toBe(1);

    // Before the reconcile, plan and a dry run say which unit it will restart, and move none.
    const pending = await repo.run(['plan', '--model', 'openstack', '--exit-code']);
    expect(pending.code).toBe(1);
    expect(pending.out).toContain('Generation gen-1 of model openstack: the next reconcile moves keystone/0 to it');
    expect(await ok('apply', '--model', 'openstack', '--dry-run')).toContain('moves keystone/0 to it');
    expect(unit(await live(), 'keystone/0').generation).toBeNull();

    await reconcile();
    let model = await live();
    expect(unit(model, 'keystone/0')).toMatchObject({ generation: 'gen-1', applied: { revision: 51, options: { debug: true } } });
    for (const other of ['keystone/1', 'keystone/2']) {
      expect(unit(model, other).generation).toBeNull();
      expect(unit(model, other).applied.revision).not.toBe(51);
      expect(unit(model, other).applied.options.debug).toBeUndefined();
    }
    let status = await statusLines();
    expect(status['keystone/0']).not.toContain('[old]');
    expect(status['keystone/1']).toContain('[old]');
    expect(status['keystone/2']).toContain('[old]');
    expect(status['ceph-mon/0']).not.toContain('[old]');

    // Later changes: ceph-mon's waits for a ceph-mon target; keystone's reaches keystone/0 only.
    await ok('config', 'ceph-mon', 'loglevel=10');
    await ok('config', 'keystone', 'worker-multiplier=0.5');
    await expectGolden('walkthrough/4-later.yaml', generationText());
    await reconcile();
    model = await live();
    expect(unit(model, 'keystone/0').applied.options).toMatchObject({ debug: true, 'worker-multiplier': 0.5 });
    expect(unit(model, 'keystone/1').applied.options['worker-multiplier']).toBe(0.25);
    expect(unit(model, 'keystone/2').applied.options['worker-multiplier']).toBe(0.25);
    for (const mon of Object.values(model.applications['ceph-mon'].units)) {
      expect(mon.applied.options.loglevel).toBeUndefined();
      expect(mon.generation).toBeNull();
    }
    status = await statusLines();
    expect(status['ceph-mon/1']).toContain('[old]');
    expect((await repo.run(['diff', '--model', 'openstack', '--exit-code'])).code).toBe(0);

    const progress = await ok('generation', 'status', '--model', 'openstack');
    expect(progress).toMatch(/keystone\s+1\/3\s+keystone\/0\s+keystone\/1, keystone\/2/);
    expect(progress).toMatch(/ceph-mon\s+0\/3\s+-\s+ceph-mon\/0, ceph-mon\/1, ceph-mon\/2/);
    // The same, naming the controller folder on the command line instead of in the environment.
    const named = await runCliCaptured(['generation', 'status', '--model', 'openstack', '--controller-dir', tc.dir], { cwd: repo.dir, env: { JUJU_GITOPS_HOME: join(repo.dir, 'no-controller-here') } });
    expect(named).toMatchObject({ code: 0, out: progress });
    await expectGolden('walkthrough/5-diff.yaml', await ok('generation', 'diff', '--model', 'openstack'));

    await refused(['generation', 'cancel'], 'cannot cancel generation, there are units behind a generation: keystone/1, keystone/2');
    await refused(['generation', 'commit', '--model', 'openstack'], 'cannot commit generation, there are units behind a generation: ceph-mon/0, ceph-mon/1, ceph-mon/2, keystone/1, keystone/2');

    await ok('generation', 'set', 'keystone/1', 'keystone/2');
    await expectGolden('walkthrough/6-set-rest.yaml', generationText());
    await ok('generation', 'cancel', '--model', 'openstack', '--commit');
    expect(repo.exists(genFile)).toBe(false);
    await expectGolden('walkthrough/7-bundle-after-cancel.yaml', repo.read(bundleFile));
    expect(await repo.lastCommitMessage()).toBe(
      'openstack: cancel generation gen-1: folded keystone into the bundle; dropped the changes to ceph-mon',
    );

    await reconcile();
    model = await live();
    expect(model.generation).toBeNull();
    for (const name of ['keystone/0', 'keystone/1', 'keystone/2']) {
      expect(unit(model, name)).toMatchObject({ generation: null, applied: { revision: 51, options: { debug: true, 'worker-multiplier': 0.5 } } });
    }
    for (const mon of Object.values(model.applications['ceph-mon'].units)) expect(mon.applied.options.loglevel).toBeUndefined();
    status = await statusLines();
    expect(Object.values(status).join('\n')).not.toContain('[old]');
  }, 120_000);

  it('commits a generation once every unit of every changed application tracks it', async () => {
    await ok('generation', 'add', '--model', 'openstack', '--name', 'gen-2');
    await ok('config', 'ceph-mon', 'loglevel=10');
    await ok('generation', 'set', 'ceph-mon/0');
    await reconcile();
    let status = await statusLines();
    expect(status['ceph-mon/0']).not.toContain('[old]');
    expect(status['ceph-mon/1']).toContain('[old]');
    expect(status['keystone/0']).not.toContain('[old]');
    await refused(['generation', 'commit', '--model', 'openstack'], 'cannot commit generation, there are units behind a generation: ceph-mon/1, ceph-mon/2');

    await ok('generation', 'set', 'ceph-mon');
    await reconcile();
    let model = await live();
    for (const mon of Object.values(model.applications['ceph-mon'].units)) expect(mon).toMatchObject({ generation: 'gen-2', applied: { options: { loglevel: 10 } } });
    expect(await ok('generation', 'status', '--model', 'openstack')).toMatch(/ceph-mon\s+3\/3/);

    await ok('generation', 'commit', '--model', 'openstack', '--commit');
    expect(repo.exists(genFile)).toBe(false);
    await expectGolden('walkthrough/8-bundle-after-commit.yaml', repo.read(bundleFile));
    expect(await repo.lastCommitMessage()).toBe('openstack: commit generation gen-2: folded ceph-mon into the bundle');

    await reconcile();
    model = await live();
    expect(model.generation).toBeNull();
    for (const mon of Object.values(model.applications['ceph-mon'].units)) expect(mon).toMatchObject({ generation: null, applied: { options: { loglevel: 10 } } });
    status = await statusLines();
    expect(Object.values(status).join('\n')).not.toContain('[old]');
    expect(await ok('apply', '--model', 'openstack')).not.toMatch(/moved to it|returned to/);
  }, 120_000);

  it('refuses a broken generation file before the plan changes anything', async () => {
    writeFileSync(join(repo.dir, bundleFile), repo.read(bundleFile).replace('monitor-count: 3', 'monitor-count: 5'));
    mkdirSync(join(repo.dir, 'generations'), { recursive: true });
    writeFileSync(join(repo.dir, genFile), 'name: gen-3\napplications: {}\ntargets: [ceph-mon/0\n');
    const result = await repo.run(['apply', '--model', 'openstack']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('error[generation-invalid]');
    expect((await live()).applications['ceph-mon'].options['monitor-count'].value).toBe(3);
  });
});
