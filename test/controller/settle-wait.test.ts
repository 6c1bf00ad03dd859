import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpBackend } from '../../src/backends/local/http-backend.js';
import { startController } from '../../src/backends/local/start-controller.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/charms');
const deploy = { classification: 'in-place' as const, description: '', requires: [] as string[], kind: 'deploy' as const };

/** Units of `slow-restart` take 200 ms to settle after each change (a timer in the controller). */
describe('waiting for units to settle', () => {
  let tc: TestController;
  let http: HttpBackend;
  beforeAll(async () => {
    tc = await startTestController({ charmDirs: [fixtures] });
    http = new HttpBackend({ url: tc.url, token: fs.readFileSync(path.join(tc.dir, 'token'), 'utf8').trim() });
    await tc.backend.addModel('m');
    await tc.backend.applyChange('m', { ...deploy, id: 'd', application: 'slow', spec: { charm: 'local:slow-restart', num_units: 2 } });
    await tc.backend.waitForSettled('m', ['slow/0', 'slow/1'], { timeoutMs: 5_000 });
  });
  afterAll(async () => tc?.stop());

  it('takes one API request, answered when the controller writes the settled status', async () => {
    await http.applyUnitChange('m', 'slow/0', { options: { label: 'v2' } });
    const before = tc.apiRequests();
    const result = await http.waitForSettled('m', ['slow/0'], { timeoutMs: 10_000 });
    expect(result.settled).toBe(true);
    expect(result.units[0]).toMatchObject({ name: 'slow/0', workload: { current: 'active' }, agent: { current: 'idle' } });
    expect(tc.apiRequests() - before).toBe(1);
  });

  it('answers unsettled at its timeout, still with one request', async () => {
    await http.applyUnitChange('m', 'slow/1', { options: { label: 'v3' } });
    const before = tc.apiRequests();
    const result = await http.waitForSettled('m', ['slow/1'], { timeoutMs: 20 });
    expect(result.settled).toBe(false);
    expect(result.units[0].agent.current).toMatch(/allocating|executing/);
    expect(tc.apiRequests() - before).toBe(1);
    expect((await http.waitForSettled('m', ['slow/1'], { timeoutMs: 10_000 })).settled).toBe(true);
  });

  it('ends a long poll its client abandons, and the controller serves the next request', async () => {
    await http.applyUnitChange('m', 'slow/0', { options: { label: 'v4' } });
    const abort = new AbortController();
    const waiting = http.waitForSettled('m', ['slow/0'], { timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect((await http.waitForSettled('m', ['slow/0'], { timeoutMs: 10_000 })).settled).toBe(true);
  });
});

describe('a controller that stops', () => {
  it('ends the waits in flight with controller-stopped instead of leaving them to their timeout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-settle-'));
    const controller = await startController({ dir, charmDirs: [fixtures], port: 0 });
    try {
      await controller.backend.addModel('m');
      await controller.backend.applyChange('m', { ...deploy, id: 'd', application: 'slow', spec: { charm: 'local:slow-restart', num_units: 1 } });
      const waiting = controller.backend.waitForSettled('m', ['slow/0'], { timeoutMs: 60_000 });
      await controller.stop({ stopUnits: true });
      await expect(waiting).rejects.toMatchObject({ code: 'controller-stopped' });
    } finally {
      await controller.stop({ stopUnits: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
