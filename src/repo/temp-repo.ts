import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { gitIn } from './git.js';

export interface TempRepoOptions {
  /** The folder to create; by default a new one under the system temp folder. */
  dir?: string;
  /** Name prefix of the folder made under the system temp folder. */
  prefix?: string;
  /** Folders or files to copy in first, by path inside the repository (`.` for its top). */
  copy?: Record<string, string>;
  /** Files to write after copying, by path inside the repository. */
  files?: Record<string, string>;
  commitMessage?: string;
  /** The identity the repository commits with, set in its own config so no global one is needed. */
  author?: { name: string; email: string };
}

export interface TempRepo {
  dir: string;
  git: SimpleGit;
  /** Writes `files` and commits them; with none, commits every change in the tree. Returns the commit. */
  commit(message: string, files?: Record<string, string>): Promise<string>;
  /** Removes the repository folder. */
  cleanup(): void;
}

/**
 * A throwaway git repository with everything it was given in one first commit: what the demo
 * runs against, and what tests and benchmarks build their scenarios in.
 */
export async function createTempRepo(opts: TempRepoOptions = {}): Promise<TempRepo> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix ?? 'juju-gitops-repo-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const [to, from] of Object.entries(opts.copy ?? {})) fs.cpSync(from, path.join(dir, to), { recursive: true });
    writeFiles(dir, opts.files ?? {});
    const author = opts.author ?? { name: 'juju-gitops', email: 'juju-gitops@example.invalid' };
    const git = await gitIn(dir);
    await git.init();
    await git.addConfig('user.name', author.name);
    await git.addConfig('user.email', author.email);
    await git.add('.');
    await git.commit(opts.commitMessage ?? 'initial');
    return {
      dir,
      git,
      async commit(message, files) {
        if (files) writeFiles(dir, files);
        await git.add(files ? Object.keys(files) : '.');
        return (await git.commit(message)).commit;
      },
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}
