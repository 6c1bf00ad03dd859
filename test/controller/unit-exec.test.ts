import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelBackend } from '../../src/backends/backend.js';
import { HttpBackend } from '../../src/backends/local/http-backend.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

const charms = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/charms');
const deploy = { classification: 'in-place' as const, description: '', requires: [] as string[], kind: 'deploy' as const };

describe('a command run on a unit of the embedded controller', () => {
  let tc: TestController;
  let http: HttpBackend;
  beforeAll(async () => {
    tc = await startTestController();
    http = new HttpBackend({ url: tc.url, token: fs.readFileSync(path.join(tc.dir, 'token'), 'utf8').trim() });
    await tc.backend.addModel('m');
    await tc.backend.applyChange('m', { ...deploy, id: 'd', application: 'appserver', spec: { charm: path.join(charms, 'appserver'), num_units: 1, options: { build_label: 'b-7' } } });
    expect((await tc.backend.waitForSettled('m', ['appserver/0'], { timeoutMs: 15_000 })).settled).toBe(true);
  });
  afterAll(async () => tc?.stop());

  const backends = (): [string, ModelBackend][] => [['in-process', tc.backend], ['over the API', http]];

  it.each(['in-process', 'over the API'])('runs %s in the unit\'s folder with its workload\'s environment, plus the caller\'s', async (name) => {
    const backend = backends().find(([n]) => n === name)![1];
    const result = await backend.exec('m', 'appserver/0', 'echo "$BUILD_LABEL $JUJU_UNIT_NAME $UNIT"; pwd; test -f workload.log', { timeoutMs: 10_000, env: { UNIT: 'appserver/0' } });
    expect(result).toEqual({ exitCode: 0, stdout: `b-7 appserver/0 appserver/0\n${path.join(tc.dir, 'units', 'm', 'appserver-0')}\n`, stderr: '' });
  });

  it('answers a failing command with its exit code and what it wrote', async () => {
    expect(await http.exec('m', 'appserver/0', 'echo out; echo err >&2; exit 3', { timeoutMs: 10_000 })).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('stops a command at its timeout and says so', async () => {
    const started = Date.now();
    const result = await http.exec('m', 'appserver/0', 'sleep 30 & sleep 30', { timeoutMs: 200 });
    expect(result).toMatchObject({ exitCode: null, stopped: 'timed out after 200 ms' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a unit the model does not have', async () => {
    await expect(http.exec('m', 'appserver/9', 'true', { timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'unit-not-found' });
  });

  it('is refused without the API token', async () => {
    const stranger = new HttpBackend({ url: tc.url, token: 'not-the-token' });
    await expect(stranger.exec('m', 'appserver/0', 'touch intruder', { timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'unauthorized' });
    expect(fs.existsSync(path.join(tc.dir, 'units', 'm', 'appserver-0', 'intruder'))).toBe(false);
  });
});
