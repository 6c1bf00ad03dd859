import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import { captureContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run-cli.js';

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
  const dir = mkdtempSync(join(tmpdir(), 'juju-gitops-generations-'));
  cpSync(examples, dir, { recursive: true });
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.name', 'Test Operator');
  await git.addConfig('user.email', 'operator@example.com');
  await git.add('.');
  await git.commit('the example repository');
  return {
    dir,
    async run(args) {
      const ctx = captureContext({ cwd: dir, env });
      const code = await runCli(args, ctx);
      return { code, out: ctx.stdout(), err: ctx.stderr() };
    },
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
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
