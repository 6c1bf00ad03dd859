import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { diskFullError, GitopsError } from '../model/errors.js';
import { insideRoot, linkEscapes, realInsideRoot } from '../bundle/includes.js';
import { gitIn } from './git.js';
import type { Repo } from './open.js';

function workingTreePath(repo: Repo, relPath: string): string {
  if (repo.rev) throw new GitopsError('repo-read-only', `cannot write ${relPath}: the repository is open at revision ${repo.rev}`, { hint: 'drop --rev to edit the working tree' });
  const abs = resolve(repo.root, relPath);
  if (!insideRoot(repo.root, abs)) throw new GitopsError('path-escapes-repo', `${relPath} is outside the repository ${repo.root}`);
  return abs;
}

/** Writes a file of the working tree, creating its folder. */
export async function writeRepoFile(repo: Repo, relPath: string, text: string): Promise<void> {
  const abs = workingTreePath(repo, relPath);
  // Never write through a symbolic link to a file or folder outside the repository.
  for (const p of [abs, dirname(abs)]) if (!(await realInsideRoot(repo.root, p))) throw linkEscapes(relPath, repo.root);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, text).catch((error: unknown) => {
    throw diskFullError(error, abs) ?? error;
  });
}

/** Stages exactly these paths and commits them; returns the new commit. */
export async function commitFiles(repo: Repo, paths: string[], message: string): Promise<string> {
  for (const p of paths) workingTreePath(repo, p);
  const git = await gitIn(repo.root);
  try {
    await git.add(paths);
    const result = await git.commit(message, paths);
    return result.commit || (await git.revparse(['HEAD'])).trim();
  } catch (error) {
    throw new GitopsError('git-commit-failed', `cannot commit ${paths.join(', ')}: ${firstLine(error)}`, {
      hint: 'check that the folder is a git repository and that git user.name and user.email are set',
      cause: error,
    });
  }
}

/** Refuses, before anything is written, when git has no identity to commit with. */
export async function requireCommitIdentity(repo: Repo): Promise<void> {
  try {
    await (await gitIn(repo.root)).raw(['var', 'GIT_AUTHOR_IDENT']);
  } catch (error) {
    throw new GitopsError('git-identity-missing', `git has no identity to commit with in ${repo.root}; nothing was edited`, {
      hint: 'set it with `git config user.name NAME` and `git config user.email EMAIL`, or drop --commit',
      cause: error,
    });
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
