import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { repoRoot } from '../apply/fixture.js';

/**
 * Completion in the real shells: each script, as `juju-gitops completion SHELL` prints it, asks
 * the CLI (on PATH) for candidates in a copy of examples/. bash and fish complete a command line
 * for real; zsh loads the script through compinit.
 */
let repo: TempRepo;
let bin: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  repo = await createTempRepo({ prefix: 'juju-gitops-completion-', copy: { '.': path.join(repoRoot, 'examples') } });
  bin = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-completion-bin-'));
  const wrapper = path.join(bin, 'juju-gitops');
  // tsx by its full path: the shells run in the temporary repository, outside this package.
  const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec node --import ${tsx} ${JSON.stringify(path.join(repoRoot, 'src/cli/main.ts'))} "$@"\n`, { mode: 0o755 });
  // No controller here: names come from juju-gitops.yaml and the bundles.
  env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, JUJU_GITOPS_HOME: path.join(bin, 'home'), NODE_OPTIONS: '', HOME: bin };
  for (const shell of ['bash', 'zsh', 'fish']) {
    fs.writeFileSync(path.join(bin, `completion.${shell}`), execFileSync(wrapper, ['completion', shell], { env, cwd: repoRoot }));
  }
});

afterAll(() => {
  repo?.cleanup();
  if (bin) fs.rmSync(bin, { recursive: true, force: true });
});

function bash(line: string): string[] {
  const words = line.split(' ');
  const script = `source ${bin}/completion.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _juju_gitops; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { env, cwd: repo.dir, encoding: 'utf8' }).split('\n').filter(Boolean);
}

function fish(line: string): string[] {
  const script = `source ${bin}/completion.fish; complete -C ${JSON.stringify(line)}`;
  return execFileSync('fish', ['--no-config', '-c', script], { env, cwd: repo.dir, encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
}

describe.each([['bash', bash], ['fish', fish]])('%s completion', (_shell, run) => {
  it.each([
    ['juju-gitops pl', ['plan']],
    ['juju-gitops apply --model w', ['web', 'wordpress']],
    ['juju-gitops generation set --model web appserver/', ['appserver/0', 'appserver/1', 'appserver/2', 'appserver/3']],
  ])('%s → %j', (line, expected) => {
    expect(run(line).sort()).toEqual(expected.sort());
  });
});

describe('zsh completion', () => {
  it('loads through compinit and registers for juju-gitops', () => {
    const script = `autoload -U compinit && compinit -u -D && source ${bin}/completion.zsh && print -r -- \${_comps[juju-gitops]}`;
    expect(execFileSync('zsh', ['-f', '-c', script], { env, cwd: repo.dir, encoding: 'utf8' }).trim()).toBe('_juju_gitops');
  });
});
