import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import { GitRefRunStore } from '../../src/backends/run-stores/git-ref-run-store.js';
import { openRunStore, stateDir } from '../../src/backends/run-stores/open-run-store.js';
import { openRunFile } from '../../src/controller/run-store/open-run-file.js';
import { raceForLease } from '../helpers/lease-race.js';
import type { ControllerConfig } from '../../src/model/config.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-state-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the state-folder run store', () => {
  it('lets exactly one of many processes racing on one file take the lease and act', async () => {
    const file = path.join(dir, 'runs', 'prod.db');
    const results = await raceForLease('run-file', Array.from({ length: 6 }, (_, i) => ({ name: `runner-${i}`, where: file })));
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    const runs = openRunFile(file);
    expect((await runs.readJournal('web')).map((e) => [e.runId, e.kind])).toEqual([[winners[0].name, 'run-start']]);
    await runs.close();
  }, 60_000);

  it.each([
    [{ JUJU_GITOPS_STATE_DIR: 'state' }, 'state'],
    [{ XDG_STATE_HOME: 'xdg' }, 'xdg/juju-gitops'],
    [{ HOME: 'home' }, 'home/.local/state/juju-gitops'],
  ])('lives in the state folder %o names', (env, expected) => {
    const absolute = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, path.join(dir, v)]));
    expect(stateDir(absolute)).toBe(path.join(dir, expected));
  });
});

describe('the run store a juju controller gets', () => {
  const juju = (repoRoot: string): ControllerConfig => ({ kind: 'juju', name: 'prod', repoRoot });
  const backend = new JujuBackend({ controller: 'prod', env: {} });

  it('is the git ref on origin when the repository has that remote, without a warning', () => {
    const repo = path.join(dir, 'repo');
    execFileSync('git', ['init', '--quiet', repo]);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', path.join(dir, 'remote.git')]);
    const warnings: string[] = [];
    const runs = openRunStore(backend, { controller: juju(repo), env: { JUJU_GITOPS_STATE_DIR: dir }, warn: (t) => warnings.push(t) });
    expect(runs).toBeInstanceOf(GitRefRunStore);
    expect(warnings).toEqual([]);
  });

  it('is the state-folder file without a remote, warning that other machines are not coordinated', async () => {
    const repo = path.join(dir, 'repo');
    execFileSync('git', ['init', '--quiet', repo]);
    const warnings: string[] = [];
    const runs = openRunStore(backend, { controller: juju(repo), env: { JUJU_GITOPS_STATE_DIR: path.join(dir, 'state') }, warn: (t) => warnings.push(t) });
    const file = path.join(dir, 'state', 'runs', 'prod.db');
    expect(runs.location).toBe(`the state file ${file}`);
    expect(warnings.join('')).toContain(`leases and journals of controller prod are kept in ${file}: runs on other machines are not coordinated`);
    await runs.appendJournal('web', [{ runId: 'r1', kind: 'run-start' }]);
    await runs.close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('says why when git cannot list the remotes, instead of claiming there is none', async () => {
    const notARepo = path.join(dir, 'plain');
    fs.mkdirSync(notARepo);
    const warnings: string[] = [];
    const runs = openRunStore(backend, { controller: juju(notARepo), env: { JUJU_GITOPS_STATE_DIR: path.join(dir, 'state') }, warn: (t) => warnings.push(t) });
    expect(warnings.join('')).toMatch(/git could not list the repository's remotes \(fatal: not a git repository/);
    expect(warnings.join('')).not.toContain('has no origin remote');
    await runs.close();
  });
});
