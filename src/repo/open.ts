import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { GitopsError } from '../model/errors.js';
import { insideRoot, linkEscapes, realInsideRoot } from '../bundle/includes.js';
import { readRegularFile } from '../bundle/read-regular.js';
import { decodeUtf8 } from '../bundle/text.js';
import { gitIn } from './git.js';

export const configFileName = 'juju-gitops.yaml';

/** A GitOps repository, read from the working tree or from one git revision. */
export interface Repo {
  /** Absolute path of the folder holding juju-gitops.yaml. */
  root: string;
  /** The commit being read, when reading a revision rather than the working tree. */
  rev?: string;
  readFile(relPath: string): Promise<string>;
  /** Raw bytes, for include-base64:// of binary files. */
  readBytes(relPath: string): Promise<Buffer>;
  exists(relPath: string): Promise<boolean>;
  /** The commit of HEAD (or of `rev`), undefined outside git or before the first commit. */
  headCommit(): Promise<string | undefined>;
  /** The commit read and whether tracked files of the working tree differ from it. */
  source(): Promise<RepoSource>;
}

export interface RepoSource {
  commit?: string;
  /** Tracked files below the repository root differ from `commit` (staged or not). */
  dirty: boolean;
}

/** The nearest folder at or above `start` that holds juju-gitops.yaml. */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, configFileName))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function openRepo(opts: { cwd: string; dir?: string; rev?: string }): Promise<Repo> {
  const start = resolve(opts.cwd, opts.dir ?? '.');
  const root = findRepoRoot(start) ?? (opts.dir ? start : undefined);
  if (!root) {
    throw new GitopsError('repo-not-found', `no ${configFileName} in ${start} or any folder above it`, {
      hint: 'run the command inside a repository, or create one with `juju-gitops init`',
    });
  }
  return opts.rev ? openRevision(root, opts.rev) : openWorkingTree(root);
}

function confined(root: string, relPath: string): string {
  const abs = resolve(root, relPath);
  if (!insideRoot(root, abs)) {
    throw new GitopsError('path-escapes-repo', `${relPath} is outside the repository ${root}`, { hint: 'paths in juju-gitops.yaml are relative to the repository root and must stay inside it' });
  }
  return abs;
}

/** As `confined`, and symbolic links in the working tree may not lead out of it either. */
async function confinedReal(root: string, relPath: string): Promise<string> {
  const abs = confined(root, relPath);
  if (!(await realInsideRoot(root, abs))) throw linkEscapes(relPath, root);
  return abs;
}

function openWorkingTree(root: string): Repo {
  return {
    root,
    readFile: async (rel) => decodeUtf8(await readRegularFile(await confinedReal(root, rel)), rel),
    readBytes: async (rel) => readRegularFile(await confinedReal(root, rel)),
    exists: async (rel) => stat(confined(root, rel)).then(() => true, () => false),
    headCommit: async () => (await workingTreeSource(root)).commit,
    source: () => workingTreeSource(root),
  };
}

/**
 * HEAD and whether the tree differs from it. Outside git, or before the first commit, there is
 * no commit; any other failure of git is reported, not taken as "no commit" — a record without
 * its commit would not say what was applied.
 */
async function workingTreeSource(root: string): Promise<RepoSource> {
  const git = await gitIn(root);
  try {
    if ((await git.raw(['rev-parse', '--is-inside-work-tree'])).trim() !== 'true') return { dirty: false };
  } catch (error) {
    if (/not a git repository/i.test((error as Error).message)) return { dirty: false };
    throw gitFailed(root, error);
  }
  try {
    const head = (await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '')).trim();
    if (!head && (await git.raw(['rev-list', '-n', '1', '--all'])).trim()) {
      // Commits exist but HEAD does not resolve to one: a broken repository, not a new one.
      throw new Error('HEAD does not name a commit');
    }
    // `git status` would refresh and rewrite the index under index.lock, and a commit the user
    // makes at that moment (while `watch` reads the tree) would fail on the lock.
    const status = await git.raw(['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no', '--', '.']);
    return { ...(head ? { commit: head } : {}), dirty: status.trim() !== '' };
  } catch (error) {
    throw gitFailed(root, error);
  }
}

function gitFailed(root: string, error: unknown): GitopsError {
  return new GitopsError('git-failed', `cannot read the commit of ${root}: ${String((error as Error).message ?? error).trim()}`, {
    hint: 'check that git works in this folder (`git status`)',
    cause: error,
  });
}

/** Reads files as they are in `rev`, without checking anything out (`git show rev:./path`). */
async function openRevision(root: string, rev: string): Promise<Repo> {
  const git: SimpleGit = await gitIn(root);
  let commit: string;
  try {
    commit = (await git.revparse(['--verify', '--quiet', `${rev}^{commit}`])).trim();
  } catch (error) {
    const notRepo = /not a git repository/i.test(String((error as Error).message));
    throw new GitopsError(notRepo ? 'git-not-a-repository' : 'git-unknown-revision', notRepo ? `${root} is not a git repository` : `unknown git revision ${rev}`, {
      hint: notRepo ? '--rev reads a git revision; run inside a git repository' : 'give a branch, tag or commit that exists (e.g. HEAD, main, origin/main)',
      cause: error,
    });
  }
  if (!commit) throw new GitopsError('git-unknown-revision', `unknown git revision ${rev}`, { hint: 'give a branch, tag or commit that exists' });
  const spec = (rel: string) => {
    confined(root, rel);
    return `${commit}:./${rel.replace(/\\/g, '/').replace(/^\.\//, '')}`;
  };
  const missing = (rel: string, error: unknown) =>
    Object.assign(new Error(`${rel} does not exist in ${rev}`, { cause: error }), { code: 'ENOENT', revision: rev });
  return {
    root,
    rev: commit,
    readFile: async (rel) => {
      let data: Buffer;
      try {
        data = await git.binaryCatFile(['blob', spec(rel)]);
      } catch (error) {
        if (error instanceof GitopsError) throw error;
        throw missing(rel, error);
      }
      return decodeUtf8(data, rel);
    },
    readBytes: async (rel) => {
      try {
        return await git.binaryCatFile(['blob', spec(rel)]);
      } catch (error) {
        if (error instanceof GitopsError) throw error;
        throw missing(rel, error);
      }
    },
    exists: async (rel) => git.catFile(['-e', spec(rel)]).then(() => true, () => false),
    headCommit: async () => commit,
    source: async () => ({ commit, dirty: false }),
  };
}
