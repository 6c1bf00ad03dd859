import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController, type RunningController } from '../../src/backends/local/start-controller.js';
import { portIsFree } from '../../src/controller/agent/ports.js';
import { unitProcesses } from './unit-processes.js';

const charms = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/charms');
const units = ['appserver/0', 'appserver/1'];

describe('a controller restart', () => {
  let dir: string;
  let controller: RunningController | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-supervision-'));
    controller = await startController({ dir, charmDirs: [charms] });
    await controller.backend.addModel('web');
    await controller.backend.applyChange('web', {
      id: 'deploy', kind: 'deploy', classification: 'in-place', description: '', requires: [],
      application: 'appserver', spec: { charm: 'local:appserver', num_units: 2 },
    });
    await controller.backend.waitForSettled('web', units, { timeoutMs: 20_000 });
  });
  afterAll(async () => {
    await controller?.stop({ stopUnits: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adopts the unit processes still running, starting no duplicates', async () => {
    const before = units.map((u) => unitProcesses(dir, u));
    expect(before.map((pids) => pids.length)).toEqual([1, 1]);
    await controller!.stop({ stopUnits: false });
    controller = await startController({ dir, charmDirs: [charms] });
    const result = await controller.backend.waitForSettled('web', units, { timeoutMs: 10_000 });
    expect(result.units.map((u) => u.workload.current)).toEqual(['active', 'active']);
    expect(units.map((u) => unitProcesses(dir, u))).toEqual(before);
  });

  it('starts again a unit whose process died while no controller watched it', async () => {
    await controller!.stop({ stopUnits: false });
    const [victim] = unitProcesses(dir, 'appserver/0');
    const [survivor] = unitProcesses(dir, 'appserver/1');
    process.kill(victim, 'SIGKILL');
    await expect.poll(() => unitProcesses(dir, 'appserver/0').length).toBe(0);
    controller = await startController({ dir, charmDirs: [charms] });
    const workload = async () => (await controller!.backend.readModel('web')).applications.appserver.units['appserver/0'].workload;
    await expect.poll(async () => { const w = await workload(); return w.current === 'error' ? `error: ${w.message}` : w.current; }, { timeout: 10_000 }).toBe('active');
    expect(unitProcesses(dir, 'appserver/0')).toHaveLength(1);
    expect(unitProcesses(dir, 'appserver/0')[0]).not.toBe(victim);
    expect(unitProcesses(dir, 'appserver/1')).toEqual([survivor]);
  });

  it('gives a unit a new port when another process took the one it had while it was down', async () => {
    const portOf = async () => Number((await controller!.backend.readModel('web')).applications.appserver.units['appserver/0'].ports[0]?.split('/')[0]);
    const before = await portOf();
    await controller!.stop({ stopUnits: false });
    const [victim] = unitProcesses(dir, 'appserver/0');
    process.kill(victim, 'SIGKILL');
    await expect.poll(() => unitProcesses(dir, 'appserver/0').length).toBe(0);
    // The killed process lets go of its port a moment after it shows as gone; then someone else takes it.
    await expect.poll(() => portIsFree(before)).toBe(true);
    const squatter = net.createServer();
    await new Promise<void>((resolve, reject) => squatter.once('error', reject).listen(before, '127.0.0.1', resolve));
    try {
      controller = await startController({ dir, charmDirs: [charms] });
      const workload = async () => (await controller!.backend.readModel('web')).applications.appserver.units['appserver/0'].workload;
      await expect.poll(async () => { const w = await workload(); return w.current === 'error' ? `error: ${w.message}` : w.current; }, { timeout: 10_000 }).toBe('active');
      expect(await portOf()).not.toBe(before);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('stops every unit process when stopped for good', async () => {
    await controller!.stop({ stopUnits: true });
    controller = undefined;
    expect(units.flatMap((u) => unitProcesses(dir, u))).toEqual([]);
  });
});
