import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';
import { isAlive } from '../../src/controller/host-processes.js';

import { corpusJujuCli } from '../helpers/corpus.js';
const corpusStatus = path.join(corpusJujuCli, 'jhack__status__iaas-kafka.json');

const cli = (args: string[], env: Record<string, string>) => runCliCaptured(args, { cwd: os.tmpdir(), env });

describe('controller CLI commands against a running controller', () => {
  let tc: TestController;
  beforeAll(async () => {
    tc = await startTestController();
    const deploy = (application: string, spec: Record<string, unknown>) =>
      tc.backend.applyChange('web', { id: application, kind: 'deploy', classification: 'in-place', description: '', requires: [], application, spec: spec as never });
    expect((await cli(['add-model', 'web'], tc.env)).out).toBe("Added 'web' model on controller local\n");
    await deploy('mysql', { charm: 'mysql', channel: '8.0/stable', revision: 42, num_units: 2 });
    await deploy('wordpress', { charm: 'wordpress', num_units: 1 });
    await tc.backend.applyChange('web', { id: 'r', kind: 'relate', classification: 'in-place', description: '', requires: [], endpoints: ['wordpress:db', 'mysql:db'] });
  });
  afterAll(async () => tc?.stop());

  it('lists models with their application and unit counts', async () => {
    const { code, out } = await cli(['models'], tc.env);
    expect(code).toBe(0);
    expect(out).toBe('Model  Type  Apps  Units\nweb    iaas  2     3\n');
  });

  it('refuses to add a model twice, naming the problem', async () => {
    const { code, err } = await cli(['add-model', 'web'], tc.env);
    expect(code).toBe(2);
    expect(err).toBe('error[model-exists]: model web already exists\n');
  });

  it('shows the controller address, store, uptime and models', async () => {
    const { code, out } = await cli(['controller', 'status'], tc.env);
    expect(code).toBe(0);
    expect(out).toContain(`API         ${tc.url}\n`);
    expect(out).toContain(`Store       ${path.join(tc.dir, 'controller.db')}\n`);
    expect(out).toMatch(/Uptime {6}\d+s\n/);
    expect(out).toMatch(/web +iaas +2 +3/);
  });

  it('prints status JSON with the keys of juju status --format=json', async () => {
    const { code, out } = await cli(['status', '--model', 'web', '--format', 'json'], tc.env);
    expect(code).toBe(0);
    const status = JSON.parse(out);
    const juju = JSON.parse(fs.readFileSync(corpusStatus, 'utf8'));
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(status.model)).toEqual(keys(juju.model).filter((k) => k in status.model));
    expect(keys(status.model)).toEqual(expect.arrayContaining(['name', 'type', 'controller', 'model-status']));
    const app = status.applications.mysql;
    expect(app).toMatchObject({ charm: 'mysql', 'charm-origin': 'charmhub', 'charm-name': 'mysql', 'charm-rev': 42, 'charm-channel': '8.0/stable', exposed: false });
    expect(app.relations).toEqual({ db: [{ 'related-application': 'wordpress', interface: '', scope: 'global' }] });
    const jujuUnit = juju.applications.kafka.units['kafka/0'];
    expect(app.units['mysql/0']).toMatchObject({ 'workload-status': { current: 'active' }, 'juju-status': { current: 'idle' }, leader: true, machine: '0', 'public-address': '127.0.0.1' });
    expect(keys(app.units['mysql/0'])).toEqual(keys(jujuUnit));
    expect(status.machines['0']).toMatchObject({ 'juju-status': { current: 'started' }, 'dns-name': '127.0.0.1' });
  });

  it('prints the same status as YAML', async () => {
    const { code, out } = await cli(['status', '--format', 'yaml'], tc.env);
    expect(code).toBe(0);
    expect(out).toMatch(/^model:\n {2}name: web\n/);
    expect(out).toContain('      mysql/0:\n        workload-status:\n          current: active\n');
  });

  it('prints a juju-style table, with relations on request', async () => {
    const { out } = await cli(['status', '--relations'], tc.env);
    expect(out).toMatch(/^Model +Controller +Cloud\/Region +Version +SLA +Timestamp\nweb +local +local\/localhost/);
    expect(out).toMatch(/\nApp +Version +Status +Scale +Charm +Channel +Rev +Exposed +Message\nmysql +active +2 +mysql +8\.0\/stable +42 +no\n/);
    expect(out).toMatch(/\nUnit +Workload +Agent +Machine +Address +Ports +Message\nmysql\/0\* +active +idle +0 +127\.0\.0\.1\n/);
    expect(out).toMatch(/\nIntegration provider +Requirer +Interface +Type +Message\nwordpress:db +mysql:db +regular\n/);
  });

  it.each([
    [['status', '--model', 'nothing'], 'error[model-not-found]: model "nothing" not found'],
    [['status', '--format', 'xml'], 'error[format-invalid]: unknown format "xml"'],
    [['models', '--format', 'yaml'], 'error[usage]: --format yaml: expected tabular or json'],
    [['controller', 'status', '--format', 'yaml'], 'error[usage]: --format yaml: expected tabular or json'],
    [['history', '--format', 'yaml'], 'error[usage]: --format yaml: expected text or json'],
    [['history', '--limit', 'ten'], 'error[usage]: --limit ten: expected a whole number of runs, 1 or more'],
    [['history', '--limit', '-1'], 'error[usage]: --limit -1'],
    [['add-model', 'x', '--controller-dir', '/dev/null/ctl'], 'error[controller-dir-unusable]: cannot use /dev/null/ctl as the controller directory'],
  ])('reports %j as a clear error', async (args, message) => {
    const { code, err } = await cli(args, tc.env);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

describe('the controller daemon', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-daemon-'));
  afterAll(async () => {
    await cli(['controller', 'stop', '--controller-dir', dir], {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts a controller in the background on first use, and stops it', async () => {
    const added = await cli(['add-model', 'demo', '--controller-dir', dir], {});
    expect(added).toMatchObject({ code: 0, out: "Added 'demo' model on controller local\n" });
    const api = JSON.parse(fs.readFileSync(path.join(dir, 'api.json'), 'utf8'));
    expect(api.pid).not.toBe(process.pid);
    expect((await cli(['controller', 'start', '--controller-dir', dir], {})).err).toContain('error[controller-running]');
    expect((await cli(['controller', 'stop', '--controller-dir', dir], {})).out).toBe('controller stopped\n');
    // Exited: gone, or a zombie this test process (its parent) has not reaped yet.
    expect(isAlive(api.pid)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'api.json'))).toBe(false);
    const status = await cli(['controller', 'status', '--controller-dir', dir], {});
    expect(status).toMatchObject({ code: 1, out: expect.stringContaining('controller: not running') });
  });

  it('starts detached on request and keeps the models of its store', async () => {
    const started = await cli(['controller', 'start', '--detach', '--controller-dir', dir], {});
    expect(started.err).toBe('');
    expect(started.out).toMatch(/^controller started at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)\n/);
    expect((await cli(['models', '--controller-dir', dir], {})).out).toContain('demo');
    expect((await cli(['controller', 'stop', '--controller-dir', dir], {})).code).toBe(0);
  });

  it('says why a detached start failed, not the hint line of its log', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const { code, err } = await cli(['controller', 'start', '--detach', '--controller-dir', dir, '--port', String(port)], {});
      expect(code).toBe(2);
      expect(err).toContain(`did not start: error[port-in-use]: port ${port} on 127.0.0.1 is already in use\n`);
    } finally {
      busy.close();
    }
  });
});
