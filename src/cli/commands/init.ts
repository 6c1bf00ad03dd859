import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { simpleGit } from 'simple-git';
import { findSchemasDir } from '../../bundle/schemas.js';
import { hasErrors } from '../../model/diagnostic.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { loadDesiredBundle, loadRepoConfig, openRepo } from '../../repo/index.js';
import { scaffoldFiles, scaffoldSchemas } from '../../repo/scaffold.js';
import { formatDiagnostics } from '../views/diagnostics.js';
import type { CliContext, SetExit } from '../context.js';

export function registerInit(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('init')
    .description('create a juju-gitops repository: config, a bundle, an overlay, a local charm, git with a first commit')
    .argument('[dir]', 'folder to create it in', '.')
    .action(async (dir: string) => setExit(await runInit(ctx, dir)));
}

async function runInit(ctx: CliContext, dir: string): Promise<number> {
  const root = resolve(ctx.cwd, dir);
  const files = scaffoldFiles();
  const schemaFiles = scaffoldSchemas.map((s) => `.juju-gitops/schemas/${s}.schema.json`);
  const existing = [...Object.keys(files), ...schemaFiles].filter((f) => existsSync(join(root, f)));
  if (existing.length) {
    throw new GitopsError('init-exists', `${root} already has ${existing.join(', ')}`, { hint: 'init never overwrites files; choose an empty folder' });
  }
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new GitopsError('init-not-a-folder', `${root} is a file, not a folder`, { hint: 'give a folder to create the repository in (it may not exist yet)' });
  }
  try {
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), text);
    }
    await mkdir(join(root, '.juju-gitops', 'schemas'), { recursive: true });
    for (const s of scaffoldSchemas) await copyFile(join(findSchemasDir(), `${s}.schema.json`), join(root, `.juju-gitops/schemas/${s}.schema.json`));
  } catch (error) {
    throw new GitopsError('init-failed', `cannot create the repository in ${root}: ${(error as Error).message}`, {
      hint: 'give a folder you can write to',
      cause: error,
    });
  }

  // The scaffold must validate; if it does not, that is a bug worth stopping for.
  const repo = await openRepo({ cwd: root });
  const config = await loadRepoConfig(repo);
  for (const model of Object.keys(config.models)) {
    const loaded = await loadDesiredBundle(repo, config, model);
    if (hasErrors(loaded.diagnostics)) throw new Error(`the scaffold does not validate:\n${formatDiagnostics(loaded.diagnostics)}`);
  }

  const created = [...Object.keys(files), ...schemaFiles];
  const commit = await commitScaffold(ctx, root, created);
  ctx.out(`Created a juju-gitops repository in ${root}:\n${created.map((f) => `  ${f}\n`).join('')}`);
  ctx.out(`Committed as ${commit.slice(0, 7)}.\n\nNext:\n  juju-gitops validate\n  juju-gitops render --model demo\n  juju-gitops plan --model demo\n`);
  return ExitCode.ok;
}

/** `git init` unless `root` already is a repository's top level, then commit just the scaffold. */
async function commitScaffold(ctx: CliContext, root: string, paths: string[]): Promise<string> {
  const git = simpleGit(root);
  try {
    const top = await git.revparse(['--show-toplevel']).then((t) => resolve(t.trim()), () => undefined);
    if (top !== root) await git.init();
    // Commit even on a machine without a git identity, without overriding one that exists.
    const email = (await git.getConfig('user.email')).value;
    const name = (await git.getConfig('user.name')).value;
    if (!email || !name) {
      // Only what git needs: simple-git refuses to pass on variables such as EDITOR.
      git.env({
        PATH: ctx.env.PATH ?? '',
        HOME: ctx.env.HOME ?? root,
        GIT_AUTHOR_NAME: name ?? 'juju-gitops', GIT_COMMITTER_NAME: name ?? 'juju-gitops',
        GIT_AUTHOR_EMAIL: email ?? 'juju-gitops@localhost', GIT_COMMITTER_EMAIL: email ?? 'juju-gitops@localhost',
      });
    }
    await git.add(paths);
    const result = await git.commit('Create juju-gitops repository', paths);
    return result.commit || (await git.revparse(['HEAD'])).trim();
  } catch (error) {
    throw new GitopsError('git-failed', `files were created, but git failed: ${String((error as Error).message).split('\n')[0]}`, {
      hint: 'commit them yourself with git add and git commit',
      cause: error,
    });
  }
}
