import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournalEntry } from '../../src/backends/backend.js';
import type { LiveModel } from '../../src/model/live.js';
import { createTempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';
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
  cli(args: string[], opts?: { signal?: AbortSignal; env?: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }>;
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
  /** A value for the secret option `api_token`. */
  token?: string;
  /** Share a controller between fixtures (not stopped by cleanup); each fixture gets its own model. */
  tc?: TestController;
  /** Apply the repository once before returning, so tests start from a deployed model. */
  applied?: boolean;
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
  const tc = opts.tc ?? (await startTestController());
  fixtures += 1;
  const model = opts.tc ? `m${fixtures}` : 'm';
  const repo = await createTempRepo({
    prefix: 'juju-gitops-apply-',
    copy: { charms: path.join(here, 'fixtures/charms') },
    files: { 'juju-gitops.yaml': configText(opts.rollout, model), [`bundles/${model}.yaml`]: bundleText(opts) },
  });
  const { dir } = repo;
  const fixture: RepoFixture = {
    tc,
    dir,
    model,
    bundle: `bundles/${model}.yaml`,
    async cli(args, cliOpts = {}) {
      const { code, out, err } = await runCliCaptured(args, { cwd: dir, env: { ...tc.env, JUJU_GITOPS_LEASE_TTL: '2s', ...cliOpts.env }, signal: cliOpts.signal });
      return { code, stdout: out, stderr: err };
    },
    commit: (files, message) => repo.commit(message, files),
    live: () => tc.backend.readModel(model),
    journal: () => tc.runs.readJournal(model),
    config: (rollout) => configText(rollout, model),
    async applied(app, option) {
      const live = await tc.backend.readModel(model);
      return Object.fromEntries(Object.values(live.applications[app].units).map((u) => [u.name, u.applied.options[option]]));
    },
    async cleanup() {
      if (!opts.tc) await tc.stop();
      repo.cleanup();
    },
  };
  if (opts.applied) {
    const { code, stdout, stderr } = await fixture.cli(['apply']);
    if (code !== 0) {
      await fixture.cleanup();
      throw new Error(`the first apply of the fixture exited ${code}:\n${stdout}${stderr}`);
    }
  }
  return fixture;
}
