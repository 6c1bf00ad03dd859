import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempRepo } from '../../src/repo/temp-repo.js';
import { runCliCaptured } from '../helpers/cli.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../examples');

export interface RepoFixture {
  dir: string;
  run(args: string[]): Promise<{ code: number; out: string; err: string }>;
  read(path: string): string;
  exists(path: string): boolean;
  /** Every file of the working tree (outside .git), for "nothing changed" checks. */
  snapshot(): Record<string, string>;
  lastCommitMessage(): Promise<string>;
  head(): Promise<string>;
  remove(): void;
}

/** examples/ copied into a fresh git repository under the system temp folder. */
export async function exampleRepo(env: Record<string, string>): Promise<RepoFixture> {
  const { dir, git, cleanup } = await createTempRepo({
    prefix: 'juju-gitops-generations-',
    copy: { '.': examples },
    commitMessage: 'the example repository',
  });
  return {
    dir,
    // An operator at a terminal, who stages edits and applies them before committing: even when
    // the suite itself runs in CI, these commands must not take the CI rule (no dirty applies).
    run: (args) => runCliCaptured(args, { cwd: dir, env: { ...env, CI: '' } }),
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    exists: (path) => existsSync(join(dir, path)),
    snapshot() {
      const files: Record<string, string> = {};
      const walk = (folder: string) => {
        for (const name of readdirSync(folder)) {
          const path = join(folder, name);
          if (name === '.git') continue;
          if (statSync(path).isDirectory()) walk(path);
          else files[relative(dir, path)] = readFileSync(path, 'utf8');
        }
      };
      walk(dir);
      return files;
    },
    lastCommitMessage: async () => (await git.log({ maxCount: 1 })).latest?.message ?? '',
    head: async () => (await git.revparse(['HEAD'])).trim(),
    remove: cleanup,
  };
}
