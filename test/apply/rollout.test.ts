import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src/apply/events.js';
import { summariseRuns } from '../../src/apply/runs.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { bundleText, makeRepoFixture, type RepoFixture } from './fixture.js';

function events(stdout: string): RolloutEvent[] {
  return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as RolloutEvent);
}

/** Exec check, run here so all units log to one file, that logs each unit it checks and fails for one unit, when named. */
function checkingPolicy(failFor?: string): string {
  const command = failFor ? `echo "$UNIT" >> checks.log; test "$UNIT" != "${failFor}"` : 'echo "$UNIT" >> checks.log';
  return ['      batch: 1', `      healthTimeout: ${failFor ? '600ms' : '2s'}`, '      healthCheck:', '        type: exec', `        command: '${command}'`, '        runOn: reconciler'].join('\n');
}

let tc: TestController;
beforeAll(async () => {
  tc = await startTestController();
});
afterAll(async () => {
  await tc.stop();
});

describe('a rollout', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, rollout: checkingPolicy(), applied: true });
  });
  afterAll(() => f?.cleanup());

  it('moves units one by one, leader last, each passing its health check before the next moves', async () => {
    fs.rmSync(path.join(f.dir, 'checks.log'), { force: true });
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    const { code, stdout } = await f.cli(['apply', '--events', 'ndjson']);
    expect(code).toBe(0);
    const live = await f.live();
    const leader = Object.values(live.applications.app.units).find((u) => u.leader)!.name;
    const expected = [...['app/0', 'app/1', 'app/2', 'app/3'].filter((u) => u !== leader), leader];

    const unitEvents = events(stdout).filter((e): e is Extract<RolloutEvent, { type: 'unit' }> => e.type === 'unit');
    const applying = unitEvents.filter((e) => e.phase === 'applying').map((e) => e.unit);
    expect(applying).toEqual(expected);
    // The gate: a unit starts applying only after the one before it is done.
    for (let i = 1; i < expected.length; i++) {
      const doneBefore = unitEvents.findIndex((e) => e.unit === expected[i - 1] && e.phase === 'done');
      const startNext = unitEvents.findIndex((e) => e.unit === expected[i] && e.phase === 'applying');
      expect(doneBefore).toBeLessThan(startNext);
    }
    expect(fs.readFileSync(path.join(f.dir, 'checks.log'), 'utf8').trim().split('\n')).toEqual(expected);
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v2', 'v2', 'v2', 'v2']);
    expect(live.applications.app.options.label.value).toBe('v2');
    expect(events(stdout).filter((e) => e.type === 'wait').every((e) => e.type === 'wait' && e.what.length > 0)).toBe(true);
  });

  it('does nothing when the model already matches', async () => {
    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(0);
    expect(stdout).toContain('nothing to do');
  });

  it('shows the plan and the batches on a dry run, and changes nothing', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v3' }) }, 'label v3');
    const { code, stdout } = await f.cli(['apply', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/rollout of app \(config-app\): 4 batches, health exec/);
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v2', 'v2', 'v2', 'v2']);
  });
});

describe('a failing unit', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, rollout: checkingPolicy(), applied: true });
  });
  afterAll(() => f?.cleanup());

  // Each trial fails a different unit; order is leader-last, so the position in the rollout varies.
  it.each([['app/2'], ['app/1'], ['app/3'], ['app/0']])('stops the rollout right after %s, the rest untouched', async (failing) => {
    const label = `t-${failing.replace('/', '')}`;
    await f.commit({ 'juju-gitops.yaml': f.config(checkingPolicy(failing)), [f.bundle]: bundleText({ label }) }, `label ${label}`);
    const before = await f.applied('app', 'label');
    const live = await f.live();
    const leader = Object.values(live.applications.app.units).find((u) => u.leader)!.name;
    const order = [...['app/0', 'app/1', 'app/2', 'app/3'].filter((u) => u !== leader), leader];

    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(1);
    expect(stdout).toContain(`rollout stopped: unit ${failing} failed its exec check`);
    expect(stdout).toContain('last output:');

    const after = await f.applied('app', 'label');
    const stop = order.indexOf(failing);
    for (const [i, unit] of order.entries()) expect([unit, after[unit]]).toEqual([unit, i <= stop ? label : before[unit]]);
    // The application keeps its old configuration until every unit has moved.
    expect((await f.live()).applications.app.options.label.value).not.toBe(label);

    const runs = summariseRuns(await f.journal());
    const last = runs[runs.length - 1];
    expect(last.end?.outcome).toBe('failed');
    expect(last.end?.failure).toMatchObject({ unit: failing, check: 'exec', rolledBack: false });
    expect(last.inFlight).toEqual([]);
  });
});

describe('secrets', () => {
  let f: RepoFixture;
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, token: 'tok-before-QZXJ', applied: true });
  });
  afterAll(() => f?.cleanup());

  it('never appear in events, the report, the journal or history', async () => {
    await f.commit({ [f.bundle]: bundleText({ token: 'tok-after-WVKY' }) }, 'rotate the token');
    const outputs = [await f.cli(['apply', '--events', 'ndjson']), await f.cli(['apply']), await f.cli(['history', '--format', 'json'])];
    expect(outputs[0].code).toBe(0);
    expect(outputs[0].stdout).toContain('api_token=***');
    const everything = [...outputs.flatMap((o) => [o.stdout, o.stderr]), JSON.stringify(await f.journal())].join('\n');
    // Distinctive letters, so neither the whole token nor its tail hides in a hash or a number.
    expect(everything).not.toMatch(/tok-before|tok-after|QZXJ|WVKY/);
    expect(Object.values((await f.live()).applications.app.units).map((u) => u.applied.options.api_token)).toEqual(Array(4).fill('tok-after-WVKY'));
  });
});

