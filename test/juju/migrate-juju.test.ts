import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTransfer } from '../../src/backends/transfer.js';
import type { ModelBackend } from '../../src/backends/backend.js';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';
import { startJujuSim, type JujuSim } from '../juju-sim/start-sim.js';

/**
 * `juju-gitops migrate` between two Juju controllers (the emulator answering for `sim` and
 * `sim2`): juju-gitops' prechecks, `juju migrate`, Juju's phases followed through
 * `show-model`, then both sides' exports compared and the repository pointed at the target.
 * A migration Juju aborts leaves the model where it was.
 */
const examples = path.resolve(import.meta.dirname, '../../examples');
let sim: JujuSim;
let repo: TempRepo;
const cli = (...args: string[]) => runCliCaptured(args, { cwd: repo.dir, env: { JUJU_GITOPS_MIGRATE_POLL: '20', JUJU_GITOPS_MIGRATE_TIMEOUT: '60000' } });

const config = () => fs.readFileSync(path.join(repo.dir, 'juju-gitops.yaml'), 'utf8');
const pids = async (backend: ModelBackend) => {
  if (!canTransfer(backend)) throw new Error('embedded controllers hand over workloads');
  return Object.fromEntries(Object.entries((await backend.readWorkloadHandles('web')).units).map(([u, h]) => [u, h.pid]));
};

beforeAll(async () => {
  sim = await startJujuSim({ controllers: ['sim2'] });
  const controller = (key: string, name: string) => [`  ${key}:`, '    kind: juju', `    controller: ${name}`, `    jujuData: ${sim.jujuData}`, `    command: ${sim.command}`];
  repo = await createTempRepo({
    prefix: 'juju-gitops-juju-migrate-',
    copy: { charms: path.join(examples, 'charms') },
    files: {
      'juju-gitops.yaml': ['controllers:', ...controller('prod', 'sim'), ...controller('next', 'sim2'), 'models:', '  web:', '    controller: prod', '    bundle: bundles/web.yaml', ''].join('\n'),
      'bundles/web.yaml': ['applications:', '  appserver:', '    charm: ../charms/appserver', '    num_units: 2', '    options: {build_label: v1}', ''].join('\n'),
    },
  });
  await sim.embedded.backend.addModel('web');
  const applied = await cli('apply');
  expect(applied.code, applied.out + applied.err).toBe(0);
  const settled = await sim.embedded.backend.waitForSettled('web', ['appserver/0', 'appserver/1'], { timeoutMs: 30_000 });
  expect(settled.units.map((u) => u.workload.current)).toEqual(['active', 'active']);
}, 90_000);

afterAll(async () => {
  await sim?.stop();
  repo?.cleanup();
});

describe('migrating a model between Juju controllers', () => {
  it('lists both controllers as `juju controllers` does', async () => {
    // Asynchronously: the emulator answers from this very process.
    const { stdout } = await promisify(execFile)(sim.command, ['controllers', '--format=json'], { env: { ...process.env, JUJU_DATA: sim.jujuData } });
    const out = JSON.parse(stdout);
    expect(Object.keys(out.controllers)).toEqual(['sim', 'sim2']);
    expect(out['current-controller']).toBe('sim');
  });

  it('refuses when the target has a model of that name, moving nothing', async () => {
    await sim.others.sim2.backend.addModel('web');
    const refused = await cli('migrate', 'web', '--to', 'next');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('model named "web" already exists on the target controller');
    expect(sim.calls.some((c) => c.args[0] === 'migrate')).toBe(false);
    const target = sim.others.sim2.backend;
    if (canTransfer(target)) await target.removeModel('web', { keepWorkloads: false });
  }, 30_000);

  it('reports a migration Juju aborts, and the model stays on the source, untouched', async () => {
    const before = await pids(sim.embedded.backend);
    sim.wrench = 'die-in-export';
    const failed = await cli('migrate', 'web', '--to', 'next', '--commit');
    sim.wrench = undefined;
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('IMPORT     juju migrate started migration');
    expect(failed.out).toContain('ABORT      Juju aborted the migration: model data transfer failed, wrench in the transferModel works');
    expect(failed.out).toContain('ABORTDONE  the model is still on the source controller');
    expect(await pids(sim.embedded.backend)).toEqual(before);
    expect((await sim.others.sim2.backend.listModels()).map((m) => m.name)).toEqual([]);
    expect(config()).toContain('    controller: prod');
  }, 60_000);

  it('drives juju migrate, follows its phases through show-model, compares both exports and points the repository at the target', async () => {
    const before = await pids(sim.embedded.backend);
    const dry = await cli('migrate', 'web', '--to', 'next', '--dry-run');
    expect(dry.out).toContain('Prechecks passed');
    const moved = await cli('migrate', 'web', '--to', 'next', '--commit');
    expect(moved.code, moved.out + moved.err).toBe(0);
    const phases = moved.out.split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
    expect(phases.slice(0, 4)).toEqual(['PRECHECK', 'QUIESCE', 'EXPORT', 'IMPORT']);
    expect(phases.slice(-5)).toEqual(['VALIDATION', 'SUCCESS', 'SUCCESS', 'DONE', 'Migration']);
    // Juju's own phases, as show-model reported them one by one.
    for (const line of ['QUIESCE    juju: quiescing, waiting for agents to report back', 'IMPORT     juju: importing model into target controller', 'VALIDATION juju: validating, waiting for agents to report back', 'SUCCESS    juju: successful, waiting for agents to report back']) {
      expect(moved.out).toContain(line);
    }
    expect(moved.out).toContain('VALIDATION comparing the target export with the source, field by field');
    expect(moved.out).toContain('DONE       model web now lives on controller sim2');
    expect(sim.calls.filter((c) => c.args[0] === 'migrate').at(-1)?.args).toEqual(['migrate', 'sim:web', 'sim2']);
    expect(sim.calls.some((c) => c.args[0] === 'show-model' && c.args[1] === 'sim:web')).toBe(true);

    expect((await sim.embedded.backend.listModels()).map((m) => m.name)).toEqual([]);
    expect(await pids(sim.others.sim2.backend)).toEqual(before);
    expect(config()).toContain('    controller: next');
    expect((await repo.git.log()).latest?.message).toBe('Migrate model web to controller next');
    const diff = await cli('diff', '--model', 'web', '--exit-code');
    expect(diff.code, diff.out + diff.err).toBe(0);
  }, 60_000);
});
