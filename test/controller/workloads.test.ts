import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelBackend } from '../../src/backends/backend.js';
import type { Change } from '../../src/model/change.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { unitProcesses } from './unit-processes.js';

const charms = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/charms');
const haproxyInstalled = fs.existsSync('/usr/sbin/haproxy');
const base = { classification: 'in-place' as const, description: '', requires: [] as string[] };

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

describe('workload units of local charms', () => {
  let tc: TestController;
  let backend: ModelBackend;
  const apply = (change: Change) => backend.applyChange('web', change);
  const settle = (units: string[]) => backend.waitForSettled('web', units, { timeoutMs: 20_000 });
  const unitOf = async (name: string) => (await backend.readModel('web')).applications[name.split('/')[0]].units[name];

  beforeAll(async () => {
    tc = await startTestController();
    backend = tc.backend;
    await backend.addModel('web');
    await apply({ ...base, id: 'deploy-appserver', kind: 'deploy', application: 'appserver', spec: { charm: path.join(charms, 'appserver'), num_units: 2 } });
  });
  afterAll(async () => tc?.stop());

  it('runs each appserver unit as a process that serves its build label once healthy', async () => {
    const result = await settle(['appserver/0', 'appserver/1']);
    expect(result.units.map((u) => [u.workload.current, u.agent.current])).toEqual([['active', 'idle'], ['active', 'idle']]);
    const port = result.units[0].ports[0].split('/')[0];
    expect(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body)).toEqual({ unit: 'appserver/0', build_label: 'v1' });
    expect((await get(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('restarts only the unit that moved, on the same port, with its new config', async () => {
    await settle(['appserver/0', 'appserver/1']);
    const before = await unitOf('appserver/1');
    await backend.applyUnitChange('web', 'appserver/0', { options: { build_label: 'v2' } });
    expect((await unitOf('appserver/0')).agent.current).toBe('executing');
    const [moved] = (await settle(['appserver/0'])).units;
    expect(moved.workload.current).toBe('active');
    expect(JSON.parse((await get(`http://127.0.0.1:${moved.ports[0].split('/')[0]}/`)).body).build_label).toBe('v2');
    expect((await unitOf('appserver/1')).workload.since).toBe(before.workload.since);
  });

  it('puts a unit whose build label is bad in error with the reason, and a rollback brings it back', async () => {
    await backend.applyUnitChange('web', 'appserver/1', { options: { build_label: 'v3-bad' } });
    const [failed] = (await settle(['appserver/1'])).units;
    expect(failed.workload).toMatchObject({ current: 'error', message: expect.stringMatching(/exited with code 1: refusing to start: build label v3-bad is marked bad/) });
    await backend.applyUnitChange('web', 'appserver/1', { options: {} });
    expect((await settle(['appserver/1'])).units[0].workload.current).toBe('active');
  });

  it('restarts a unit whose process is killed, saying why in its status until it is back', async () => {
    const [unit] = (await settle(['appserver/1'])).units;
    expect(unit.workload.current).toBe('active');
    const [pid] = unitProcesses(tc.dir, 'appserver/1');
    process.kill(pid, 'SIGKILL');
    await expect.poll(async () => (await unitOf('appserver/1')).workload, { timeout: 5_000 }).toMatchObject({
      current: 'maintenance',
      message: 'workload killed by SIGKILL; restart 1 of 5 in 1s',
    });
    const [back] = (await settle(['appserver/1'])).units;
    expect(back.workload).toMatchObject({ current: 'active' });
    expect(back.workload.message).toBeUndefined();
    const running = unitProcesses(tc.dir, 'appserver/1');
    expect(running).toHaveLength(1);
    expect(running[0]).not.toBe(pid);
  });

  it('refuses a fixed port that is in use, changing nothing', async () => {
    const port = Number((await unitOf('appserver/0')).ports[0].split('/')[0]);
    await expect(apply({ ...base, id: 'deploy-other', kind: 'deploy', application: 'other', spec: { charm: 'local:appserver', num_units: 1, options: { port } } })).rejects.toMatchObject({ code: 'port-in-use' });
    expect((await backend.readModel('web')).applications.other).toBeUndefined();
  });

  it.skipIf(!haproxyInstalled)('load-balances the related appserver units through haproxy and reloads it when they change', async () => {
    await apply({ ...base, id: 'deploy-haproxy', kind: 'deploy', application: 'haproxy', spec: { charm: 'local:haproxy', num_units: 1, options: { port: 0 } } });
    await apply({ ...base, id: 'relate', kind: 'relate', endpoints: ['haproxy', 'appserver'] });
    await backend.applyUnitChange('web', 'appserver/1', { options: {} });
    const first = await settle(['haproxy/0', 'appserver/0', 'appserver/1']);
    expect(first.units.map((u) => u.workload.current)).toEqual(['active', 'active', 'active']);
    const port = first.units[0].ports[0].split('/')[0];
    const reached = async (count: number) => {
      const seen = new Set<string>();
      await expect.poll(async () => {
        seen.add(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body).unit);
        return seen.size;
      }, { timeout: 10_000, interval: 20 }).toBe(count);
    };
    await reached(2);

    // haproxy is already serving: the new unit reaches it only through relation data and a reload.
    await apply({ ...base, id: 'scale', kind: 'scale', application: 'appserver', units: 3, from: 2 });
    await settle(['appserver/2']);
    await reached(3);
    const live = await backend.readModel('web');
    expect(live.relations[0].endpoints.map((e) => `${e.application}:${e.endpoint}`)).toEqual(['haproxy:backend', 'appserver:http']);
    const relationData = JSON.parse(fs.readFileSync(path.join(tc.dir, 'units/web/haproxy-0/relations.json'), 'utf8'));
    expect(relationData.relations[0].units.map((u: { unit: string }) => u.unit)).toEqual(['appserver/0', 'appserver/1', 'appserver/2']);
    expect(relationData.relations[0].units[0].settings).toEqual({ build_label: 'v2' });
    expect(fs.readFileSync(path.join(tc.dir, 'units/web/haproxy-0/haproxy.cfg'), 'utf8')).toMatch(/option httpchk GET \/health[\s\S]*server appserver-2 127\.0\.0\.1:\d+ check/);
    expect(fs.readFileSync(path.join(tc.dir, 'units/web/haproxy-0/workload.log'), 'utf8')).toContain('reloading haproxy');
  });
});

describe('workload charm faults', () => {
  let tc: TestController;
  beforeAll(async () => {
    tc = await startTestController({ charmDirs: [path.join(charms, '..', '..', 'test', 'controller', 'fixtures', 'charms')] });
    await tc.backend.addModel('m');
  });
  afterAll(async () => tc?.stop());

  it('refuses a charm whose workload command does not exist, changing nothing', async () => {
    await expect(tc.backend.applyChange('m', { ...base, id: 'd', kind: 'deploy', application: 'ghost', spec: { charm: 'local:missing-command', num_units: 1 } })).rejects.toMatchObject({
      code: 'charm-invalid',
      diagnostics: [expect.objectContaining({ code: 'workload-command-not-found' })],
    });
    expect((await tc.backend.readModel('m')).applications).toEqual({});
  });

  it('settles units of a charm with only a simulated restart time after that time', async () => {
    await tc.backend.applyChange('m', { ...base, id: 'd', kind: 'deploy', application: 'slow', spec: { charm: 'local:slow-restart', num_units: 1 } });
    await tc.backend.waitForSettled('m', ['slow/0'], { timeoutMs: 5_000 });
    const started = Date.now();
    await tc.backend.applyUnitChange('m', 'slow/0', { options: { label: 'v2' } });
    const result = await tc.backend.waitForSettled('m', ['slow/0'], { timeoutMs: 5_000 });
    expect(result.settled).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(result.units[0].workload.current).toBe('active');
  });

  it('reports a workload that never turns healthy as error, and one that stops being healthy as blocked', async () => {
    const deploy = (application: string, healthy: number) =>
      tc.backend.applyChange('m', { ...base, id: application, kind: 'deploy', application, spec: { charm: 'local:flaky', num_units: 1, options: { healthy_for_ms: healthy } } });
    await deploy('never', 0);
    await deploy('later', 400);
    const result = await tc.backend.waitForSettled('m', ['never/0', 'later/0'], { timeoutMs: 10_000 });
    expect(result.units[0].workload).toMatchObject({ current: 'error', message: expect.stringMatching(/^not healthy 1s after starting: GET .*\/health: HTTP 503$/) });
    await expect.poll(async () => (await tc.backend.readModel('m')).applications.later.units['later/0'].workload, { timeout: 5_000 }).toMatchObject({
      current: 'blocked',
      message: expect.stringMatching(/^health check failing: GET .*: HTTP 503$/),
    });
  });
});
