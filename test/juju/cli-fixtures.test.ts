import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import { JujuRunner } from '../../src/backends/juju/run-juju.js';
import { corpusJujuCli } from '../helpers/corpus.js';
import { fakeJuju, type FakeCall, type FakeJuju } from './fake-juju.js';

const capture = (file: string) => fs.readFileSync(path.join(corpusJujuCli, file), 'utf8');
let fake: FakeJuju | undefined;
afterEach(() => fake?.cleanup());

function backendFor(table: FakeCall[]): JujuBackend {
  fake = fakeJuju(table);
  return new JujuBackend({ controller: 'ctl', command: fake.command, env: fake.env, version: '3.6' });
}

const runArgv = (action: string) => ['run', '-m', 'ctl:mdl', 'mysql/0', action, '--format', 'json'];

describe('errors from the juju CLI', () => {
  it.each([
    ['an unknown model', 'ERROR model "ctl:admin/nope" not found\n', 'model-not-found'],
    ['no access', 'ERROR permission denied (unauthorized access)\n', 'juju-permission-denied'],
    ['an expired login', 'ERROR cannot log into controller "ctl": please enter password for admin on ctl: EOF\n', 'juju-login-expired'],
    ['an unknown application', 'ERROR application "ghost" not found (not found)\n', 'application-not-found'],
    ['an unknown unit', 'ERROR unit "ghost/0" not found (not found)\n', 'unit-not-found'],
    ['anything else not found', 'ERROR space "dmz" not found (not found)\n', 'juju-not-found'],
    // Wording from juju/juju: state's "model %q for %s already exists", the integrate error of
    // juju/juju#15069, and remove-machine's since juju/juju#14223.
    ['an existing model', 'ERROR failed to create new model: model "prod" for admin already exists\n', 'model-exists'],
    ['an existing relation', 'ERROR cannot add relation "grafana:grafana-source prometheus:grafana-source": relation grafana:grafana-source prometheus:grafana-source (already exists)\n', 'relation-exists'],
    ['a machine that hosts units', 'ERROR removing machine failed: machine 0/lxd/0 has unit(s) "ubuntu/1", "ubuntu/2" assigned\n', 'machine-in-use'],
    ['an unknown failure', 'ERROR connection refused\n', 'juju-failed'],
  ])('maps %s to a stable code and keeps Juju\'s words', async (_what, stderr, code) => {
    const backend = backendFor([{ argv: ['status', '-m', 'ctl:mdl', '--format', 'json'], stderr, exitCode: 1 }]);
    const error = await backend.waitForSettled('mdl', ['a/0'], { timeoutMs: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code, message: expect.stringContaining(stderr.trim().replace(/^ERROR /, '')) });
  });

  it('gives up on a call that does not answer within its timeout', async () => {
    fake = fakeJuju([{ argv: ['status', '--format', 'json'], sleepMs: 5_000 }]);
    const runner = new JujuRunner({ command: fake.command, env: fake.env, timeoutMs: 300 });
    await expect(runner.run(['status', '--format', 'json'])).rejects.toMatchObject({ code: 'juju-timeout' });
  });

  it('says when the juju client is not installed', async () => {
    const runner = new JujuRunner({ command: '/nonexistent/juju' });
    await expect(runner.run(['version'])).rejects.toMatchObject({ code: 'juju-not-installed' });
  });
});

describe('action results', () => {
  it('accepts a completed task with return code 0', async () => {
    const backend = backendFor([{ argv: runArgv('get-password'), stdout: capture('jubilant__run__completed-log.json') }]);
    const outcome = await backend.runAction('mdl', 'mysql/0', 'get-password', {});
    expect(outcome).toMatchObject({ ok: true, id: '42', returnCode: 0, results: { password: 'pass', username: 'user' } });
    expect(fake!.calls()).toEqual([runArgv('get-password')]);
  });

  it('fails a task whose status is failed even though juju exited 0 with return code 0', async () => {
    const backend = backendFor([{ argv: runArgv('faily'), stdout: capture('jubilant__run__failed-message.json') }]);
    await expect(backend.runAction('mdl', 'mysql/0', 'faily', {})).rejects.toMatchObject({ code: 'action-failed', message: expect.stringContaining('Failure message') });
  });

  it('reads the task from stdout when a non-zero return code makes juju exit 1 with "task failed"', async () => {
    const stdout = JSON.stringify({ 'mysql/0': { id: '43', results: { foo: 'bar', 'return-code': 1, stderr: 'Uncaught Exception in charm code: thing happened...' }, status: 'failed' } });
    const backend = backendFor([{ argv: runArgv('exceptiony'), stdout, stderr: 'ERROR the following task failed:\n id "43" with return code 1\n', exitCode: 1 }]);
    await expect(backend.runAction('mdl', 'mysql/0', 'exceptiony', {})).rejects.toMatchObject({ code: 'action-failed', message: expect.stringMatching(/return code 1.*thing happened/) });
  });

  it('reports an undefined action the same on 3.6 (nothing printed, exit 0) and 4.0 (exit 1, "(not found)")', async () => {
    const on36 = backendFor([{ argv: runArgv('get-password') }]);
    await expect(on36.runAction('mdl', 'mysql/0', 'get-password', {})).rejects.toMatchObject({ code: 'action-not-found' });
    fake!.cleanup();
    const on40 = backendFor([{ argv: runArgv('get-password'), stderr: capture('jubilant__run__undefined-action-4.0.stderr'), exitCode: 1 }]);
    await expect(on40.runAction('mdl', 'mysql/0', 'get-password', {})).rejects.toMatchObject({ code: 'action-not-found' });
  });

  it('passes action parameters as key=value arguments', async () => {
    const backend = backendFor([{ argv: [...runArgv('backup'), 'target=s3', 'full=true'], stdout: capture('jubilant__run__completed-log.json') }]);
    await backend.runAction('mdl', 'mysql/0', 'backup', { target: 's3', full: true });
  });

  it('returns the return code and output of `juju exec` on a unit, also when it is non-zero', async () => {
    const argv = ['exec', '-m', 'ctl:mdl', '--format', 'json', '--unit', 'ubuntu/0', '--', 'sleep x'];
    const backend = backendFor([{ argv, stdout: capture('jubilant__exec__failure.json'), stderr: 'ERROR the following task failed:\n', exitCode: 1 }]);
    expect(await backend.exec('mdl', 'ubuntu/0', 'sleep x')).toEqual({ exitCode: 1, stdout: '', stderr: 'sleep: invalid time interval\n' });
  });
});
