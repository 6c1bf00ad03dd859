import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { unitProcesses } from '../controller/unit-processes.js';

const charms = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../controller/fixtures/charms');

/** The unit's state folder, from the environment of its running workload. */
function stateDir(pid: number): string {
  const entry = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((e) => e.startsWith('JUJU_UNIT_STATE_DIR='));
  return entry!.slice('JUJU_UNIT_STATE_DIR='.length);
}

/**
 * `crashy` units restart at most 3 times, 100 ms, 200 ms then 300 ms after a death, and refuse
 * to start while their state folder holds a `corrupt` file.
 */
describe('the supervisor', () => {
  let tc: TestController;
  let repo: TempRepo;
  const cli = async (args: string[]) => {
    const { code, out, err } = await runCliCaptured(args, { cwd: repo.dir, env: tc.env });
    return { code, stdout: out, stderr: err };
  };
  const events = (kind: string) =>
    tc.store.all<{ subject: string; data: string }>('SELECT subject, data FROM events WHERE kind = ? ORDER BY seq', kind).map((e) => ({ unit: e.subject, ...JSON.parse(e.data) }));
  const workload = async (unit: string) => (await tc.backend.readModel('m')).applications.app.units[unit].workload;

  beforeAll(async () => {
    tc = await startTestController({ charmDirs: [charms] });
    repo = await createTempRepo({
      prefix: 'juju-gitops-supervisor-',
      copy: { 'charms/crashy': path.join(charms, 'crashy') },
      files: {
        'juju-gitops.yaml': 'models:\n  m:\n    bundle: bundles/m.yaml\n    rollout:\n      healthTimeout: 10s\n',
        'bundles/m.yaml': 'applications:\n  app:\n    charm: ../charms/crashy\n    num_units: 2\n',
      },
    });
    const first = await cli(['apply']);
    if (first.code !== 0) throw new Error(`first apply exited ${first.code}: ${first.stdout}${first.stderr}`);
    await tc.backend.waitForSettled('m', ['app/0', 'app/1'], { timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await tc?.stop();
    repo?.cleanup();
  });

  it('starts a killed workload again, recording the restart', async () => {
    const [pid] = unitProcesses(tc.dir, 'app/0');
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => events('workload-restart')).toEqual([{ unit: 'app/0', cause: 'workload killed by SIGKILL', attempt: 1, attempts: 3, delayMs: 100 }]);
    const [back] = (await tc.backend.waitForSettled('m', ['app/0'], { timeoutMs: 10_000 })).units;
    expect(back.workload.current).toBe('active');
    expect(unitProcesses(tc.dir, 'app/0')).toHaveLength(1);
    expect(unitProcesses(tc.dir, 'app/0')[0]).not.toBe(pid);
  });

  describe('a workload that keeps dying', () => {
    let corrupt = '';

    it('ends in error after its restarts, with the cause from its log', async () => {
      const [pid] = unitProcesses(tc.dir, 'app/1');
      corrupt = path.join(stateDir(pid), 'corrupt');
      fs.writeFileSync(corrupt, 'bad data\n');
      process.kill(pid, 'SIGKILL');
      await expect.poll(() => events('workload-gave-up').length, { timeout: 10_000 }).toBe(1);
      expect(await workload('app/1')).toMatchObject({ message: `workload exited with code 1: Error: data file ${corrupt} is corrupt (gave up after 3 restarts)` });
      expect(events('workload-restart').filter((e) => e.unit === 'app/1').map((e) => [e.attempt, e.delayMs])).toEqual([[1, 100], [2, 200], [3, 300]]);
      expect(events('workload-gave-up')).toEqual([{ unit: 'app/1', cause: `workload exited with code 1: Error: data file ${corrupt} is corrupt`, restarts: 3 }]);
    });

    it('shows as drift in diff and status', async () => {
      const diff = await cli(['diff', '--exit-code']);
      expect(diff.code).toBe(1);
      expect(diff.stdout).toContain('heal a unit of app: app/1 is in error');
      const status = await cli(['status']);
      expect(status.stdout).toMatch(/app\/1 +error .*\[drift\] workload exited with code 1: Error: data file .* is corrupt/);
      expect(status.stdout).toMatch(/^app .*1 unit drifted: app\/1/m);
    });

    it('is not healed by apply while the cause remains: the rollout stops on it', async () => {
      const { code, stdout } = await cli(['apply']);
      expect(code).not.toBe(0);
      expect(stdout).toContain('unit app/1 failed its status check');
      expect(stdout).toContain('is corrupt');
    });

    it('is healed by apply once the cause is fixed, and nothing is left to diff', async () => {
      fs.rmSync(corrupt);
      const { code, stdout } = await cli(['apply', '--events', 'ndjson']);
      expect(code, stdout).toBe(0);
      const applying = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === 'unit' && e.phase === 'applying');
      expect(applying.map((e) => e.unit)).toEqual(['app/1']);
      expect((await workload('app/1')).current).toBe('active');
      expect((await cli(['diff', '--exit-code'])).code).toBe(0);
    });
  });
});
