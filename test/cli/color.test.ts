import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../../src/repo/temp-repo.js';
import { repoRoot } from '../apply/fixture.js';
import { runCliCaptured } from '../helpers/cli.js';

/** The one colour rule, seen from outside: the same command line with each switch. */
let repo: TempRepo;
let home: string;

beforeAll(async () => {
  repo = await createTempRepo({ prefix: 'juju-gitops-color-', copy: { '.': path.join(repoRoot, 'examples') } });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'juju-gitops-color-home-'));
});
afterAll(() => {
  repo?.cleanup();
  fs.rmSync(home, { recursive: true, force: true });
});

const escape = '\x1b[';

describe('colour', () => {
  it.each([
    ['FORCE_COLOR=1', ['plan', '--model', 'web'], { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=1 --no-color', ['plan', '--model', 'web', '--no-color'], { FORCE_COLOR: '1' }, false],
    ['--no-color before the command', ['--no-color', 'plan', '--model', 'web'], { FORCE_COLOR: '1' }, false],
    ['NO_COLOR=1 FORCE_COLOR=1', ['plan', '--model', 'web'], { FORCE_COLOR: '1', NO_COLOR: '1' }, false],
    ['FORCE_COLOR=0', ['plan', '--model', 'web'], { FORCE_COLOR: '0' }, false],
    ['nothing set, output not a terminal', ['plan', '--model', 'web'], {}, false],
  ])('plan with %s', async (_name, args, env, coloured) => {
    const run = await runCliCaptured(args, { cwd: repo.dir, env: { JUJU_GITOPS_HOME: home, NO_COLOR: '', FORCE_COLOR: undefined, ...env } });
    expect(run.err.includes(escape)).toBe(false);
    expect(run.out).toContain('Model web');
    expect(run.out.includes(escape)).toBe(coloured);
  });
});
