import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitopsError } from '../model/errors.js';
import { commitFiles, findRepoRoot, loadDesiredBundle, loadRepoConfig, openRepo, writeRepoFile } from './index.js';

let root: string;
let first: string;
const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@localhost' };
const write = (rel: string, text: string) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'jg-repo-'));
  write('juju-gitops.yaml', 'models:\n  web:\n    bundle: bundles/web.yaml\n    overlays: [overlays/web/prod.yaml]\n');
  write('bundles/web.yaml', 'applications:\n  web:\n    charm: ../charms/web\n    num_units: 2\n');
  write('overlays/web/prod.yaml', 'applications:\n  web:\n    options:\n      motd: include-file://motd.txt\n');
  write('overlays/web/motd.txt', 'first');
  write('charms/web/metadata.yaml', 'name: web\n');
  write('charms/web/config.yaml', 'options:\n  motd: {type: string}\n');
  const git = simpleGit(root).env({ PATH: process.env.PATH ?? '', HOME: root, ...identity });
  await git.init();
  await git.add('.');
  await git.commit('first');
  first = (await git.revparse(['HEAD'])).trim();
  write('overlays/web/motd.txt', 'second');
  write('bundles/web.yaml', 'applications:\n  web:\n    charm: ../charms/web\n    num_units: 5\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('opening a repository', () => {
  it('finds the root from a folder below it', () => {
    expect(findRepoRoot(join(root, 'overlays/web'))).toBe(root);
    expect(findRepoRoot(tmpdir())).toBeUndefined();
  });

  it('reads the working tree, with uncommitted changes', async () => {
    const repo = await openRepo({ cwd: join(root, 'bundles') });
    const config = await loadRepoConfig(repo);
    const loaded = await loadDesiredBundle(repo, config, 'web');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.bundle.applications.web).toMatchObject({ num_units: 5, options: { motd: 'second' }, charm: join(root, 'charms/web') });
    expect(await repo.headCommit()).toBe(first);
  });

  it('says the working tree is dirty when tracked files differ from HEAD, and a revision never is', async () => {
    expect(await (await openRepo({ cwd: root })).source()).toEqual({ commit: first, dirty: true });
    expect(await (await openRepo({ cwd: root, rev: first })).source()).toEqual({ commit: first, dirty: false });
  });

  it('reads whether the tree is dirty without rewriting the index, so a commit made meanwhile never meets a lock', async () => {
    // A tracked file with the same content but other stat data: plain `git status` would
    // refresh the index and write it back under index.lock.
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, 'charms/web/metadata.yaml'), past, past);
    const index = () => { const s = statSync(join(root, '.git/index')); return `${s.ino}:${s.mtimeMs}`; };
    const before = index();
    expect(await (await openRepo({ cwd: root })).source()).toEqual({ commit: first, dirty: true });
    expect(index()).toBe(before);
  });

  it('has no commit outside git, and says so instead of guessing', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'jg-plain-'));
    try {
      writeFileSync(join(plain, 'juju-gitops.yaml'), 'models: {}\n');
      expect(await (await openRepo({ cwd: plain })).source()).toEqual({ dirty: false });
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('reads a git revision without checking it out, includes and charm folders too', async () => {
    const repo = await openRepo({ cwd: root, rev: 'HEAD' });
    expect(repo.rev).toBe(first);
    const loaded = await loadDesiredBundle(repo, await loadRepoConfig(repo), 'web');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.bundle.applications.web).toMatchObject({ num_units: 2, options: { motd: 'first' } });
    expect(await repo.exists('charms/web')).toBe(true);
    expect(await repo.exists('charms/nope')).toBe(false);
  });

  it('reports a file missing at that revision as a diagnostic', async () => {
    write('overlays/web/new.yaml', 'applications: {}\n');
    const repo = await openRepo({ cwd: root, rev: first });
    const config = await loadRepoConfig(repo);
    config.models.web.overlays.push('overlays/web/new.yaml');
    const loaded = await loadDesiredBundle(repo, config, 'web');
    expect(loaded.diagnostics).toMatchObject([{ code: 'file-not-found', file: 'overlays/web/new.yaml' }]);
  });

  it('refuses files that symbolic links take outside the working tree, for reading and writing', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'jg-outside-'));
    try {
      writeFileSync(join(outside, 'shadow'), 'secret');
      symlinkSync(join(outside, 'shadow'), join(root, 'overlays/web/linked.yaml'));
      symlinkSync(outside, join(root, 'linked-dir'));
      const repo = await openRepo({ cwd: root });
      const config = await loadRepoConfig(repo);
      config.models.web.overlays = ['overlays/web/linked.yaml'];
      const loaded = await loadDesiredBundle(repo, config, 'web');
      expect(loaded.diagnostics).toMatchObject([{ code: 'path-escapes-repo', file: 'overlays/web/linked.yaml' }]);
      await expect(writeRepoFile(repo, 'overlays/web/linked.yaml', 'x')).rejects.toMatchObject({ code: 'path-escapes-repo' });
      await expect(writeRepoFile(repo, 'linked-dir/new.yaml', 'x')).rejects.toMatchObject({ code: 'path-escapes-repo' });
    } finally {
      rmSync(join(root, 'overlays/web/linked.yaml'), { force: true });
      rmSync(join(root, 'linked-dir'), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a config that is not UTF-8, at its position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jg-latin1-'));
    try {
      writeFileSync(join(dir, 'juju-gitops.yaml'), Buffer.from('models:\n  caf\xe9: {}\n', 'latin1'));
      const error = await loadRepoConfig(await openRepo({ cwd: dir })).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'file-not-utf8', diagnostics: [{ file: 'juju-gitops.yaml', line: 2, col: 6 }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ rev: 'no-such-branch' }, 'git-unknown-revision'],
    [{ cwd: tmpdir() }, 'repo-not-found'],
  ])('refuses %j with %s', async (opts, code) => {
    await expect(openRepo({ cwd: root, ...opts })).rejects.toMatchObject({ code });
  });

  it('writes and commits files, and refuses paths outside the repository', async () => {
    const repo = await openRepo({ cwd: root });
    await writeRepoFile(repo, 'offers/web.yaml', 'offers: {}\n');
    const git = simpleGit(root);
    await git.addConfig('user.name', 't').addConfig('user.email', 't@localhost');
    const commit = await commitFiles(repo, ['offers/web.yaml'], 'Record offers');
    expect((await git.revparse(['HEAD'])).trim().startsWith(commit)).toBe(true);
    expect((await git.show(['--stat', '--format=', 'HEAD'])).trim()).toMatch(/^offers\/web.yaml/);
    await expect(writeRepoFile(repo, '../escape.yaml', 'x')).rejects.toBeInstanceOf(GitopsError);
    await expect(writeRepoFile(await openRepo({ cwd: root, rev: 'HEAD' }), 'x.yaml', 'x')).rejects.toMatchObject({ code: 'repo-read-only' });
  });
});
