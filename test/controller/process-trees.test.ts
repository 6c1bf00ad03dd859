import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/controller/agent/processes.js';
import { startController, type RunningController } from '../../src/backends/local/start-controller.js';
import { unitProcesses } from './unit-processes.js';

const charms = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/charms');
const base = { classification: 'in-place' as const, description: '', requires: [] as string[] };

/** Pids of the helpers the unit's workload started in their own session, oldest first. */
function helpers(dir: string): number[] {
  const file = path.join(dir, 'units/m/escaper-0/helpers.txt');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map(Number) : [];
}

function sessionOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

describe('a unit whose workload starts a helper that leaves its process group', () => {
  let dir: string;
  let controller: RunningController | undefined;
  const settle = () => controller!.backend.waitForSettled('m', ['escaper/0'], { timeoutMs: 10_000 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-trees-'));
    controller = await startController({ dir, charmDirs: [charms] });
    await controller.backend.addModel('m');
    await controller.backend.applyChange('m', { ...base, id: 'd', kind: 'deploy', application: 'escaper', spec: { charm: 'local:escaper', num_units: 1 } });
    await settle();
  });
  afterAll(async () => {
    await controller?.stop({ stopUnits: true });
    for (const pid of helpers(dir)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the helper in a session of its own, out of the workload group', async () => {
    await expect.poll(() => helpers(dir).length).toBe(1);
    const [helper] = helpers(dir);
    const [main] = unitProcesses(dir, 'escaper/0', 'server.mjs');
    expect(isAlive(helper)).toBe(true);
    expect(sessionOf(helper)).toBe(helper);
    expect(sessionOf(helper)).not.toBe(sessionOf(main));
  });

  it('ends the helper when the unit restarts with new config', async () => {
    const [first] = helpers(dir);
    await controller!.backend.applyUnitChange('m', 'escaper/0', { options: { label: 'v2' } });
    await settle();
    await expect.poll(() => helpers(dir).length).toBe(2);
    expect(isAlive(first)).toBe(false);
    expect(isAlive(helpers(dir)[1])).toBe(true);
  });

  it('ends the helper when the workload dies, and the next start begins clean', async () => {
    const [main] = unitProcesses(dir, 'escaper/0', 'server.mjs');
    const helper = helpers(dir).at(-1)!;
    process.kill(main, 'SIGKILL');
    await expect.poll(() => isAlive(helper), { timeout: 5_000 }).toBe(false);
  });

  it('ends every helper when the controller stops its units', async () => {
    await controller!.backend.applyUnitChange('m', 'escaper/0', { options: { label: 'v3' } });
    await settle();
    await expect.poll(() => helpers(dir).length).toBe(3);
    await controller!.stop({ stopUnits: true });
    controller = undefined;
    expect(helpers(dir).filter(isAlive)).toEqual([]);
  });
});