describe('drain and undrain hooks', () => {
  let f: RepoFixture;
  // Run here (runOn: reconciler) so that every unit's hooks log to one file, in order.
  const hooks = (drain: string) =>
    [
      '      batch: 1', '      order: ordinal', '      healthTimeout: 2s',
      '      drain:', `        command: '${drain}'`, '        runOn: reconciler',
      '      undrain:', `        command: 'echo "undrain $UNIT $ADDRESS" >> hooks.log'`, '        runOn: reconciler',
    ].join('\n');
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, rollout: hooks('echo "drain $UNIT" >> hooks.log'), applied: true });
  });
  afterAll(() => f?.cleanup());

  it('take each unit out before it moves and back once it is healthy', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v2' }) }, 'label v2');
    expect((await f.cli(['apply'])).code).toBe(0);
    const log = fs.readFileSync(path.join(f.dir, 'hooks.log'), 'utf8').trim().split('\n');
    expect(log).toEqual(['app/0', 'app/1', 'app/2', 'app/3'].flatMap((u) => [`drain ${u}`, `undrain ${u} 127.0.0.1`]));
  });

  it('stop the rollout when a drain fails, before the unit is touched', async () => {
    await f.commit({ 'juju-gitops.yaml': f.config(hooks('test "$UNIT" != app/2')), [f.bundle]: bundleText({ label: 'v3' }) }, 'label v3');
    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(1);
    expect(stdout).toContain('unit app/2 failed its drain check');
    expect(await f.applied('app', 'label')).toEqual({ 'app/0': 'v3', 'app/1': 'v3', 'app/2': 'v2', 'app/3': 'v2' });
  });
});

describe('checks and hooks on the unit', () => {
  let f: RepoFixture;
  const unitDir = (unit: string) => path.join(tc.dir, 'units', f.model, unit.replace('/', '-'));
  const units = ['app/0', 'app/1', 'app/2', 'app/3'];
  const checkReady = (on?: string) =>
    ['      batch: 1', '      order: ordinal', '      healthTimeout: 600ms', '      healthCheck:', '        type: exec', '        command: cat ready', ...(on ? [`        runOn: ${on}`] : [])].join('\n');
  beforeAll(async () => {
    f = await makeRepoFixture({ tc, rollout: checkReady(), applied: true, token: 'tok-unit-PLMK' });
    for (const unit of units) {
      fs.mkdirSync(unitDir(unit), { recursive: true });
      fs.writeFileSync(path.join(unitDir(unit), 'ready'), `${unit} is ready\n`);
    }
  });
  afterAll(() => f?.cleanup());

  it('run an exec check in the unit\'s folder, where a file only the unit has is found', async () => {
    await f.commit({ [f.bundle]: bundleText({ label: 'v2', token: 'tok-unit-PLMK' }) }, 'label v2');
    const { code, stdout } = await f.cli(['apply', '--events', 'ndjson']);
    expect(code).toBe(0);
    expect(Object.values(await f.applied('app', 'label'))).toEqual(['v2', 'v2', 'v2', 'v2']);
    expect(stdout).toContain('`cat ready` to exit 0 for app/0');
  });

  it('run the same check on this machine only when the policy says runOn: reconciler, and then it fails', async () => {
    await f.commit({ 'juju-gitops.yaml': f.config(checkReady('reconciler')), [f.bundle]: bundleText({ label: 'v3', token: 'tok-unit-PLMK' }) }, 'label v3');
    const { code, stdout } = await f.cli(['apply']);
    expect(code).toBe(1);
    expect(stdout).toContain('unit app/0 failed its exec check');
    expect(stdout).toMatch(/cat: .*ready.*No such file/);
  });

  it('give a drain hook the unit\'s environment and folder', async () => {
    const drain = 'echo "$JUJU_UNIT_NAME $UNIT $JUJU_MODEL_NAME $(pwd)" > drained';
    await f.commit({ 'juju-gitops.yaml': f.config(`      batch: 2\n      drain: '${drain}'`), [f.bundle]: bundleText({ label: 'v4', token: 'tok-unit-PLMK' }) }, 'label v4');
    expect((await f.cli(['apply'])).code).toBe(0);
    for (const unit of units) expect(fs.readFileSync(path.join(unitDir(unit), 'drained'), 'utf8').trim()).toBe(`${unit} ${unit} ${f.model} ${unitDir(unit)}`);
  });

  it('never let a secret the command prints reach the report, the events or the journal', async () => {
    for (const unit of units) fs.writeFileSync(path.join(unitDir(unit), 'ready'), 'token tok-unit-PLMK\n');
    const leaky = ['      batch: 1', '      healthTimeout: 600ms', '      healthCheck:', '        type: exec', "        command: 'cat ready; exit 1'"].join('\n');
    await f.commit({ 'juju-gitops.yaml': f.config(leaky), [f.bundle]: bundleText({ label: 'v5', token: 'tok-unit-PLMK' }) }, 'label v5');
    const outputs = [await f.cli(['apply', '--events', 'ndjson']), await f.cli(['apply'])];
    expect(outputs[0].code).toBe(1);
    const everything = [...outputs.flatMap((o) => [o.stdout, o.stderr]), JSON.stringify(await f.journal())].join('\n');
    expect(everything).toContain('token ***');
    expect(everything).not.toMatch(/tok-unit|PLMK/);
  });
});
