import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { runCliCaptured, type CliRun } from '../helpers/cli.js';
import { startJujuSim, type JujuSim } from '../juju-sim/start-sim.js';
import type { JujuDialect } from '../../src/backends/juju/dialect.js';

/** A repository whose model `cloud` lives on a `juju` CLI emulator, with one application and its unit strategy. */
export interface PresetRepo {
  sim: JujuSim;
  dir: string;
  cli(args: string[]): Promise<CliRun>;
  /** Commits the application's bundle entry as given. */
  commitApplication(spec: Record<string, unknown>, message: string): void;
  /** Commits a change of juju-gitops.yaml. */
  commitConfig(edit: (config: Record<string, unknown>) => void, message: string): void;
  /** What each unit runs, as the emulator's embedded controller knows it (Juju's status cannot tell). */
  unitsRun(): Promise<Record<string, { options: Record<string, unknown>; revision?: number }>>;
  /** `juju ARGS` through the emulator, parsed. */
  juju<T>(args: string[]): Promise<T>;
  /** The emulator's `run` calls since `mark`, as `unit action`. */
  actionsSince(mark: number): string[];
  stop(): Promise<void>;
}

export async function presetRepo(opts: { dialect: JujuDialect; application: string; strategy: string; spec: Record<string, unknown>; rollout?: Record<string, unknown> }): Promise<PresetRepo> {
  const sim = await startJujuSim({ dialect: opts.dialect });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-preset-'));
  const dir = path.join(root, 'repo');
  fs.mkdirSync(dir);
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  const config: Record<string, unknown> = {
    controllers: { prod: { kind: 'juju', controller: sim.controller, version: opts.dialect, jujuData: sim.jujuData, command: sim.command } },
    models: {
      cloud: {
        controller: 'prod',
        bundle: 'bundles/cloud.yaml',
        rollout: { healthCheck: { type: 'status' }, healthTimeout: '20s', ...opts.rollout },
        applications: { [opts.application]: { unitStrategy: opts.strategy } },
      },
    },
  };
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  try {
    git('init', '--quiet', '-b', 'main');
    // The run store is a ref on the repository's remote, as in a CI runner's checkout.
    execFileSync('git', ['init', '--quiet', '--bare', path.join(root, 'remote.git')]);
    git('remote', 'add', 'origin', path.join(root, 'remote.git'));
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
    write('juju-gitops.yaml', toYaml(config));
    write('bundles/cloud.yaml', toYaml({ applications: { [opts.application]: opts.spec } }));
    git('add', '-A');
    git('commit', '--quiet', '-m', 'cloud on a Juju controller');
    await sim.embedded.backend.addModel('cloud');
  } catch (error) {
    await sim.stop();
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    sim,
    dir,
    cli: (args) => runCliCaptured(args, { cwd: dir, env: { ...process.env, CI: '' } }),
    commitApplication(spec, message) {
      write('bundles/cloud.yaml', toYaml({ applications: { [opts.application]: spec } }));
      git('commit', '--quiet', '-am', message);
    },
    commitConfig(edit, message) {
      edit(config);
      write('juju-gitops.yaml', toYaml(config));
      git('commit', '--quiet', '-am', message);
    },
    async unitsRun() {
      const app = (await sim.embedded.backend.readModel('cloud')).applications[opts.application];
      return Object.fromEntries(Object.values(app.units).map((u) => [u.name, { options: u.applied.options, ...(u.applied.revision !== undefined ? { revision: u.applied.revision } : {}) }]));
    },
    async juju<T>(args: string[]): Promise<T> {
      // Not execFileSync: the emulator answers from this process's event loop.
      const { stdout } = await promisify(execFile)(sim.command, args, { env: { ...process.env, JUJU_DATA: sim.jujuData } });
      return JSON.parse(stdout) as T;
    },
    actionsSince(mark) {
      return sim.calls.slice(mark).filter((c) => c.args[0] === 'run').map((c) => `${c.args[3]} ${c.args[4]}`);
    },
    async stop() {
      await sim.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
