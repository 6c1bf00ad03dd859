import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { JournalEntry } from '../../src/backends/backend.js';
import type { LiveModel } from '../../src/model/live.js';
import { startTestController, type TestController } from '../helpers/test-controller.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

export interface RepoFixture {
  tc: TestController;
  dir: string;
  model: string;
  /** The model's bundle, relative to the repository. */
  bundle: string;
  /** juju-gitops.yaml for this fixture's model with another rollout policy. */
  config(rollout: string): string;
  journal(): Promise<JournalEntry[]>;
  /** Runs the CLI in-process against the fixture's repository and controller. */
  cli(args: string[], opts?: { signal?: AbortSignal }): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Writes files (relative to the repository) and commits them; returns the commit. */
  commit(files: Record<string, string>, message: string): Promise<string>;
  live(): Promise<LiveModel>;
  /** What each unit of `app` runs for `option`, by unit name. */
  applied(app: string, option: string): Promise<Record<string, unknown>>;
  cleanup(): Promise<void>;
}

export interface FixtureOptions {
  units?: number;
  /** The model's `rollout:` block, as YAML lines indented for it. */
  rollout?: string;
  label?: string;
  /** Share a controller between fixtures (not stopped by cleanup); each fixture gets its own model. */
  tc?: TestController;
}

export function bundleText(opts: { units?: number; label?: string; other?: string; token?: string }): string {
  return [
    'applications:',
    '  app:',
    '    charm: ../charms/sim',
    `    num_units: ${opts.units ?? 4}`,
    '    options:',
    `      label: ${opts.label ?? 'v1'}`,
    ...(opts.other ? [`      other: ${opts.other}`] : []),
    ...(opts.token ? [`      api_token: ${opts.token}`] : []),
    '',
  ].join('\n');
}

export function configText(rollout = '      batch: 1', model = 'm'): string {
  return ['models:', `  ${model}:`, `    bundle: bundles/${model}.yaml`, '    rollout:', rollout, ''].join('\n');
}

let fixtures = 0;

/** A git repository with one model `m` of workload-less `sim` units, and a controller for it. */
export async function makeRepoFixture(opts: FixtureOptions = {}): Promise<RepoFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-apply-'));
  const tc = opts.tc ?? (await startTestController());
  fixtures += 1;
  const model = opts.tc ? `m${fixtures}` : 'm';
  fs.cpSync(path.join(here, 'fixtures/charms'), path.join(dir, 'charms'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'bundles'));
  fs.writeFileSync(path.join(dir, 'juju-gitops.yaml'), configText(opts.rollout, model));
  fs.writeFileSync(path.join(dir, `bundles/${model}.yaml`), bundleText(opts));
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.name', 'Test');
  await git.addConfig('user.email', 'test@example.invalid');
  await git.add('.');
  await git.commit('initial');
  const fixture: RepoFixture = {
    tc,
    dir,
    model,
    bundle: `bundles/${model}.yaml`,
    async cli(args, cliOpts = {}) {
      const ctx = captureContext({ cwd: dir, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '2s' }, signal: cliOpts.signal });
      const code = await runCli(args, ctx);
      return { code, stdout: ctx.stdout(), stderr: ctx.stderr() };
    },
    async commit(files, message) {
      for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), text);
      await git.add(Object.keys(files));
      const result = await git.commit(message);
      return result.commit;
    },
    live: () => tc.backend.readModel(model),
    journal: () => tc.backend.readJournal(model),
    config: (rollout) => configText(rollout, model),
    async applied(app, option) {
      const live = await tc.backend.readModel(model);
      return Object.fromEntries(Object.values(live.applications[app].units).map((u) => [u.name, u.applied.options[option]]));
    },
    async cleanup() {
      if (!opts.tc) await tc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
