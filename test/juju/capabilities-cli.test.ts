import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/cli/demo/sandbox.js';
import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';
import { startJujuSim, type JujuSim } from '../juju-sim/start-sim.js';

/**
 * What a Juju controller cannot do, said by the CLI: the `web` model on the emulator with no
 * unit strategy, so a config change of appserver reaches all its units at once, and its policy
 * of batches of 2 cannot be honoured; generations cannot stage config there.
 */
describe('plans and generations on a Juju controller without unit staging', () => {
  let sim: JujuSim;
  let sandbox: Sandbox;
  const cli = async (args: string[]) => {
    const ctx = captureContext({ cwd: sandbox.repo });
    const code = await runCli(args, ctx);
    return { code, stdout: ctx.stdout(), stderr: ctx.stderr() };
  };
  const editConfig = (edit: (text: string) => string, message: string) => {
    const file = path.join(sandbox.repo, 'juju-gitops.yaml');
    fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
    execFileSync('git', ['-C', sandbox.repo, 'commit', '--quiet', '-am', message]);
  };

  beforeAll(async () => {
    sim = await startJujuSim({ dialect: '3.6' });
    sandbox = await createSandbox().catch(async (error: unknown) => {
      await sim.stop();
      throw error;
    });
    editConfig((text) => text
      .replace('controllers:\n  local:\n    kind: local\n', `controllers:\n  local:\n    kind: local\n  prod:\n    kind: juju\n    controller: ${sim.controller}\n    jujuData: ${sim.jujuData}\n    command: ${sim.command}\n`)
      .replace('  web:\n    controller: local\n', '  web:\n    controller: prod\n')
      // The production overlay only sets annotations, which the juju CLI can neither read nor set.
      .replace('    overlays:\n      - overlays/web/production.yaml\n', '')
      .replace('    rollout:\n      batch: 1\n', '    rollout:\n      batch: 2\n'), 'web runs on a Juju controller, two units at a time');
    await sim.embedded.backend.addModel('web');
    const first = await cli(['apply', '--model', 'web']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    await sandbox.commitOption('web', 'appserver', 'build_label', 'v2', 'appserver: build v2');
  }, 180_000);
  afterAll(async () => {
    await sim?.stop();
    sandbox?.remove();
  });

  it('plans a config change as reaching all units at once, and says the batches cannot be honoured', async () => {
    const plan = await cli(['plan', '--model', 'web']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/config-appserver +all-at-once +set application options for appserver \(reaches all units at once\)/);
    expect(plan.stdout).toContain('1 all at once');
    expect(plan.stdout).toContain('appserver: the rollout policy asks for batches of 2, but on controller prod its changes reach all units at once');
    const json = JSON.parse((await cli(['plan', '--model', 'web', '--format', 'json'])).stdout);
    expect(json.changes[0]).toMatchObject({ id: 'config-appserver', classification: 'all-at-once', staging: { kind: 'none' } });
    expect((await cli(['diff', '--model', 'web', '--format', 'markdown'])).stdout).toContain('| all-at-once |');
  });

  it('applies it as one batch of every unit, the health gate waiting for all of them', async () => {
    const apply = await cli(['apply', '--model', 'web', '--events', 'ndjson']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const events = apply.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; classification?: string; units?: string[]; phase?: string; unit?: string });
    expect(events.find((e) => e.type === 'change-start' && e.units)).toMatchObject({ classification: 'all-at-once', units: expect.arrayContaining(['appserver/0', 'appserver/1', 'appserver/2', 'appserver/3']) });
    // Every unit is moved before any health check: one batch.
    const phases = events.filter((e) => e.type === 'unit' && e.unit?.startsWith('appserver/')).map((e) => `${e.unit} ${e.phase}`);
    const applied = phases.filter((p) => p.endsWith(' applying'));
    expect(applied).toHaveLength(4);
    expect(phases.findIndex((p) => p.endsWith(' checking'))).toBeGreaterThan(phases.lastIndexOf(applied[3]));
    expect(phases.filter((p) => p.endsWith(' done'))).toHaveLength(4);
  });

  it('refuses to stage config in a generation, and a charm change while nothing moves one unit alone', async () => {
    expect((await cli(['generation', 'add', '--model', 'web', '--name', 'canary'])).code).toBe(0);
    const config = await cli(['config', 'appserver', 'build_label=v3', '--model', 'web']);
    expect(config.code).not.toBe(0);
    expect(config.stderr).toContain('generation-config-not-per-unit');
    expect(config.stderr).toContain('controller prod keeps no per-unit config, so options of appserver staged in a generation would reach every unit at once');
    const refresh = await cli(['generation', 'refresh', 'appserver', '--channel', 'latest/edge', '--model', 'web']);
    expect(refresh.code).not.toBe(0);
    expect(refresh.stderr).toContain('generation-charm-not-per-unit');
    expect(fs.readFileSync(path.join(sandbox.repo, 'generations/web.yaml'), 'utf8')).not.toMatch(/build_label|latest\/edge/);
  });

  it('refuses a charm change in a generation even where charm actions move each unit, since a refresh reaches the charm of every unit at once', async () => {
    editConfig((text) => text.replace('      appserver:\n        healthCheck:', '      appserver:\n        unitStrategy:\n          actions: [restart]\n        healthCheck:'), 'appserver units restart through the charm\'s action');
    const refresh = await cli(['generation', 'refresh', 'appserver', '--channel', 'latest/edge', '--model', 'web']);
    expect(refresh.stderr).toContain('error[generation-charm-not-per-unit]: on controller prod a refresh of');
    expect(refresh.stderr).toContain('models.web.applications.appserver.unitStrategy');
    expect((await cli(['config', 'appserver', 'build_label=v3', '--model', 'web'])).stderr).toContain('generation-config-not-per-unit');
    // Staged config written by hand is refused when units are set to track it.
    const file = path.join(sandbox.repo, 'generations/web.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('applications: {}', 'applications:\n  appserver:\n    options:\n      build_label: v3'));
    const set = await cli(['generation', 'set', 'appserver/1', '--model', 'web', '--offline']);
    expect(set.stderr).toContain('generation-config-not-per-unit');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('appserver/1');
    await sandbox.commitOption('web', 'appserver', 'build_label', 'v3', 'appserver: build v3');
    const plan = await cli(['plan', '--model', 'web']);
    expect(plan.stdout).toContain('set application options for appserver (each unit moved by action restart)');
    expect(plan.stdout).not.toContain('Rollout policy not honoured');
  });
});
