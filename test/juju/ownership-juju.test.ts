import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startJujuSim, type JujuSim } from '../juju-sim/start-sim.js';

/**
 * Two repositories declaring model `m` on one Juju controller (the emulator): the first to
 * apply records itself in the model's config, the second is refused, naming it, until --adopt.
 */
describe('model ownership on a Juju controller', () => {
  let sim: JujuSim;
  let backend: JujuBackend;
  let state: string;
  let first: TempRepo;
  let second: TempRepo;
  const makeRepo = (units: number) =>
    createTempRepo({
      prefix: 'juju-gitops-juju-owner-',
      files: {
        'juju-gitops.yaml': [
          'controllers:',
          '  prod:',
          '    kind: juju',
          `    controller: ${sim.controller}`,
          `    jujuData: ${sim.jujuData}`,
          `    command: ${sim.command}`,
          'models:',
          '  m:',
          '    controller: prod',
          '    bundle: bundles/m.yaml',
          '',
        ].join('\n'),
        'bundles/m.yaml': `applications:\n  app:\n    charm: ubuntu\n    num_units: ${units}\n`,
      },
    });
  const cli = (repo: TempRepo, ...args: string[]) => runCliCaptured(args, { cwd: repo.dir, env: { ...process.env, JUJU_GITOPS_STATE_DIR: state, JUJU_GITOPS_LEASE_TTL: '2s' } });
  const units = async () => Object.keys((await backend.readModel('m')).applications.app.units).length;
  const ownerKey = async () => {
    const { stdout } = await backend.juju.run(['model-config', '-m', `${sim.controller}:m`, 'juju-gitops-owner', '--format', 'json']);
    return JSON.parse(stdout) as Record<string, { Value: string; Source: string }>;
  };

  beforeAll(async () => {
    sim = await startJujuSim({ dialect: '4.0' });
    backend = new JujuBackend({ controller: sim.controller, command: sim.command, jujuData: sim.jujuData });
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-juju-owner-state-'));
    first = await makeRepo(1);
    second = await makeRepo(2);
  });
  afterAll(async () => {
    await sim?.stop();
    first?.cleanup();
    second?.cleanup();
    if (state) fs.rmSync(state, { recursive: true, force: true });
  });

  it('is recorded in the model config by the first repository to apply the model', async () => {
    const { code, out, err } = await cli(first, 'apply');
    expect(code, out + err).toBe(0);
    expect(await backend.readOwner('m')).toEqual({ repository: first.dir, config: 'juju-gitops.yaml' });
    expect(await ownerKey()).toEqual({ 'juju-gitops-owner': { Value: JSON.stringify({ repository: first.dir, config: 'juju-gitops.yaml' }), Source: 'model' } });
    expect(await units()).toBe(1);
  });

  it.each([['apply'], ['plan']])('refuses `%s` from a second repository, naming the owner, and changes nothing', async (...args) => {
    const { code, out, err } = await cli(second, ...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`error[model-owned-elsewhere]: model m on controller ${sim.controller} is managed by ${first.dir}, not by this repository; nothing was changed`);
    expect(await units()).toBe(1);
    expect(await backend.readOwner('m')).toEqual({ repository: first.dir, config: 'juju-gitops.yaml' });
  });

  it('hands the model over with --adopt, saying so, and then refuses the first repository', async () => {
    const adopted = await cli(second, 'apply', '--adopt');
    expect(adopted.code, adopted.out + adopted.err).toBe(0);
    expect(adopted.out).toContain(`model m was managed by ${first.dir}; adopted: it is now managed by ${second.dir}`);
    expect(await units()).toBe(2);
    expect(await backend.readOwner('m')).toEqual({ repository: second.dir, config: 'juju-gitops.yaml' });
    const back = await cli(first, 'apply');
    expect(back.code).toBe(2);
    expect(back.err).toContain(`is managed by ${second.dir}, not by this repository`);
  });

  it('follows the model config Juju keeps: a key reset by hand leaves the model unmanaged, and the next apply claims it', async () => {
    await backend.juju.run(['model-config', '-m', `${sim.controller}:m`, '--reset', 'juju-gitops-owner']);
    expect(await backend.readOwner('m')).toBeNull();
    const claimed = await cli(first, 'apply', '--yes');
    expect(claimed.code, claimed.out + claimed.err).toBe(0);
    expect(await backend.readOwner('m')).toEqual({ repository: first.dir, config: 'juju-gitops.yaml' });
  });
});
