import { describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { presetRepo, type PresetRepo } from './preset-repo.js';

/**
 * The two charm families' unit strategies end to end, through the CLI, the juju backend and
 * the `juju` CLI emulator, whose fixture charms behave as the families' charms do
 * (test/juju-sim/openstack-charm.ts, data-platform-charm.ts): the plan names the actions, units
 * move one at a time behind the health gate, and a unit whose action fails stops the rollout
 * with the failure reported as Juju reported it.
 */

const keystone = (origin: string, options: Record<string, unknown> = {}) => ({
  charm: 'openstack-api', num_units: 3, options: { 'action-managed-upgrade': true, 'openstack-origin': origin, ...options },
});
const db = (revision: number, pause = 'all') => ({ charm: 'data-platform-db', channel: '14/stable', revision, num_units: 3, options: { 'pause-after-unit-refresh': pause } });

/** The emulator's calls since `mark` that write or run something, plus the health polls between them. */
function writesAndPolls(repo: PresetRepo, mark: number): string[] {
  return repo.sim.calls.slice(mark).map((c) => c.args)
    .filter((a) => a[0] === 'run' || a[0] === 'refresh' || a[0] === 'status' || (a[0] === 'config' && !a.includes('--format')))
    .map((a) => (a[0] === 'run' ? `run ${a[3]} ${a[4]}` : a[0]))
    // Consecutive polls of one health wait are one gate.
    .filter((line, i, all) => line !== 'status' || all[i - 1] !== 'status');
}

/** A unit's workload status as `juju status` shows it. */
async function unitStatus(repo: PresetRepo, unit: string): Promise<{ current?: string; message?: string }> {
  const status = await repo.juju<{ applications: Record<string, { units: Record<string, { 'workload-status': { current?: string; message?: string } }> }> }>(['status', '-m', 'sim:cloud', '--format', 'json']);
  return status.applications[unit.split('/')[0]].units[unit]['workload-status'];
}

interface RunRecordJson {
  end?: { outcome: string; failure?: { unit: string; check: string; output: string }; waitingForPromotion?: unknown };
  unitsDone: string[];
}

/** The journal's account of the latest run, as `history --format json` gives it. */
async function lastRun(repo: PresetRepo): Promise<RunRecordJson> {
  const history = await repo.cli(['history', '--model', 'cloud', '--format', 'json']);
  return (JSON.parse(history.out) as Record<string, RunRecordJson[]>).cloud[0];
}

describe.each(['3.6', '4.0'] as const)('unit strategy presets on Juju %s', (dialect) => {
  it('openstack-upgrade: pause → openstack-upgrade → resume per unit behind the health gate; a failed upgrade stops the rollout with the unit left paused', { timeout: 180_000 }, async () => {
    const repo = await presetRepo({ dialect, application: 'keystone', strategy: 'openstack-upgrade', spec: keystone('cloud:jammy-antelope') });
    try {
      expect((await repo.cli(['apply', '--model', 'cloud'])).code).toBe(0);

      repo.commitApplication(keystone('cloud:jammy-bobcat'), 'keystone: bobcat');
      const plan = await repo.cli(['plan', '--model', 'cloud']);
      expect(plan.out).toMatch(/config-keystone +restart +set application options for keystone \(each unit moved by openstack-upgrade actions pause → openstack-upgrade → resume\)/);
      let mark = repo.sim.calls.length;
      const good = await repo.cli(['apply', '--model', 'cloud']);
      expect(good.code, good.out + good.err).toBe(0);
      // The origin is set once; then each unit is upgraded and proves healthy before the next; the leader (keystone/0) last.
      expect(writesAndPolls(repo, mark).slice(1)).toEqual([
        'config',
        'run keystone/1 pause', 'run keystone/1 openstack-upgrade', 'run keystone/1 resume', 'status',
        'run keystone/2 pause', 'run keystone/2 openstack-upgrade', 'run keystone/2 resume', 'status',
        'run keystone/0 pause', 'run keystone/0 openstack-upgrade', 'run keystone/0 resume', 'status',
      ]);
      expect(Object.values(await repo.unitsRun()).map((u) => u.options['openstack-origin'])).toEqual(['cloud:jammy-bobcat', 'cloud:jammy-bobcat', 'cloud:jammy-bobcat']);

      // Another option reaches every unit at config-changed: no action moves it, and the plan says so.
      repo.commitApplication(keystone('cloud:jammy-bobcat', { debug: true }), 'keystone: debug');
      expect((await repo.cli(['plan', '--model', 'cloud'])).out).toMatch(/config-keystone +all-at-once +set application options for keystone \(reaches all units at once: the openstack-upgrade actions move only openstack-origin\)/);
      mark = repo.sim.calls.length;
      expect((await repo.cli(['apply', '--model', 'cloud'])).code).toBe(0);
      expect(repo.actionsSince(mark)).toEqual([]);

      // The charm fails the upgrade on the first unit: nothing else is touched, and the report says the unit was paused.
      repo.sim.faults.set('keystone/1 openstack-upgrade', 'failed');
      repo.commitApplication(keystone('cloud:jammy-caracal', { debug: true }), 'keystone: caracal');
      mark = repo.sim.calls.length;
      const bad = await repo.cli(['apply', '--model', 'cloud']);
      expect(bad.code).toBe(1);
      expect(repo.actionsSince(mark)).toEqual(['keystone/1 pause', 'keystone/1 openstack-upgrade']);
      expect(bad.out).toMatch(/action openstack-upgrade on keystone\/1 failed \(task \d+, return code 0\): do_openstack_upgrade resulted in an unexpected error; already ran on keystone\/1: pause/);
      expect(bad.out).toContain('untouched: keystone/2, keystone/0');
      expect(await unitStatus(repo, 'keystone/1')).toMatchObject({ current: 'maintenance', message: "Paused. Use 'resume' action to resume normal service." });
      expect(Object.values(await repo.unitsRun()).map((u) => u.options['openstack-origin'])).toEqual(['cloud:jammy-bobcat', 'cloud:jammy-bobcat', 'cloud:jammy-bobcat']);
      expect(await lastRun(repo)).toMatchObject({ end: { outcome: 'failed', failure: { unit: 'keystone/1', check: 'apply' } }, unitsDone: [] });

      // Juju now shows every unit at caracal; the journal knows better. A watch (its first reconcile fails on the
      // same fault) finds the units as drift in its drift checks, as the plan does, and its status page shows
      // each as waiting for its charm actions.
      const watch = startCli(['watch', '--model', 'cloud', '--interval', '200ms', '--listen', '0'], { cwd: repo.dir, env: { ...process.env, CI: '' } });
      try {
        await watch.printed(/model cloud: drift from the repository: 1 change: heal 3 units of keystone/, 60_000);
        const url = /status page at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(watch.out())?.[1];
        expect(url, watch.out()).toBeDefined();
        const page = (await (await fetch(`${url}api/status`)).json()) as { models: { applications: { units: { drift: string }[] }[] }[] };
        expect(page.models[0].applications[0].units.map((u) => u.drift)).toEqual(Array(3).fill('[drift: waits for its charm actions]'));
      } finally {
        watch.stop();
        await watch.done;
      }

      // Without the fault, the next run moves them through their actions.
      repo.sim.faults.clear();
      const plan2 = await repo.cli(['plan', '--model', 'cloud']);
      expect(plan2.out).toMatch(/heal-keystone +restart +heal 3 units of keystone/);
      mark = repo.sim.calls.length;
      const again = await repo.cli(['apply', '--model', 'cloud']);
      expect(again.code, again.out + again.err).toBe(0);
      expect(again.out).toContain('heal 3 units of keystone: keystone/0 waits for its charm actions since a rollout stopped, keystone/1 waits for its charm actions since a rollout stopped, keystone/2 waits for its charm actions since a rollout stopped');
      expect(repo.actionsSince(mark)).toEqual([
        'keystone/1 pause', 'keystone/1 openstack-upgrade', 'keystone/1 resume',
        'keystone/2 pause', 'keystone/2 openstack-upgrade', 'keystone/2 resume',
        'keystone/0 pause', 'keystone/0 openstack-upgrade', 'keystone/0 resume',
      ]);
      expect(Object.values(await repo.unitsRun()).map((u) => u.options['openstack-origin'])).toEqual(['cloud:jammy-caracal', 'cloud:jammy-caracal', 'cloud:jammy-caracal']);
      expect(await unitStatus(repo, 'keystone/1')).toMatchObject({ current: 'active' });
      mark = repo.sim.calls.length;
      expect((await repo.cli(['apply', '--model', 'cloud'])).out).toContain('nothing to do');
      expect(repo.actionsSince(mark)).toEqual([]);
    } finally {
      await repo.stop();
    }
  });

  it('openstack-upgrade refuses, before changing anything, an origin change while action-managed-upgrade is off', { timeout: 120_000 }, async () => {
    const repo = await presetRepo({ dialect, application: 'keystone', strategy: 'openstack-upgrade', spec: keystone('cloud:jammy-antelope', { 'action-managed-upgrade': false }) });
    try {
      expect((await repo.cli(['apply', '--model', 'cloud'])).code).toBe(0);
      repo.commitApplication(keystone('cloud:jammy-bobcat', { 'action-managed-upgrade': false }), 'keystone: bobcat');
      const mark = repo.sim.calls.length;
      const apply = await repo.cli(['apply', '--model', 'cloud']);
      expect(apply.code).toBe(1);
      expect(apply.out).toContain("keystone: action-managed-upgrade is false, so a change of openstack-origin would upgrade every unit at once at config-changed; nothing was changed (set action-managed-upgrade: true in the bundle's options for keystone)");
      expect(writesAndPolls(repo, mark).filter((c) => c !== 'status')).toEqual([]);
      expect(Object.values(await repo.unitsRun()).map((u) => u.options['openstack-origin'])).toEqual(['cloud:jammy-antelope', 'cloud:jammy-antelope', 'cloud:jammy-antelope']);
    } finally {
      await repo.stop();
    }
  });

  it('data-platform-refresh: pre-refresh-check, the charm refreshes the highest unit, resume-refresh on each next one; a raised action stops the rollout', { timeout: 180_000 }, async () => {
    const repo = await presetRepo({ dialect, application: 'db', strategy: 'data-platform-refresh', spec: db(500) });
    try {
      expect((await repo.cli(['apply', '--model', 'cloud'])).code).toBe(0);
      repo.commitApplication(db(501), 'db: 501');
      const plan = await repo.cli(['plan', '--model', 'cloud']);
      expect(plan.out).toMatch(/refresh-db +restart +upgrade db to revision 501 \(pre-refresh-check on the leader, then highest unit first, the first by the charm itself, each next unit moved by data-platform-refresh action resume-refresh\)/);
      let mark = repo.sim.calls.length;
      const good = await repo.cli(['apply', '--model', 'cloud']);
      expect(good.code, good.out + good.err).toBe(0);
      expect(writesAndPolls(repo, mark).slice(1)).toEqual([
        'run db/0 pre-refresh-check', 'refresh', 'status',
        'run db/1 resume-refresh', 'status',
        'run db/0 resume-refresh', 'status',
      ]);
      expect(Object.values(await repo.unitsRun()).map((u) => u.revision)).toEqual([501, 501, 501]);

      // A config change is the charm's own business: it reaches every unit at once.
      repo.commitApplication({ ...db(501), options: { 'pause-after-unit-refresh': 'all', profile: 'testing' } }, 'db: testing profile');
      expect((await repo.cli(['plan', '--model', 'cloud'])).out).toMatch(/config-db +all-at-once +set application options for db \(reaches all units at once: the data-platform-refresh actions move only a charm refresh\)/);
      expect((await repo.cli(['apply', '--model', 'cloud'])).code).toBe(0);

      // resume-refresh raises on db/1: return code 1, `juju run` exits 1; the rollout stops there.
      repo.sim.faults.set('db/1 resume-refresh', 'error');
      repo.commitApplication({ ...db(502), options: { 'pause-after-unit-refresh': 'all', profile: 'testing' } }, 'db: 502');
      mark = repo.sim.calls.length;
      const bad = await repo.cli(['apply', '--model', 'cloud']);
      expect(bad.code).toBe(1);
      expect(repo.actionsSince(mark)).toEqual(['db/0 pre-refresh-check', 'db/1 resume-refresh']);
      expect(bad.out).toMatch(/action resume-refresh on db\/1 failed \(task \d+, return code 1\)/);
      expect(bad.out).toContain('untouched: db/0');
      expect(Object.values(await repo.unitsRun()).map((u) => u.revision)).toEqual([501, 501, 502]);
      expect(await lastRun(repo)).toMatchObject({ end: { outcome: 'failed', failure: { unit: 'db/1', check: 'apply' } }, unitsDone: ['db/2'] });

      // The next run resumes where the charm waits: resume-refresh on db/1, then db/0.
      repo.sim.faults.clear();
      mark = repo.sim.calls.length;
      const again = await repo.cli(['apply', '--model', 'cloud']);
      expect(again.code, again.out + again.err).toBe(0);
      expect(repo.actionsSince(mark)).toEqual(['db/1 resume-refresh', 'db/0 resume-refresh']);
      expect(Object.values(await repo.unitsRun()).map((u) => u.revision)).toEqual([502, 502, 502]);
    } finally {
      await repo.stop();
    }
  });

  it('data-platform-refresh refuses, before refreshing, a charm that would not pause after every unit', { timeout: 120_000 }, async () => {
    const repo = await presetRepo({ dialect, application: 'db', strategy: 'data-platform-refresh', spec: db(500, 'first') });
    try {
      expect((await repo.cli(['apply', '--model', 'cloud'])).code).toBe(0);
      repo.commitApplication(db(501, 'first'), 'db: 501');
      const mark = repo.sim.calls.length;
      const apply = await repo.cli(['apply', '--model', 'cloud']);
      expect(apply.code).toBe(1);
      expect(apply.out).toContain('db: pause-after-unit-refresh is "first", so after its first unit the charm would refresh the others without waiting for their health checks; nothing was changed (set pause-after-unit-refresh: all in the bundle\'s options for db)');
      expect(writesAndPolls(repo, mark).filter((c) => c !== 'status')).toEqual([]);
      expect(Object.values(await repo.unitsRun()).map((u) => u.revision)).toEqual([500, 500, 500]);
    } finally {
      await repo.stop();
    }
  });

  it('a canary with an action strategy: the held units are remembered, left waiting by apply, and moved by promote through their actions', { timeout: 180_000 }, async () => {
    const repo = await presetRepo({ dialect, application: 'keystone', strategy: 'openstack-upgrade', spec: keystone('cloud:jammy-antelope'), rollout: { canary: 1 } });
    try {
      expect((await repo.cli(['apply', '--model', 'cloud'])).code).toBe(0);
      repo.commitApplication(keystone('cloud:jammy-bobcat'), 'keystone: bobcat');
      let mark = repo.sim.calls.length;
      const canary = await repo.cli(['apply', '--model', 'cloud']);
      expect(canary.code, canary.out + canary.err).toBe(0);
      expect(repo.actionsSince(mark)).toEqual(['keystone/1 pause', 'keystone/1 openstack-upgrade', 'keystone/1 resume']);
      expect(await lastRun(repo)).toMatchObject({ end: { outcome: 'canary', waitingForPromotion: { moved: ['keystone/1'], remaining: ['keystone/2', 'keystone/0'] } } });

      // Juju shows the application at bobcat: a plain apply moves nothing, says who waits, and the canary still waits.
      mark = repo.sim.calls.length;
      const plain = await repo.cli(['apply', '--model', 'cloud']);
      expect(plain.code).toBe(0);
      expect(plain.out).toContain('keystone: keystone/2, keystone/0 still run what they ran before the canary, though Juju shows them as their application; `juju-gitops promote` moves them through their charm actions');
      expect(repo.actionsSince(mark)).toEqual([]);

      mark = repo.sim.calls.length;
      const promote = await repo.cli(['promote', '--model', 'cloud']);
      expect(promote.code, promote.out + promote.err).toBe(0);
      expect(repo.actionsSince(mark)).toEqual([
        'keystone/2 pause', 'keystone/2 openstack-upgrade', 'keystone/2 resume',
        'keystone/0 pause', 'keystone/0 openstack-upgrade', 'keystone/0 resume',
      ]);
      expect(Object.values(await repo.unitsRun()).map((u) => u.options['openstack-origin'])).toEqual(['cloud:jammy-bobcat', 'cloud:jammy-bobcat', 'cloud:jammy-bobcat']);
      expect((await repo.cli(['promote', '--model', 'cloud'])).err).toContain('nothing-to-promote');
    } finally {
      await repo.stop();
    }
  });
});
